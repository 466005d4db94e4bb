package rules

import (
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// ServiceSelectsNothing reports a Service whose selector matches no Pod.
var ServiceSelectsNothing = &analyzer.Rule{
	ID:       "service-selects-nothing",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "Service selector matches no Pod or Pod template",
		Why: "A Service routes to the Pods its selector matches. When no Pod or workload template in its namespace " +
			"carries those labels, the Service has no endpoints and every connection is refused, usually " +
			"because of a typo in a label. Reported when the linted files hold workloads in that namespace and " +
			"something ties the Service to them (a label one typo away, a workload in the same file or of the " +
			"same name), and no custom resource may start Pods the manifests do not show (a custom resource that carries a Pod " +
			"template, spec.template with containers, counts as a workload with those labels); labels that controllers set themselves " +
			"(pod-template-hash, statefulset.kubernetes.io/pod-name, job-name) are not expected in templates.",
		Bad:  serviceSelectsNothingBad,
		Good: serviceSelectsNothingGood,
	},
	Applies:  isService,
	CheckSet: checkServiceSelectsNothing,
}

func checkServiceSelectsNothing(pass *analyzer.SetPass) error {
	custom := customTemplatePods(pass.Objects)
	if len(pass.Index.Pods()) == 0 && len(custom) == 0 {
		return nil // without workloads in view there is nothing to judge by
	}
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		svc, sel, ok := serviceSelector(o)
		if !ok || o.Rejected || len(view.pods(o, pass.Index.Select(sel))) > 0 || selectsAny(sel, view.pods(o, custom)) {
			continue
		}
		if hiddenPods(view.objectsWith(o)) {
			continue // a custom resource may start Pods that cannot be seen
		}
		pods := append(view.pods(o, pass.Index.Pods()), view.pods(o, custom)...)
		if len(pods) == 0 {
			continue
		}
		k, hint := closestLabel(svc.Spec.Selector, labelValues(pods))
		if hint == "" && !meantForHere(o, pods) {
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

func selectsAny(sel labels.Selector, pods []analyzer.PodSource) bool {
	for _, p := range pods {
		if sel.Matches(labels.Set(p.Labels)) {
			return true
		}
	}
	return false
}

// labelValues returns, by label key, the values the Pods give it, sorted.
func labelValues(pods []analyzer.PodSource) map[string][]string {
	out := map[string][]string{}
	for _, p := range pods {
		for k, v := range p.Labels {
			if !slices.Contains(out[k], v) {
				out[k] = append(out[k], v)
			}
		}
	}
	for _, vs := range out {
		slices.Sort(vs)
	}
	return out
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
// label of some Pod one or two edits away in its value or in its key. It
// compares distinct keys and values of the index, not every Pod.
func closestLabel(selector map[string]string, values map[string][]string) (key, hint string) {
	best := 3
	for _, k := range sortedKeys(selector) {
		v := selector[k]
		for _, pv := range values[k] {
			if pv == v {
				continue // this pair matches; the typo is elsewhere
			}
			if d := analyzer.EditDistance(pv, v); d < best {
				best, key, hint = d, k, k+"="+pv
			}
		}
		for _, pk := range sortedKeys(values) {
			if pk == k || !slices.Contains(values[pk], v) {
				continue
			}
			if d := analyzer.EditDistance(pk, k); d < best {
				best, key, hint = d, k, pk+"="+v
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
