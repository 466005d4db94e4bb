package load

import (
	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
)

// The rules whose findings the loader makes. They are listed with every
// other rule, so they can be explained, configured and suppressed alike.
var (
	ParseError = &analyzer.Rule{
		ID:       "parse-error",
		Severity: analyzer.Error,
		Family:   "correctness",
		Source:   "engine",
		Doc: analyzer.Doc{
			Title: "document is not valid YAML or JSON",
			Why: "kubectl cannot read the document, so nothing in it reaches the cluster. " +
				"The other documents of the same file are still linted. A document holding {{ ... }} " +
				"is usually an unrendered Helm template: lint the output of helm template instead.",
			Bad:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n   labels: {}\n",
			Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {}\n",
		},
	}
	Schema = &analyzer.Rule{
		ID:       "schema",
		Severity: analyzer.Error,
		Family:   "correctness",
		Source:   "engine",
		Doc: analyzer.Doc{
			Title: "object does not match its Kubernetes API schema",
			Why: "The API server decodes objects strictly: an unknown field (often a typo), a value of the " +
				"wrong type, a duplicate key or a missing apiVersion, kind or metadata.name is rejected, " +
				"or with lenient clients silently ignored, so the setting never takes effect.",
			Bad: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  contianers:\n" +
				"    - name: web\n      image: nginx:1.27\n",
			Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n" +
				"    - name: web\n      image: nginx:1.27\n",
		},
	}
	AmbiguousScalar = &analyzer.Rule{
		ID:       "ambiguous-scalar",
		Severity: analyzer.Error,
		Family:   "correctness",
		Source:   "engine",
		Doc: analyzer.Doc{
			Title: "unquoted value changes type under YAML 1.1",
			Why: "kubectl reads YAML with YAML 1.1 rules, where yes, no, on, off, y and n are booleans and 0755 " +
				"is an octal number. In a string field (an env value, a label, ConfigMap data) kubectl then sends " +
				"true or 493 and the API server rejects the object. Quote the value.",
			Bad:  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  FEATURE_X: on\n",
			Good: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  FEATURE_X: \"on\"\n",
		},
	}
)

// Rules returns the rules of the loader.
func Rules() []*analyzer.Rule { return []*analyzer.Rule{AmbiguousScalar, ParseError, Schema} }

// braceHint explains a flow map that stands where a scalar belongs and
// reads as a fill-in-the-blank placeholder: YAML reads name: {USER_NAME}
// as a map of one key without a value.
func braceHint(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle == 0 || len(n.Content) != 2 ||
		n.Content[0].Kind != yaml.ScalarNode || !isNull(n.Content[1]) || n.Content[1].Kind != yaml.ScalarNode {
		return ""
	}
	hint := analyzer.TemplateHint("{" + n.Content[0].Value + "}")
	if hint == "" {
		return ""
	}
	return hint + "; YAML reads {...} as a map, quote it to keep it a string"
}
