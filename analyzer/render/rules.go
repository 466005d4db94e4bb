package render

import "github.com/podlint/podlint/analyzer"

// RenderError is the finding for a chart or kustomization that did not
// render: its objects cannot be linted, and the install would fail the same way.
var RenderError = &analyzer.Rule{
	ID:       "render-error",
	Severity: analyzer.Error,
	Source:   "engine",
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "chart or kustomization does not render",
		Why: "podlint renders Helm charts (with their values and each ci/*-values.yaml) and kustomizations as " +
			"helm install and kubectl apply -k would. One that fails to render fails the same way at install, " +
			"and none of its objects can be checked: a template's fail, a value its schema rejects, a missing " +
			"dependency, a patch whose target does not exist. The finding is at the line the error names.",
	},
}

// Rules returns the rules whose findings rendering makes.
func Rules() []*analyzer.Rule { return []*analyzer.Rule{RenderError} }
