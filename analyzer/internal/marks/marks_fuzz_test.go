package marks

import (
	"strings"
	"testing"
)

// FuzzMarkTemplate checks the markers on any template text: removing them
// gives the template back byte for byte, every line of it keeps its
// number, and placing a position never reads outside the texts.
func FuzzMarkTemplate(f *testing.F) {
	for _, s := range []string{
		"a: 1\n",
		"spec:\n  {{- if .x }}\n  hostPID: true\n  {{- end }}\n",
		"labels:\n  {{- include \"l\" . | nindent 4 }}\nname: {{ .Release.Name }}\n  {{- if .y }}-x{{ end }}\n",
		"{{/* c */}}\n{{ define \"x\" }}\ny: 2\n{{ end }}\nz: |\n  {{ .v }}\n",
		"{{ range .l }}\n- {{ . }}\n{{ end }}",
		"\x1fL3\x1f\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		marked, ok := Template("t.yaml", []byte(src))
		if !ok {
			return
		}
		text, marks := Unmark(string(marked))
		if string(text) != src && !strings.Contains(src, "\x1f") {
			t.Fatalf("Unmark(mark(src)) = %q, want %q", text, src)
		}
		lines := strings.Split(string(text), "\n")
		if len(marks) != len(lines) && !strings.Contains(src, "\x1f") {
			t.Fatalf("%d mark lists for %d lines", len(marks), len(lines))
		}
		m := &LineMap{Rendered: lines, Source: strings.Split(src, "\n"), Marks: marks}
		for l := 1; l <= len(lines); l++ {
			if sl, sc, ok := m.Place(l, 1); ok && (sl < 1 || sl > len(m.Source) || sc < 1 || sc > len(m.Source[sl-1])+1) {
				t.Fatalf("line %d placed at %d:%d, outside the source", l, sl, sc)
			}
		}
	})
}
