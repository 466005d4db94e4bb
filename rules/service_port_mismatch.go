package rules

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podlint/podlint/analyzer"
)

// ServicePortMismatch reports a Service targetPort that no selected
// container can serve.
var ServicePortMismatch = &analyzer.Rule{
	ID:       "service-port-mismatch",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "Service targetPort matches no port of the selected Pods",
		Why: "A targetPort given by name is looked up among the ports the selected containers declare: with no " +
			"such name, the Service has no endpoint for that port and drops its traffic (warning). Declared container ports " +
			"are otherwise informational, so a numeric targetPort is only a hint (info), given when every selected container " +
			"declares its ports, none is the target, and no container mentions the number in its command, args, " +
			"env or mounted ConfigMaps: an image may listen on a port it does not declare.",
		Bad:  servicePortMismatchBad,
		Good: servicePortMismatchGood,
	},
	Applies:  isService,
	CheckSet: checkServicePortMismatch,
}

func checkServicePortMismatch(pass *analyzer.SetPass) error {
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		svc, sel, ok := serviceSelector(o)
		if !ok || o.Rejected {
			continue
		}
		configMaps := view.configMapsFor(o)
		pods := view.pods(o, pass.Index.Select(sel))
		if len(pods) == 0 {
			continue // service-selects-nothing says so
		}
		for i, sp := range svc.Spec.Ports {
			target := sp.TargetPort
			if target.Type == intstr.Int && target.IntVal == 0 {
				target = intstr.FromInt32(sp.Port) // unset: the Service port
			}
			if target.Type == intstr.String && len(validation.IsValidPortName(target.StrVal)) > 0 {
				continue // no port name (PORT, a placeholder): the API server rejects the Service, and no name is to be looked up
			}
			at := analyzer.Path{}.Field("spec").Field("ports").Index(i).Field("targetPort")
			if msg, rel, bad := judgeTarget(target, sp.Protocol, pods, configMaps); bad {
				severity := analyzer.Warning
				if target.Type == intstr.Int {
					severity = analyzer.Info // a numeric port needs no declared containerPort
				}
				pass.Report(analyzer.Diagnostic{Object: o, Path: at, Related: rel, Severity: severity,
					Message: fmt.Sprintf("port %d of Service %q targets %s, but %s", sp.Port, svc.Name, describeTarget(target), msg)})
			}
		}
	}
	return nil
}

func describeTarget(t intstr.IntOrString) string {
	if t.Type == intstr.String {
		return fmt.Sprintf("the port named %q", t.StrVal)
	}
	return "port " + strconv.Itoa(int(t.IntVal))
}

// judgeTarget decides whether the selected Pods can serve a target port.
// A numeric port counts as served when a selected container mentions it in
// its command, args or env, or in a ConfigMap it mounts (--port=8443, a
// listen directive): declared ports are only informational.
func judgeTarget(target intstr.IntOrString, proto corev1.Protocol, pods []analyzer.PodSource, configMaps map[string]*corev1.ConfigMap) (string, []analyzer.Related, bool) {
	if proto == "" {
		proto = corev1.ProtocolTCP
	}
	var names []string
	var related []analyzer.Related
	for _, p := range pods {
		spec, ok := p.Object.PodSpec()
		if !ok {
			continue
		}
		for c := range spec.AppContainers() {
			if target.Type == intstr.Int && (len(c.Ports) == 0 || mentionsPort(c, spec, configMaps, target.IntVal)) {
				return "", nil, false // undeclared ports may still listen
			}
			for _, cp := range c.Ports {
				if cp.ContainerPort <= 0 {
					return "", nil, false // not a port number as written (containerPort: PORT): schema says so, nothing to judge by
				}
				cproto := cp.Protocol
				if cproto == "" {
					cproto = corev1.ProtocolTCP
				}
				if cproto != proto {
					continue
				}
				if (target.Type == intstr.String && cp.Name == target.StrVal) || (target.Type == intstr.Int && cp.ContainerPort == target.IntVal) {
					return "", nil, false
				}
				if cp.Name != "" {
					names = append(names, cp.Name)
				} else {
					names = append(names, strconv.Itoa(int(cp.ContainerPort)))
				}
			}
			if len(related) == 0 && len(c.Ports) > 0 {
				related = append(related, analyzer.Related{Object: p.Object, Path: c.Path.Field("ports"),
					Message: fmt.Sprintf("ports of container %q of %s", c.Name, p.Object)})
			}
		}
	}
	declared := "no ports"
	if len(names) > 0 {
		declared = strings.Join(dedupe(names), ", ")
	}
	if target.Type == intstr.String {
		return fmt.Sprintf("no selected container has a port of that name (they declare %s), so the Service has no endpoint for it", declared), related, true
	}
	return fmt.Sprintf("no selected container declares or mentions that port (they declare %s); a port need not be declared to listen, but if nothing listens there, connections are refused", declared), related, true
}

// mentionsPort reports whether a container refers to a port number in its
// command, args, env values or mounted ConfigMaps.
func mentionsPort(c analyzer.Container, spec analyzer.PodSpec, configMaps map[string]*corev1.ConfigMap, port int32) bool {
	num := strconv.Itoa(int(port))
	texts := append(append([]string(nil), c.Command...), c.Args...)
	for _, e := range c.Env {
		texts = append(texts, e.Value)
	}
	texts = append(texts, mountedConfigData(c, spec, configMaps)...)
	for _, t := range texts {
		if containsNumber(t, num) {
			return true
		}
	}
	return false
}

// containsNumber reports whether num occurs in t as a whole number, not as
// part of a longer one (8443 in ":8443" but not in "18443").
func containsNumber(t, num string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], num)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(num)
		if (start == 0 || !isDigit(t[start-1])) && (end == len(t) || !isDigit(t[end])) {
			return true
		}
		i = start + 1
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

const servicePortMismatchBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: web
`

const servicePortMismatchGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
`
