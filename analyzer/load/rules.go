package load

import "github.com/podlint/podlint/analyzer"

// The rules whose findings the loader makes. They are listed with every
// other rule, so they can be explained, configured and suppressed alike.
var (
	ParseError = &analyzer.Rule{
		ID:       "parse-error",
		Severity: analyzer.Error,
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
