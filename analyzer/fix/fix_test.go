package fix

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
)

// edit returns a placed edit of file f replacing old (the n-th time it
// occurs in src, from 0) with text; old "" inserts at the start of line
// n+1 of src instead.
func edit(t *testing.T, f, src, old string, n int, text string) analyzer.Edit {
	t.Helper()
	start := 0
	if old == "" {
		for range n {
			start += strings.IndexByte(src[start:], '\n') + 1
		}
	} else {
		for i := 0; i <= n; i++ {
			j := strings.Index(src[start:], old)
			if j < 0 {
				t.Fatalf("%q not in source %d times", old, n+1)
			}
			start += j
			if i < n {
				start++
			}
		}
	}
	line := 1 + strings.Count(src[:start], "\n")
	col := start - strings.LastIndexByte(src[:start], '\n')
	return analyzer.Edit{Start: start, End: start + len(old), NewText: text,
		Pos: analyzer.Position{File: f, Line: line, Column: col}}
}

func fixOf(edits ...analyzer.Edit) analyzer.Fix { return analyzer.Fix{Message: "m", Edits: edits} }

func TestApply(t *testing.T) {
	a := "data:\n  x: on\n  y: off\n"
	b := "ports:\n  - name: http\n"
	files := map[string]string{"a.yaml": a, "b.yaml": b, "same.yaml": "k: v\n"}
	read := func(name string) ([]byte, error) {
		s, ok := files[name]
		if !ok {
			return nil, errors.New("no such file")
		}
		return []byte(s), nil
	}
	quoteX := fixOf(edit(t, "a.yaml", a, "on", 0, `"on"`))
	quoteY := fixOf(edit(t, "a.yaml", a, "off", 0, `"off"`))
	conflict := fixOf(edit(t, "a.yaml", a, "x: on", 0, "x: true")) // overlaps quoteX
	both := fixOf(edit(t, "b.yaml", b, "http", 0, "http-2"), edit(t, "a.yaml", a, "", 3, "  z: \"1\"\n"))
	twice := fixOf(edit(t, "b.yaml", b, "http", 0, "http-2")) // the same edit as both's
	unchanged := fixOf(edit(t, "same.yaml", "k: v\n", "v", 0, "v"))
	unplaced := analyzer.Fix{Message: "m", Edits: []analyzer.Edit{{NewText: "x"}}}
	outside := fixOf(analyzer.Edit{Start: 100, End: 101, Pos: analyzer.Position{File: "a.yaml", Line: 9, Column: 1}})
	unreadable := fixOf(edit(t, "gone.yaml", a, "on", 0, "x"))
	insertA := fixOf(edit(t, "a.yaml", a, "", 1, "  w: 1\n"))
	insertB := fixOf(edit(t, "a.yaml", a, "", 1, "  v: 2\n")) // same place, other text

	res := Apply([]analyzer.Fix{quoteX, conflict, quoteY, both, twice, unchanged, unplaced, outside, unreadable, insertA, insertB}, read)
	got := map[string]string{}
	for _, f := range res.Files {
		got[f.Name] = string(f.New)
		if string(f.Old) != files[f.Name] {
			t.Errorf("%s: Old is not the file's bytes", f.Name)
		}
	}
	want := map[string]string{
		"a.yaml": "data:\n  w: 1\n  x: \"on\"\n  y: \"off\"\n  z: \"1\"\n",
		"b.yaml": "ports:\n  - name: http-2\n",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if len(res.Applied) != 6 {
		t.Errorf("%d fixes applied, want 6 (two quotes, the fix of two files, its twin, the no-op, one insertion)", len(res.Applied))
	}
	var reasons []string
	for _, s := range res.Skipped {
		reasons = append(reasons, s.Reason)
	}
	wantReasons := []string{
		"its edit at a.yaml:2:3 overlaps another fix",
		"an edit was not placed",
		"an edit at a.yaml:9:1 lies outside the file",
		"no such file",
		"its edit at a.yaml:2:1 overlaps another fix",
	}
	if diff := cmp.Diff(wantReasons, reasons); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}

func TestApplyKeepsAFixWhole(t *testing.T) {
	a := "a: 1\nb: 2\n"
	first := fixOf(edit(t, "a.yaml", a, "2", 0, "3"))
	// The second fix's first edit is fine, its second overlaps: neither applies.
	second := fixOf(edit(t, "a.yaml", a, "1", 0, "9"), edit(t, "a.yaml", a, "b: 2", 0, "b: 4"))
	res := Apply([]analyzer.Fix{first, second}, func(string) ([]byte, error) { return []byte(a), nil })
	if len(res.Files) != 1 || string(res.Files[0].New) != "a: 1\nb: 3\n" || len(res.Skipped) != 1 {
		t.Errorf("got %+v", res)
	}
}

func TestEdits(t *testing.T) {
	src := []byte("abcdef")
	at := func(s, e int, text string) analyzer.Edit { return analyzer.Edit{Start: s, End: e, NewText: text} }
	for _, tt := range []struct {
		name  string
		edits []analyzer.Edit
		want  string // "" for an error
	}{
		{"replace and insert", []analyzer.Edit{at(4, 6, "EF"), at(0, 0, ">"), at(1, 2, "B")}, ">aBcdEF"},
		{"insert at the end of a replacement", []analyzer.Edit{at(1, 2, "B"), at(2, 2, "+")}, "aB+cdef"},
		{"identical edits once", []analyzer.Edit{at(1, 2, "B"), at(1, 2, "B")}, "aBcdef"},
		{"overlap", []analyzer.Edit{at(1, 3, "x"), at(2, 4, "y")}, ""},
		{"two insertions at one place", []analyzer.Edit{at(2, 2, "x"), at(2, 2, "y")}, ""},
		{"outside", []analyzer.Edit{at(5, 7, "x")}, ""},
	} {
		got, err := Edits(src, tt.edits)
		if tt.want == "" {
			if err == nil {
				t.Errorf("%s: got %q, want an error", tt.name, got)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if string(src) != "abcdef" {
		t.Errorf("Edits changed its input: %q", src)
	}
}

func TestUnified(t *testing.T) {
	var long []string
	for i := 1; i <= 20; i++ {
		long = append(long, "l"+string(rune('a'+i-1))+": v")
	}
	src := strings.Join(long, "\n") + "\n"
	tests := []struct {
		name  string
		src   string
		edits func(src string) []analyzer.Edit
		want  string
	}{{
		name: "one change in the middle, and a separate hunk far below",
		src:  src,
		edits: func(s string) []analyzer.Edit {
			return []analyzer.Edit{edit(t, "f.yaml", s, "le: v", 0, "le: \"v\""), edit(t, "f.yaml", s, "", 18, "  new: 1\n")}
		},
		want: `--- f.yaml
+++ f.yaml
@@ -2,7 +2,7 @@
 lb: v
 lc: v
 ld: v
-le: v
+le: "v"
 lf: v
 lg: v
 lh: v
@@ -16,5 +16,6 @@
 lp: v
 lq: v
 lr: v
+  new: 1
 ls: v
 lt: v
`,
	}, {
		name: "near changes share a hunk",
		src:  src,
		edits: func(s string) []analyzer.Edit {
			return []analyzer.Edit{edit(t, "f.yaml", s, "la", 0, "LA"), edit(t, "f.yaml", s, "lf", 0, "LF")}
		},
		want: `--- f.yaml
+++ f.yaml
@@ -1,9 +1,9 @@
-la: v
+LA: v
 lb: v
 lc: v
 ld: v
 le: v
-lf: v
+LF: v
 lg: v
 lh: v
 li: v
`,
	}, {
		name: "a line added at the end of a file without a final line break",
		src:  "a:\n  x: z",
		edits: func(s string) []analyzer.Edit {
			return []analyzer.Edit{{Start: len(s), End: len(s), NewText: "\n  y: w", Pos: analyzer.Position{File: "f.yaml", Line: 2, Column: 7}}}
		},
		want: `--- f.yaml
+++ f.yaml
@@ -1,2 +1,3 @@
 a:
-  x: z
\ No newline at end of file
+  x: z
+  y: w
\ No newline at end of file
`,
	}, {
		name: "lines inserted at the start",
		src:  "a: 1\n",
		edits: func(string) []analyzer.Edit {
			return []analyzer.Edit{{Start: 0, End: 0, NewText: "# top\n", Pos: analyzer.Position{File: "f.yaml", Line: 1, Column: 1}}}
		},
		want: `--- f.yaml
+++ f.yaml
@@ -1 +1,2 @@
+# top
 a: 1
`,
	}, {
		name:  "no change",
		src:   "a: 1\n",
		edits: func(s string) []analyzer.Edit { return []analyzer.Edit{edit(t, "f.yaml", s, "1", 0, "1")} },
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edits := tt.edits(tt.src)
			got := Unified("f.yaml", []byte(tt.src), edits)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got != "" {
				checkPatch(t, tt.src, edits, got)
			}
		})
	}
}

// checkPatch applies diff with patch(1), when it is installed, and checks
// that it gives what the edits give.
func checkPatch(t *testing.T, src string, edits []analyzer.Edit, diff string) {
	t.Helper()
	patch, err := exec.LookPath("patch")
	if err != nil {
		return
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "f.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(patch, "-p0", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Edits([]byte(src), edits)
	if string(got) != string(want) {
		t.Errorf("patch gave %q, the edits %q", got, want)
	}
}
