package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
)

// TestBaselineMatching checks the matching of findings with entries: by
// key and count, a finding whose message an entry records taking that
// entry first, and entries that match nothing stale only where the lint
// read their file or the file is gone. It also round-trips the format.
func TestBaselineMatching(t *testing.T) {
	dir := t.TempDir()
	web := filepath.Join(dir, "web.yaml")
	notRead := filepath.Join(dir, "not-read.yaml")
	for _, f := range []string{web, notRead} {
		if err := os.WriteFile(f, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	obj := &analyzer.Object{APIVersion: "v1", Kind: "Pod", Namespace: "default", Name: "a"}
	at := func(file string, line int, rule, msg string) analyzer.Diagnostic {
		return analyzer.Diagnostic{Rule: rule, Severity: analyzer.Warning, Message: msg, Object: obj,
			Path: analyzer.MustParsePath("spec.containers[0].image"), Pos: analyzer.Position{File: file, Line: line, Column: 1}}
	}
	recorded := []analyzer.Diagnostic{
		at(web, 3, "image-tag", "second"),
		at(notRead, 3, "image-tag", "elsewhere"),
		at(filepath.Join(dir, "gone.yaml"), 3, "image-tag", "gone"),
		at(web, 9, "invalid-image", "fixed"),
	}
	file := filepath.Join(dir, "baseline.json")
	b, err := NewBaseline(file, recorded)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := ReadBaseline(file)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(b.Entries, read.Entries, cmp.Comparer(func(a, b BaselineEntry) bool { return a.key() == b.key() && a.Message == b.Message })); d != "" {
		t.Errorf("read back (-written +read):\n%s", d)
	}

	// Now: two findings of the key recorded once; the one with the
	// recorded message stays hidden though it comes second.
	res := &Result{Diagnostics: []analyzer.Diagnostic{at(web, 4, "image-tag", "first"), at(web, 5, "image-tag", "second")}}
	linted := func(f string) bool { return f == web }
	hidden := read.Apply(res, linted, Options{ReportUnusedIgnores: true})
	if len(hidden) != 1 || hidden[0].Message != "second" {
		t.Errorf("hidden %v, want the finding with message second", hidden)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Rule+" "+filepath.Base(d.Pos.File)+" "+d.Message)
	}
	want := []string{
		"stale-baseline-entry baseline.json the baseline hides image-tag for Pod default/a in gone.yaml at spec.containers[0].image, which no longer has it; remove the entry, or write the baseline again (--write-baseline)",
		"stale-baseline-entry baseline.json the baseline hides invalid-image for Pod default/a in web.yaml at spec.containers[0].image, which no longer has it; remove the entry, or write the baseline again (--write-baseline)",
		"image-tag web.yaml first",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings after the baseline (-want +got):\n%s", d)
	}
	if len(res.Suppressed) != 1 {
		t.Errorf("suppressed %d, want the hidden finding", len(res.Suppressed))
	}

	// Turned off in the configuration, stale entries are not reported.
	res = &Result{}
	read.Apply(res, linted, Options{ReportUnusedIgnores: true, Disabled: map[string]bool{StaleBaselineEntry.ID: true}})
	if len(res.Diagnostics) != 0 {
		t.Errorf("stale-baseline-entry off: %v", res.Diagnostics)
	}
}
