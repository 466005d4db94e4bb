package analyzer

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzResolve resolves arbitrary paths in arbitrary documents: it must
// never panic, and a position must lie within the document's lines.
func FuzzResolve(f *testing.F) {
	f.Add(resolveDoc, "spec.template.spec.containers[1].env[0].value")
	f.Add("a: &x {b: [1, *x]}\nc: *x\n", "c.b[1].b[0]")
	f.Add("k: \"quoted \\\" value\"\nl: 'it''s'\nm: |\n  block\n", `m`)
	f.Add("- [a, {b: c}]\n- café: 😀\n", `[1]["café"]`)
	f.Add("{}", `a[99999999999999999999]`)
	f.Fuzz(func(t *testing.T, text, path string) {
		var n yaml.Node
		if yaml.Unmarshal([]byte(text), &n) != nil || len(n.Content) == 0 {
			return
		}
		p, err := ParsePath(path)
		if err != nil {
			return
		}
		d := &Document{File: "f.yaml", Line: 1, Root: n.Content[0], Source: []byte(text)}
		pos := d.Resolve(d.Root, p)
		lines := 1
		for i := 0; i < len(text); i++ {
			if text[i] == '\n' || (text[i] == '\r' && (i+1 == len(text) || text[i+1] != '\n')) {
				lines++
			}
		}
		if pos.Line < 1 || pos.Line > lines || pos.Column < 1 {
			t.Errorf("Resolve(%q) = %+v, outside the %d lines of the document", path, pos, lines)
		}
		if p.String() != "" {
			if q, err := ParsePath(p.String()); err != nil || q.String() != p.String() {
				t.Errorf("path %q does not survive String and ParsePath: %v", p, err)
			}
		}
	})
}
