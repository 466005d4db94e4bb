package analyzer

import (
	"regexp"
	"strings"
)

// A placeholderShape is one kind of text left for a person or a tool to
// fill in, and what messages call it.
type placeholderShape struct {
	re   *regexp.Regexp
	what string
}

// placeholderShapes are tried in order; the first that matches names the
// placeholder. ALL-CAPS tokens count when they hold an underscore
// (PROJECT_ID, PV_NAME) or are the whole value (CONTAINER_IMAGE, PORT):
// the hint is only added to values that failed validation already, where
// such a token is a name to fill in rather than a typo.
var placeholderShapes = []placeholderShape{
	{regexp.MustCompile(`\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*`), "an unrendered shell or envsubst variable"},
	{regexp.MustCompile(`\{\{.*\}\}`), "an unrendered Helm or Go template"},
	{regexp.MustCompile(`<[^<>]+>`), "a placeholder"},
	{regexp.MustCompile(`\{[A-Za-z][A-Za-z0-9_.-]*\}`), "a placeholder"},
	{regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|^[A-Z][A-Z0-9]+$`), "an ALL-CAPS placeholder"},
}

// Placeholder reports whether value holds text left by an unrendered
// template or a fill-in-the-blank example: ${VAR} and $VAR (envsubst,
// kustomize vars), {{ ... }} (Helm, Go templates), <...> and {...} (hand
// edits) and ALL-CAPS names such as PROJECT_ID. It describes the first such
// text: `<PROJECT_ID> looks like a placeholder to fill in`.
func Placeholder(value string) (string, bool) {
	for _, s := range placeholderShapes {
		if m := s.re.FindString(value); m != "" {
			if !strings.ContainsAny(m[:1], "$<{") {
				m = `"` + m + `"`
			}
			return m + " looks like " + s.what, true
		}
	}
	return "", false
}

// TemplateHint returns a note to add to a message about value when the value
// holds a placeholder, saying which text and what it is, and "" otherwise.
func TemplateHint(value string) string {
	if desc, ok := Placeholder(value); ok {
		return " (" + desc + ": fill it in, or lint the rendered manifest)"
	}
	return ""
}
