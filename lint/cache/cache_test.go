package cache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// sample is a result with what an entry must keep: shared documents,
// related objects outside the listed ones, paths that need quoting.
func sample() *lint.Result {
	doc := &analyzer.Document{File: "a.yaml", Index: 1, Line: 4, Offset: 30}
	rendered := &analyzer.Document{File: "chart/templates/d.yaml", Rendering: &analyzer.Rendering{From: "chart chart", Variant: "ci/x-values.yaml", File: "chart/templates/d.yaml"}}
	listed := &analyzer.Object{Doc: doc, Item: analyzer.Path{}.Field("items").Index(2), APIVersion: "v1", Kind: "Service", Name: "web",
		Namespace: "default", Checks: []string{"a", "b"}, Repaired: []analyzer.Path{analyzer.MustParsePath(`metadata.labels["app.kubernetes.io/name"]`)}}
	other := &analyzer.Object{Doc: rendered, APIVersion: "apps/v1", Kind: "Deployment", Name: "web", Namespace: "default"}
	return &lint.Result{
		Objects: []*analyzer.Object{listed},
		Diagnostics: []analyzer.Diagnostic{{Rule: "r", Severity: analyzer.Warning, Message: "m", Object: listed,
			Path: analyzer.MustParsePath(`spec.ports[0][""]`), Pos: analyzer.Position{File: "a.yaml", Line: 5, Column: 3, EndLine: 5, EndColumn: 9, Column16: 2, EndColumn16: 8},
			Related:    []analyzer.Related{{Object: other, Path: analyzer.MustParsePath("spec.template"), Pos: analyzer.Position{File: "b.yaml", Line: 2}, Message: "here"}},
			SourceLine: "  ports: x", Rendered: &analyzer.RenderedAt{From: "chart chart", Variants: []string{"v"}, Line: 3, Text: "t"}},
			{Rule: "parse-error", Severity: analyzer.Error, Doc: doc, Pos: analyzer.Position{File: "a.yaml", Line: 4}}},
		Suppressed:    []analyzer.Diagnostic{{Rule: "s", Object: other}},
		Summary:       load.Summary{Files: 2, Documents: 3, Skips: []load.Skip{{File: "big.yaml", Reason: "too large"}}},
		WithoutSchema: map[string]int{"example.com/v1 Widget": 2},
		Read:          []string{"/abs/base/kustomization.yaml"},
	}
}

func TestRoundTrip(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	want := sample()
	if err := s.Put("k", want, nil); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Get("k")
	if !ok {
		t.Fatal("no entry read back")
	}
	opts := []cmp.Option{cmp.Comparer(func(a, b analyzer.Path) bool { return a.String() == b.String() }),
		cmpopts.IgnoreUnexported(analyzer.Document{}), cmpopts.IgnoreFields(analyzer.Rendering{}, "Place")}
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("read back differently (-put +got):\n%s", diff)
	}
	if got.Diagnostics[0].Object != got.Objects[0] || got.Diagnostics[1].Doc != got.Objects[0].Doc || got.Suppressed[0].Object != got.Diagnostics[0].Related[0].Object {
		t.Error("findings do not share the objects and documents they shared")
	}
}

func TestMisses(t *testing.T) {
	dir := t.TempDir()
	s := &Store{Dir: dir}
	dep := filepath.Join(dir, "base.yaml")
	if err := os.WriteFile(dep, []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	deps, err := HashFiles([]string{dep})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put("k", sample(), deps); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get("k"); !ok {
		t.Fatal("no hit with the recorded file unchanged")
	}
	if _, ok := s.Get("other"); ok {
		t.Error("hit for another key")
	}
	if err := os.WriteFile(dep, []byte("b"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get("k"); ok {
		t.Error("hit though a recorded file changed")
	}
	if err := os.WriteFile(s.file("k"), []byte("not gob"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get("k"); ok {
		t.Error("hit on a corrupt entry")
	}
}

func TestKeyParts(t *testing.T) {
	a, b := NewKey(), NewKey()
	a.Add("x", "ab", "c")
	b.Add("x", "a", "bc")
	if a.Sum() == b.Sum() {
		t.Error("parts split differently hash alike")
	}
}

func TestBoundsAndClean(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "podlint")
	s := &Store{Dir: dir}
	for i := range MaxEntries + 5 {
		if err := s.Put(string(rune('a'+i%26))+string(rune('a'+i/26)), sample(), nil); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != MaxEntries {
		t.Errorf("%d entries kept, want %d", len(entries), MaxEntries)
	}
	if err := s.Clean(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the folder is left after Clean: %v", err)
	}
}
