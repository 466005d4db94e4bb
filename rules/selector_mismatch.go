package rules

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// SelectorMismatch reports a controller whose selector does not select the
// Pods of its own template, or that lacks the selector apps/v1 requires.
var SelectorMismatch = &analyzer.Rule{
	ID:       "selector-mismatch",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "controller selector does not match its Pod template labels",
		Why: "A controller owns the Pods its selector matches. When the selector does not match the labels of " +
			"the Pods it creates, the API server rejects the Deployment, ReplicaSet, StatefulSet or DaemonSet; " +
			"a ReplicationController or Job that got through would keep creating Pods it never counts. apps/v1 " +
			"also requires a selector: it is no longer defaulted from the template.",
		Bad:  selectorMismatchBad,
		Good: selectorMismatchGood,
	},
	Applies: hasSelectorAndTemplate,
	Check:   checkSelectorMismatch,
}

// requiresSelector lists the kinds whose API version demands an explicit
// selector: apps/v1 and apps/v1beta2. extensions/v1beta1 and apps/v1beta1
// set a missing one to the template labels (Object.Selector returns that,
// so it matches: nothing to mismatch).
func requiresSelector(o *analyzer.Object) bool {
	switch o.GVK.Group {
	case "apps":
		return o.GVK.Version != "v1beta1"
	case "batch", "", "extensions":
		return false // Jobs generate theirs; a ReplicationController and extensions default it
	}
	return true // custom workloads such as Argo Rollouts
}

// rejectsEmptySelector reports whether the API version rejects a written
// but empty selector: those that require one, and those that default only
// a missing one.
func rejectsEmptySelector(o *analyzer.Object) bool {
	return requiresSelector(o) || o.GVK.Group == "apps" || o.GVK.Group == "extensions"
}

func checkSelectorMismatch(pass *analyzer.Pass) error {
	o := pass.Object
	sel, ok := o.Selector()
	if !ok || o.Rejected {
		return nil
	}
	tmpl, tpath, ok := o.PodTemplate()
	if !ok {
		return nil
	}
	labelsPath := tpath.Field("metadata").Field("labels")
	related := []analyzer.Related{{Path: labelsPath, Message: "the Pod template's labels: " + formatLabels(tmpl.Labels)}}

	if sel.IsMap {
		if len(sel.Map) == 0 {
			return nil // defaulted from the template labels
		}
		var failing []string
		for _, k := range sortedKeys(sel.Map) {
			if v, ok := tmpl.Labels[k]; !ok || v != sel.Map[k] {
				failing = append(failing, fmt.Sprintf("%s=%s", k, sel.Map[k]))
			}
		}
		if len(failing) > 0 {
			pass.Report(analyzer.Diagnostic{Path: sel.Path, Related: related, Message: fmt.Sprintf(
				"selector does not match the Pod template: %s %s; the template has %s",
				strings.Join(failing, ", "), notMatched(len(failing)), formatLabels(tmpl.Labels)),
				Fixes: addTemplateLabels(sel.Map, nil, tmpl.Labels, labelsPath)})
		}
		return nil
	}

	if sel.Label == nil {
		if requiresSelector(o) && !o.IsPatch() {
			pass.Report(analyzer.Diagnostic{Path: sel.Path, Related: related, Message: fmt.Sprintf(
				"%s %s has no spec.selector; %s requires one matching the Pod template labels (%s)",
				o.Kind, o.Name, o.APIVersion, formatLabels(tmpl.Labels))})
		}
		return nil
	}
	if len(sel.Label.MatchLabels) == 0 && len(sel.Label.MatchExpressions) == 0 {
		if rejectsEmptySelector(o) {
			pass.Report(analyzer.Diagnostic{Path: sel.Path, Related: related,
				Message: "selector is empty; it must select the Pod template labels (" + formatLabels(tmpl.Labels) + ")"})
		}
		return nil
	}
	selector, err := metav1.LabelSelectorAsSelector(sel.Label)
	if err != nil {
		pass.Report(analyzer.Diagnostic{Path: sel.Path, Message: fmt.Sprintf("selector is invalid: %v%s", err, selectorTemplateHint(sel.Label))})
		return nil
	}
	if selector.Matches(labels.Set(tmpl.Labels)) {
		return nil
	}
	reqs, _ := selector.Requirements()
	var failing []string
	for _, r := range reqs {
		if !r.Matches(labels.Set(tmpl.Labels)) {
			failing = append(failing, r.String())
		}
	}
	pass.Report(analyzer.Diagnostic{Path: sel.Path, Related: related, Message: fmt.Sprintf(
		"selector does not match the Pod template: %s %s; the template has %s",
		strings.Join(failing, ", "), notMatched(len(failing)), formatLabels(tmpl.Labels)),
		Fixes: addTemplateLabels(sel.Label.MatchLabels, selector, tmpl.Labels, labelsPath)})
	return nil
}

// selectorTemplateHint notes the first placeholder (${NAME}, {{ .X }})
// among the values of a selector, which is why it is invalid as written.
func selectorTemplateHint(sel *metav1.LabelSelector) string {
	for _, k := range sortedKeys(sel.MatchLabels) {
		if h := analyzer.TemplateHint(sel.MatchLabels[k]); h != "" {
			return h
		}
	}
	for _, r := range sel.MatchExpressions {
		for _, v := range r.Values {
			if h := analyzer.TemplateHint(v); h != "" {
				return h
			}
		}
	}
	return ""
}

// addTemplateLabels returns the fix that adds the labels a selector
// requires (want, its matchLabels) to the Pod template, when that is
// certain: every label the template misses is absent from it (a label with
// another value asks for a choice: change the template, or the selector?),
// and with them the template would match the whole selector (full, nil for
// a ReplicationController's map). The engine places the edit, or drops it
// when the template's labels are not a block mapping it can extend.
func addTemplateLabels(want map[string]string, full labels.Selector, have map[string]string, at analyzer.Path) []analyzer.Fix {
	merged := labels.Set{}
	for k, v := range have {
		merged[k] = v
	}
	var add []analyzer.Entry
	var pairs []string
	for _, k := range sortedKeys(want) {
		v := want[k]
		cur, ok := have[k]
		switch {
		case !ok:
			add = append(add, analyzer.Entry{Key: k, Value: v})
			pairs = append(pairs, k+"="+v)
			merged[k] = v
		case cur != v:
			return nil
		}
	}
	if len(add) == 0 || full != nil && !full.Matches(merged) {
		return nil
	}
	noun := "label"
	if len(add) > 1 {
		noun = "labels"
	}
	return []analyzer.Fix{{
		Message: fmt.Sprintf("add %s %s to the Pod template", noun, strings.Join(pairs, ", ")),
		Edits:   []analyzer.Edit{{Path: at, Op: analyzer.AddEntries, Entries: add}},
	}}
}

func notMatched(n int) string {
	if n == 1 {
		return "is not met"
	}
	return "are not met"
}

// formatLabels writes labels as k=v pairs in key order.
func formatLabels(m map[string]string) string {
	if len(m) == 0 {
		return "no labels"
	}
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ", ")
}

const selectorMismatchBad = `apiVersion: apps/v1
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
        app: webapp
    spec:
      containers:
        - name: web
          image: nginx:1.27
`

const selectorMismatchGood = `apiVersion: apps/v1
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
`
