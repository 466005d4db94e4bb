package analyzer

import "regexp"

// placeholder matches text left by an unrendered template: ${VAR} (envsubst,
// kustomize vars), {{ ... }} (Helm, Go templates) and <...> (hand edits).
var placeholder = regexp.MustCompile(`\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|<[^<>]+>`)

// TemplateHint returns a note to add to a message about value when the value
// looks like an unrendered template placeholder, and "" otherwise.
func TemplateHint(value string) string {
	if placeholder.MatchString(value) {
		return " (it looks like an unrendered template placeholder: lint the rendered manifest)"
	}
	return ""
}
