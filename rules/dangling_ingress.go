package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	networkingv1 "k8s.io/api/networking/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podlint/podlint/analyzer"
)

// DanglingIngress reports an Ingress backend that names no Service, or no
// port of its Service, of the linted set.
var DanglingIngress = &analyzer.Rule{
	ID:       "dangling-ingress",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "Ingress backend names a missing Service or port",
		Why: "An Ingress forwards each path to a Service and a port of it. When that Service does not exist, or has " +
			"no port of that name or number, the controller has no endpoint for the path and answers 503 or 404. " +
			"A missing Service is reported when the linted files hold Services in that namespace and something ties " +
			"the Ingress to them (a Service name one typo away: an Ingress often fronts a Service of another release, " +
			"or of the directory a folder of updates builds on); a missing port is " +
			"reported whenever the Service is there. Backends handled by the controller itself (the AWS load " +
			"balancer's use-annotation actions, resource backends) are not judged.",
		Bad:  danglingIngressBad,
		Good: danglingIngressGood,
	},
	Applies:  isIngress,
	CheckSet: checkDanglingIngress,
}

// An ingressBackend is one Service backend of an Ingress, in any version.
type ingressBackend struct {
	service string
	port    intstr.IntOrString // a name or a number; zero when unset
	path    analyzer.Path      // of the backend
	name    analyzer.Path      // of the field that names the Service
	portAt  analyzer.Path      // of the field that names the port
}

func checkDanglingIngress(pass *analyzer.SetPass) error {
	var services []*analyzer.Object
	for _, o := range pass.Objects {
		if _, ok := o.Typed.(*corev1.Service); ok {
			services = append(services, o)
		}
	}
	if len(services) == 0 {
		return nil // the Services live elsewhere: nothing to judge by
	}
	byName := byKindName(services)
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		backends, ok := ingressBackends(o)
		if !ok || o.Rejected {
			continue
		}
		related := view.relatedOf(o, services)
		for _, b := range backends {
			if b.port.Type == intstr.String && b.port.StrVal == "use-annotation" {
				continue // an AWS load balancer action, defined in annotations
			}
			found := view.relatedOf(o, byName[objectKey{"Service", b.service}])
			if len(found) == 0 {
				reportMissingBackend(pass, o, b, related)
				continue
			}
			svc := found[0].Typed.(*corev1.Service)
			if msg, bad := backendPortMissing(svc, b.port); bad {
				pass.Report(analyzer.Diagnostic{Object: o, Path: b.portAt, Message: fmt.Sprintf(
					"Ingress %q routes to %s of Service %q, %s; the path gets no endpoint", o.Name, describeBackendPort(b.port), b.service, msg),
					Related: []analyzer.Related{{Object: found[0], Path: analyzer.Path{}.Field("spec").Field("ports"), Message: fmt.Sprintf("ports of Service %q", b.service)}}})
			}
		}
	}
	return nil
}

func reportMissingBackend(pass *analyzer.SetPass, o *analyzer.Object, b ingressBackend, services []*analyzer.Object) {
	names := make([]string, 0, len(services))
	for _, s := range services {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	hint := closestName(b.service, names)
	if hint == "" {
		return // most likely a Service deployed by other means, or by the directory this one updates
	}
	msg := fmt.Sprintf("Ingress %q routes to Service %q, which is not in namespace %q of the linted files; the path answers 503 until it exists",
		o.Name, b.service, o.Namespace)
	if hint != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", hint)
	}
	pass.Report(analyzer.Diagnostic{Object: o, Path: b.name, Message: msg})
}

// backendPortMissing reports whether a Service lacks the port a backend
// names, and says what it has.
func backendPortMissing(svc *corev1.Service, port intstr.IntOrString) (string, bool) {
	if port.Type == intstr.Int && port.IntVal == 0 || port.Type == intstr.String && port.StrVal == "" {
		return "", false // no port named: the API server requires one; nothing to look up
	}
	if svc.Spec.Type == corev1.ServiceTypeExternalName && len(svc.Spec.Ports) == 0 {
		return "", false
	}
	var have []string
	for _, p := range svc.Spec.Ports {
		if port.Type == intstr.String && p.Name == port.StrVal || port.Type == intstr.Int && p.Port == port.IntVal {
			return "", false
		}
		if port.Type == intstr.String && p.Name != "" {
			have = append(have, strconv.Quote(p.Name))
		} else {
			have = append(have, strconv.Itoa(int(p.Port)))
		}
	}
	if len(have) == 0 {
		return "which declares no ports", true
	}
	if port.Type == intstr.String {
		return "which has no port of that name (its ports: " + strings.Join(have, ", ") + ")", true
	}
	return "which has no such port (its ports: " + strings.Join(have, ", ") + "; an Ingress names the Service's port, not the container's)", true
}

func describeBackendPort(p intstr.IntOrString) string {
	if p.Type == intstr.String {
		return fmt.Sprintf("the port named %q", p.StrVal)
	}
	return "port " + strconv.Itoa(int(p.IntVal))
}

// ingressBackends returns the Service backends of an Ingress of
// networking.k8s.io/v1, v1beta1 or extensions/v1beta1.
func ingressBackends(o *analyzer.Object) ([]ingressBackend, bool) {
	spec := analyzer.Path{}.Field("spec")
	var out []ingressBackend
	switch t := o.Typed.(type) {
	case *networkingv1.Ingress:
		add := func(b *networkingv1.IngressBackend, at analyzer.Path) {
			if b == nil || b.Service == nil || b.Service.Name == "" {
				return
			}
			sa := at.Field("service")
			ib := ingressBackend{service: b.Service.Name, path: at, name: sa.Field("name"), portAt: sa.Field("port")}
			if b.Service.Port.Name != "" {
				ib.port, ib.portAt = intstr.FromString(b.Service.Port.Name), sa.Field("port").Field("name")
			} else if b.Service.Port.Number != 0 {
				ib.port, ib.portAt = intstr.FromInt32(b.Service.Port.Number), sa.Field("port").Field("number")
			}
			out = append(out, ib)
		}
		add(t.Spec.DefaultBackend, spec.Field("defaultBackend"))
		for i, r := range t.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for j := range r.HTTP.Paths {
				add(&r.HTTP.Paths[j].Backend, spec.Field("rules").Index(i).Field("http").Field("paths").Index(j).Field("backend"))
			}
		}
		return out, true
	case *networkingv1beta1.Ingress:
		add := func(b *networkingv1beta1.IngressBackend, at analyzer.Path) {
			if b != nil && b.ServiceName != "" {
				out = append(out, ingressBackend{service: b.ServiceName, port: b.ServicePort, path: at, name: at.Field("serviceName"), portAt: at.Field("servicePort")})
			}
		}
		add(t.Spec.Backend, spec.Field("backend"))
		for i, r := range t.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for j := range r.HTTP.Paths {
				add(&r.HTTP.Paths[j].Backend, spec.Field("rules").Index(i).Field("http").Field("paths").Index(j).Field("backend"))
			}
		}
		return out, true
	case *extensionsv1beta1.Ingress:
		add := func(b *extensionsv1beta1.IngressBackend, at analyzer.Path) {
			if b != nil && b.ServiceName != "" {
				out = append(out, ingressBackend{service: b.ServiceName, port: b.ServicePort, path: at, name: at.Field("serviceName"), portAt: at.Field("servicePort")})
			}
		}
		add(t.Spec.Backend, spec.Field("backend"))
		for i, r := range t.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for j := range r.HTTP.Paths {
				add(&r.HTTP.Paths[j].Backend, spec.Field("rules").Index(i).Field("http").Field("paths").Index(j).Field("backend"))
			}
		}
		return out, true
	}
	return nil, false
}

const danglingIngressBad = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: wbe
                port:
                  name: http
`

const danglingIngressGood = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: http
`
