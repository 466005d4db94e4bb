package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// ServiceSelectsNothing reports a Service whose selector matches no Pod.
var ServiceSelectsNothing = &analyzer.Rule{
	ID:       "service-selects-nothing",
	Severity: analyzer.Warning,
	Doc: analyzer.Doc{
		Title: "Service selector matches no Pod or Pod template",
		Why: "A Service routes to the Pods its selector matches. When no Pod or workload template in its namespace " +
			"carries those labels, the Service has no endpoints and every connection is refused, usually " +
			"because of a typo in a label. Reported when the linted files hold workloads in that namespace and " +
			"something ties the Service to them (a label one typo away, a workload in the same file or of the " +
			"same name), and no custom resource may start Pods of its own; labels that controllers set themselves " +
			"(pod-template-hash, statefulset.kubernetes.io/pod-name, job-name) are not expected in templates.",
		Bad:  serviceSelectsNothingBad,
		Good: serviceSelectsNothingGood,
	},
	CheckSet: checkServiceSelectsNothing,
}

func checkServiceSelectsNothing(pass *analyzer.SetPass) error {
	if len(pass.Index.Pods()) == 0 || hiddenPods(pass.Objects) {
		return nil // without all the workloads in view there is nothing to judge by
	}
	for _, o := range pass.Objects {
		svc, sel, ok := serviceSelector(o)
		if !ok || o.Rejected || len(pass.Index.Select(sel)) > 0 {
			continue
		}
		k, hint := closestLabel(svc.Spec.Selector, pass.Index.Pods())
		if hint == "" && !meantForHere(o, pass.Index.Pods()) {
			continue // most likely a Service for Pods deployed by other means (a chart, an operator)
		}
		at := analyzer.Path{}.Field("spec").Field("selector")
		msg := fmt.Sprintf("selector %s of Service %q matches no Pod or Pod template in namespace %q",
			formatLabels(svc.Spec.Selector), svc.Name, o.Namespace)
		msg += "; it will have no endpoints"
		if hint != "" {
			at = at.Key(k)
			msg += " (did you mean " + hint + "?)"
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: at, Message: msg})
	}
	return nil
}

// meantForHere reports evidence that a Service fronts workloads of the
// linted files rather than Pods deployed by other means: a workload in the
// same file, or one with the Service's name.
func meantForHere(svc *analyzer.Object, pods []analyzer.PodSource) bool {
	for _, p := range pods {
		if p.Object.Doc.File == svc.Doc.File || p.Object.Name == svc.Name {
			return true
		}
	}
	return false
}

// closestLabel finds the selector pair that most likely holds a typo: a
// label on some Pod one or two edits away in its value or in its key.
func closestLabel(selector map[string]string, pods []analyzer.PodSource) (key, hint string) {
	best := 3
	for _, k := range sortedKeys(selector) {
		v := selector[k]
		for _, p := range pods {
			for _, pk := range sortedKeys(p.Labels) {
				pv := p.Labels[pk]
				var d int
				switch {
				case pk == k && pv != v:
					d = analyzer.EditDistance(pv, v)
				case pv == v && pk != k:
					d = analyzer.EditDistance(pk, k)
				default:
					continue
				}
				if d < best {
					best, key, hint = d, k, pk+"="+pv
				}
			}
		}
	}
	return key, hint
}

const serviceSelectsNothingBad = `apiVersion: apps/v1
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
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: wbe
  ports:
    - port: 80
`

const serviceSelectsNothingGood = `apiVersion: apps/v1
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
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`
