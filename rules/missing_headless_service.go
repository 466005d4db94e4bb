package rules

import (
	"fmt"
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// MissingHeadlessService reports a StatefulSet without the headless
// Service that gives its Pods their names in DNS.
var MissingHeadlessService = &analyzer.Rule{
	ID:       "missing-headless-service",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "StatefulSet has no headless Service for its Pods",
		Why: "A StatefulSet's Pods get stable DNS names (web-0.web.shop.svc) only through the headless Service " +
			"its serviceName names: one with clusterIP: None that selects them. Without serviceName, or when that " +
			"Service is not headless or does not select the Pods, peers that find each other by those names (a " +
			"database cluster, a quorum) cannot. A Service missing from the linted files is reported when they hold " +
			"Services in that namespace and something ties it to them (a name one typo away, or a Service that " +
			"selects the Pods under another name).",
		Bad:  missingHeadlessServiceBad,
		Good: missingHeadlessServiceGood,
	},
	Applies:  isStatefulSet,
	CheckSet: checkMissingHeadlessService,
}

func statefulSetServiceName(o *analyzer.Object) (string, bool) {
	switch t := o.Typed.(type) {
	case *appsv1.StatefulSet:
		return t.Spec.ServiceName, true
	case *appsv1beta1.StatefulSet:
		return t.Spec.ServiceName, true
	case *appsv1beta2.StatefulSet:
		return t.Spec.ServiceName, true
	}
	return "", false
}

func checkMissingHeadlessService(pass *analyzer.SetPass) error {
	var services []*analyzer.Object
	for _, o := range pass.Objects {
		if _, ok := o.Typed.(*corev1.Service); ok && !o.Rejected {
			services = append(services, o)
		}
	}
	byName := byKindName(services)
	view := newApplyView(pass)
	at := analyzer.Path{}.Field("spec").Field("serviceName")
	for _, o := range pass.Objects {
		name, ok := statefulSetServiceName(o)
		if !ok || o.Rejected || o.IsPatch() {
			continue
		}
		spec, _ := o.PodSpec()
		own := labels.Set(spec.Meta.Labels)
		if name == "" {
			pass.Report(analyzer.Diagnostic{Object: o, Path: at, Message: fmt.Sprintf(
				"%s sets no serviceName: its Pods get no stable DNS names; create a headless Service (clusterIP: None) selecting them and name it here", o)})
			continue
		}
		found := view.relatedOf(o, byName[objectKey{"Service", name}])
		if len(found) == 0 {
			reportMissingGoverning(pass, view, o, name, own, services)
			continue
		}
		svc := found[0].Typed.(*corev1.Service)
		rel := []analyzer.Related{{Object: found[0], Path: analyzer.Path{}.Field("spec"), Message: fmt.Sprintf("Service %q", name)}}
		switch {
		case svc.Spec.ClusterIP != corev1.ClusterIPNone:
			pass.Report(analyzer.Diagnostic{Object: o, Path: at, Related: rel, Message: fmt.Sprintf(
				"serviceName of %s names Service %q, which is not headless: its Pods get no per-Pod DNS names; set clusterIP: None on it (or name a headless Service)", o, name)})
		case svc.Spec.Selector != nil && !labels.SelectorFromSet(svc.Spec.Selector).Matches(own):
			pass.Report(analyzer.Diagnostic{Object: o, Path: at, Related: rel, Message: fmt.Sprintf(
				"serviceName of %s names headless Service %q, whose selector %s does not select its Pods (labels %s): they get no DNS names",
				o, name, formatLabels(svc.Spec.Selector), formatLabels(spec.Meta.Labels))})
		}
	}
	return nil
}

func reportMissingGoverning(pass *analyzer.SetPass, view applyView, o *analyzer.Object, name string, own labels.Set, services []*analyzer.Object) {
	var names []string
	var selecting *analyzer.Object
	for _, s := range view.relatedOf(o, services) {
		names = append(names, s.Name)
		sel := s.Typed.(*corev1.Service).Spec.Selector
		if selecting == nil && len(sel) > 0 && labels.SelectorFromSet(sel).Matches(own) {
			selecting = s
		}
	}
	if len(names) == 0 {
		return // the Services live elsewhere: nothing to judge by
	}
	slices.Sort(names)
	hint := closestName(name, names)
	if hint == "" && selecting == nil {
		return
	}
	msg := fmt.Sprintf("serviceName of %s names Service %q, which is not in namespace %q of the linted files: its Pods get no DNS names until it exists", o, name, o.Namespace)
	var rel []analyzer.Related
	switch {
	case hint != "":
		msg += fmt.Sprintf(" (did you mean %q?)", hint)
	default:
		msg += fmt.Sprintf("; create it headless (clusterIP: None) selecting them (Service %q selects them, under another name)", selecting.Name)
		rel = []analyzer.Related{{Object: selecting, Path: analyzer.Path{}.Field("spec").Field("selector"), Message: fmt.Sprintf("Service %q", selecting.Name)}}
	}
	pass.Report(analyzer.Diagnostic{Object: o, Path: analyzer.Path{}.Field("spec").Field("serviceName"), Message: msg, Related: rel})
}

const missingHeadlessServiceBad = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.4
`

const missingHeadlessServiceGood = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.4
`
