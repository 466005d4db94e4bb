package analyzer

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"
)

// fixObject parses the document of src that starts at byte offset (so a
// test can place a second document of a file) into an object.
func fixObject(t *testing.T, file, src string, offset int) *Object {
	t.Helper()
	text := src[offset:]
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(src[:offset], "\n")
	ShiftLines(&n, line-1)
	doc := &Document{File: file, Line: line, Root: n.Content[0], Source: []byte(text), Offset: offset}
	return &Object{Doc: doc, Node: doc.Root}
}

// applyPlaced applies placed edits to the text of their file.
func applyPlaced(t *testing.T, src string, edits []Edit) string {
	t.Helper()
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b Edit) int { return b.Start - a.Start })
	for _, e := range edits {
		if !e.Placed() || e.Start < 0 || e.End > len(src) || e.Start > e.End {
			t.Fatalf("edit not placed in the file: %+v", e)
		}
		src = src[:e.Start] + e.NewText + src[e.End:]
	}
	return src
}

func TestPlaceFixes(t *testing.T) {
	p := func(s string) Path {
		path, err := ParsePath(s)
		if err != nil {
			t.Fatal(err)
		}
		return path
	}
	labels := []Entry{{Key: "app", Value: "web"}, {Key: "canary", Value: "yes"}}
	tests := []struct {
		name string
		in   string
		edit Edit
		want string // "" means the fix is dropped
	}{{
		name: "quote a plain scalar, keeping its comment",
		in:   "data:\n  a: yes  # note\n",
		edit: Edit{Path: p("data.a"), Op: SetString, NewText: "yes"},
		want: "data:\n  a: \"yes\"  # note\n",
	}, {
		name: "a plain string that stays a string stays plain",
		in:   "ports:\n  - name: http\n",
		edit: Edit{Path: p("ports[0].name"), Op: SetString, NewText: "http-2"},
		want: "ports:\n  - name: http-2\n",
	}, {
		name: "single quotes stay single",
		in:   "ports: [{name: 'http'}]\n",
		edit: Edit{Path: p("ports[0].name"), Op: SetString, NewText: "it's"},
		want: "ports: [{name: 'it''s'}]\n",
	}, {
		name: "double quotes stay double, in JSON too",
		in:   `{"ports": [{"name": "http"}]}` + "\n",
		edit: Edit{Path: p("ports[0].name"), Op: SetString, NewText: "http-2"},
		want: `{"ports": [{"name": "http-2"}]}` + "\n",
	}, {
		name: "columns count characters, offsets bytes",
		in:   "a: {é: ü, b: on}\n",
		edit: Edit{Path: p("a.b"), Op: SetString, NewText: "on"},
		want: "a: {é: ü, b: \"on\"}\n",
	}, {
		name: "replace a value with source text",
		in:   "a:\n  b: 1\n",
		edit: Edit{Path: p("a.b"), Op: ReplaceValue, NewText: "2  # two"},
		want: "a:\n  b: 2  # two\n",
	}, {
		name: "rename a key, keeping its value",
		in:   "spec:\n  contianers:\n    - name: a\n",
		edit: Edit{Path: p("spec.contianers"), Op: RenameKey, NewText: "containers"},
		want: "spec:\n  containers:\n    - name: a\n",
	}, {
		name: "rename a quoted JSON key",
		in:   `{"spec": {"contianers": []}}`,
		edit: Edit{Path: p("spec.contianers"), Op: RenameKey, NewText: "containers"},
		want: `{"spec": {"containers": []}}`,
	}, {
		name: "no rename onto a key that is there",
		in:   "spec:\n  contianers: []\n  containers: []\n",
		edit: Edit{Path: p("spec.contianers"), Op: RenameKey, NewText: "containers"},
	}, {
		name: "entries added after the last one, indented like it",
		in:   "metadata:\n    labels:\n        x: z\n        # trailing\nspec: {}\n",
		edit: Edit{Path: p("metadata.labels"), Op: AddEntries, Entries: labels},
		want: "metadata:\n    labels:\n        x: z\n        app: web\n        canary: \"yes\"\n        # trailing\nspec: {}\n",
	}, {
		name: "the mapping created with its parents",
		in:   "spec:\n  template:\n    spec:\n      containers: [{name: a}]\n",
		edit: Edit{Path: p("spec.template.metadata.labels"), Op: AddEntries, Entries: labels[:1]},
		want: "spec:\n  template:\n    spec:\n      containers: [{name: a}]\n    metadata:\n      labels:\n        app: web\n",
	}, {
		name: "the indentation step of the file",
		in:   "t:\n    spec:\n        a: b\n",
		edit: Edit{Path: p("t.metadata.labels"), Op: AddEntries, Entries: labels[:1]},
		want: "t:\n    spec:\n        a: b\n    metadata:\n        labels:\n            app: web\n",
	}, {
		name: "the last line of a file without a final line break",
		in:   "labels:\n  x: z",
		edit: Edit{Path: p("labels"), Op: AddEntries, Entries: labels[:1]},
		want: "labels:\n  x: z\n  app: web",
	}, {
		name: "CRLF line breaks",
		in:   "labels:\r\n  x: z\r\nspec: {}\r\n",
		edit: Edit{Path: p("labels"), Op: AddEntries, Entries: labels[:1]},
		want: "labels:\r\n  x: z\r\n  app: web\r\nspec: {}\r\n",
	}, {
		name: "after a block sequence at the key's indentation",
		in:   "m:\n  a: b\n  list:\n  - x\n  - y\nn: 1\n",
		edit: Edit{Path: p("m"), Op: AddEntries, Entries: labels[:1]},
		want: "m:\n  a: b\n  list:\n  - x\n  - y\n  app: web\nn: 1\n",
	}, {
		name: "no entry for a key that is there",
		in:   "labels:\n  app: api\n",
		edit: Edit{Path: p("labels"), Op: AddEntries, Entries: labels[:1]},
	}, {
		name: "no entries after a block scalar, whose end is a guess",
		in:   "labels:\n  x: |\n    text\n",
		edit: Edit{Path: p("labels"), Op: AddEntries, Entries: labels[:1]},
	}, {
		name: "no entries in a flow mapping",
		in:   "labels: {x: z}\n",
		edit: Edit{Path: p("labels"), Op: AddEntries, Entries: labels[:1]},
	}, {
		name: "no edit through an alias",
		in:   "a: &x\n  v: yes\nb: *x\n",
		edit: Edit{Path: p("b.v"), Op: SetString, NewText: "yes"},
	}, {
		name: "no edit inside an anchor that an alias uses",
		in:   "a: &x\n  v: yes\nb: *x\n",
		edit: Edit{Path: p("a.v"), Op: SetString, NewText: "yes"},
	}, {
		name: "an anchor nothing uses is edited",
		in:   "a: &x\n  v: yes\n",
		edit: Edit{Path: p("a.v"), Op: SetString, NewText: "yes"},
		want: "a: &x\n  v: \"yes\"\n",
	}, {
		name: "no edit of a duplicate key",
		in:   "a: 1\na: yes\n",
		edit: Edit{Path: p("a"), Op: SetString, NewText: "yes"},
	}, {
		name: "no edit of a tagged scalar",
		in:   "a: !!str yes\n",
		edit: Edit{Path: p("a"), Op: SetString, NewText: "no"},
	}, {
		name: "no edit of a plain scalar over two lines",
		in:   "a: one\n  two\n",
		edit: Edit{Path: p("a"), Op: SetString, NewText: "x"},
	}, {
		name: "no edit of a missing field",
		in:   "a: 1\n",
		edit: Edit{Path: p("b"), Op: SetString, NewText: "x"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := fixObject(t, "f.yaml", tt.in, 0)
			fixes := placeFixes(Diagnostic{Object: o, Fixes: []Fix{{Message: "m", Edits: []Edit{tt.edit}}}})
			if tt.want == "" {
				if len(fixes) != 0 {
					t.Fatalf("placed %+v, want the fix dropped", fixes)
				}
				return
			}
			if len(fixes) != 1 {
				t.Fatalf("fix dropped")
			}
			if diff := cmp.Diff(tt.want, applyPlaced(t, tt.in, fixes[0].Edits)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			again := placeFixes(Diagnostic{Object: o, Fixes: fixes})
			if len(again) != 1 || applyPlaced(t, tt.in, again[0].Edits) != tt.want {
				t.Errorf("placing twice changed the fix:\n%+v\n%+v", fixes, again)
			}
		})
	}
}

// TestPlaceFixesInFile checks offsets and positions for a document that
// is not the first of its file, and that a fix is dropped whole when one
// of its edits cannot be placed.
func TestPlaceFixesInFile(t *testing.T) {
	src := "a: 1\n---\nb:\n  c: on\n"
	o := fixObject(t, "f.yaml", src, strings.Index(src, "b:"))
	c, _ := ParsePath("b.c")
	edit := Edit{Path: c, Op: SetString, NewText: "on"}
	fixes := placeFixes(Diagnostic{Object: o, Fixes: []Fix{{Message: "quote", Edits: []Edit{edit}}}})
	if len(fixes) != 1 {
		t.Fatal("fix dropped")
	}
	e := fixes[0].Edits[0]
	want := Position{File: "f.yaml", Line: 4, Column: 6, EndLine: 4, EndColumn: 8}
	if e.Pos != want || src[e.Start:e.End] != "on" || e.Object != o {
		t.Errorf("placed at %d:%d %+v (%q), want %+v", e.Start, e.End, e.Pos, src[e.Start:e.End], want)
	}
	if got := applyPlaced(t, src, fixes[0].Edits); got != "a: 1\n---\nb:\n  c: \"on\"\n" {
		t.Errorf("got %q", got)
	}

	missing, _ := ParsePath("b.d")
	half := Fix{Edits: []Edit{edit, {Path: missing, Op: SetString, NewText: "x"}}}
	if got := placeFixes(Diagnostic{Object: o, Fixes: []Fix{half}}); len(got) != 0 {
		t.Errorf("a fix with an edit that cannot be placed was kept: %+v", got)
	}
	twice := Fix{Edits: []Edit{edit, {Path: c, Op: SetString, NewText: "off"}}}
	if got := placeFixes(Diagnostic{Object: o, Fixes: []Fix{twice}}); len(got) != 0 {
		t.Errorf("a fix whose edits overlap was kept: %+v", got)
	}
}

func TestYAMLString(t *testing.T) {
	for _, tt := range []struct {
		in    string
		style yaml.Style
		want  string
	}{
		{"web", 0, "web"},
		{"app.kubernetes.io/name", 0, "app.kubernetes.io/name"},
		{"yes", 0, `"yes"`},
		{"Off", 0, `"Off"`},
		{"null", 0, `"null"`},
		{"0755", 0, `"0755"`},
		{"1e3", 0, `"1e3"`},
		{".inf", 0, `".inf"`},
		{"a: b", 0, `"a: b"`},
		{"", 0, `""`},
		{"web", yaml.SingleQuotedStyle, "'web'"},
		{"line\nbreak", yaml.SingleQuotedStyle, `"line\nbreak"`},
		{"web", yaml.DoubleQuotedStyle, `"web"`},
	} {
		if got := yamlString(tt.in, tt.style); got != tt.want {
			t.Errorf("yamlString(%q, %v) = %s, want %s", tt.in, tt.style, got, tt.want)
		}
		// YAML 1.2, as yaml.v3 reads it, and YAML 1.1, as kubectl does.
		src := []byte("v: " + yamlString(tt.in, tt.style))
		var v12 struct{ V any }
		if err := yaml.Unmarshal(src, &v12); err != nil || v12.V != tt.in {
			t.Errorf("%s reads back as %#v (%v) in YAML 1.2, want %q", src, v12.V, err, tt.in)
		}
		js, err := sigsyaml.YAMLToJSON(src)
		var v11 struct{ V any }
		if err == nil {
			err = json.Unmarshal(js, &v11)
		}
		if err != nil || v11.V != tt.in {
			t.Errorf("%s reads back as %#v (%v) in YAML 1.1, want %q", src, v11.V, err, tt.in)
		}
	}
}
