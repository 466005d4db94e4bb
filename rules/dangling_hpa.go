package rules

import (
	"fmt"
	"slices"

	"github.com/podlint/podlint/analyzer"
)

// DanglingHPA reports a HorizontalPodAutoscaler whose target is not in the
// linted set.
var DanglingHPA = &analyzer.Rule{
	ID:       "dangling-hpa",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "HorizontalPodAutoscaler targets a missing workload",
		Why: "An HPA scales the object its scaleTargetRef names. When no object of that kind and name exists, the " +
			"HPA reports FailedGetScale and scales nothing, usually because the workload was renamed or its kind " +
			"changed. Reported when the linted files hold workloads in that namespace and something ties the HPA to " +
			"them (a workload of that name but another kind, or a name one typo away), and no custom resource may " +
			"create the workload.",
		Bad:  danglingHPABad,
		Good: danglingHPAGood,
	},
	Applies:  isHPA,
	CheckSet: checkDanglingHPA,
}

// scalableKinds are the built-in kinds an HPA can scale.
var scalableKinds = []string{"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}

func checkDanglingHPA(pass *analyzer.SetPass) error {
	var workloads []*analyzer.Object
	kinds := map[string]bool{}
	for _, o := range pass.Objects {
		if _, ok := scaleOf(o); ok && !o.IsPatch() {
			workloads = append(workloads, o)
			kinds[o.Kind] = true
		}
	}
	if len(workloads) == 0 {
		return nil // the workloads live elsewhere: nothing to judge by
	}
	byName := byKindName(workloads)
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		ref, ok := hpaOf(o)
		if !ok || !kinds[ref.kind] && !slices.Contains(scalableKinds, ref.kind) {
			continue // a kind podlint cannot see the scale of
		}
		if len(view.relatedOf(o, byName[objectKey{ref.kind, ref.name}])) > 0 {
			continue
		}
		if hiddenPods(view.objectsWith(o)) {
			continue // an operator may create the workload
		}
		near := view.relatedOf(o, workloads)
		var other *analyzer.Object // the same name, another kind
		var names []string
		for _, w := range near {
			if w.Name == ref.name && other == nil {
				other = w
			}
			if w.Kind == ref.kind {
				names = append(names, w.Name)
			}
		}
		at := hpaPath.Field("name")
		msg := fmt.Sprintf("HorizontalPodAutoscaler %q scales %s %q, which is not in namespace %q of the linted files; it will scale nothing",
			o.Name, ref.kind, ref.name, o.Namespace)
		switch hint := closestName(ref.name, names); {
		case other != nil:
			at = hpaPath.Field("kind")
			msg = fmt.Sprintf("HorizontalPodAutoscaler %q scales %s %q, but %q is a %s; set scaleTargetRef.kind to %s (and its apiVersion)",
				o.Name, ref.kind, ref.name, ref.name, other.Kind, other.Kind)
		case hint != "":
			msg += fmt.Sprintf(" (did you mean %q?)", hint)
		default:
			continue // most likely a workload deployed by other means, or by the directory this one updates
		}
		d := analyzer.Diagnostic{Object: o, Path: at, Message: msg}
		if other != nil {
			d.Related = []analyzer.Related{{Object: other, Path: analyzer.Path{}.Field("kind"), Message: fmt.Sprintf("%s %q", other.Kind, other.Name)}}
		}
		pass.Report(d)
	}
	return nil
}

const danglingHPABad = `apiVersion: apps/v1
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: wbe
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`

const danglingHPAGood = `apiVersion: apps/v1
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`
