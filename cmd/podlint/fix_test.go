package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/lint"
)

// fixable has one finding of each rule with a fix, a document that does
// not parse between them, and comments that must stay.
const fixable = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web, tier: front}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
            - name: http
              containerPort: 8081
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  A: on
 B: off
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: flags
  lables:  # a typo
    app: web
data:
  FEATURE: on
---
apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: example/worker:2.1.0
      env:
        - name: VERBOSE
          value: yes
`

// fixed is fixable after --fix: the broken document is left as it is.
const fixed = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web, tier: front}
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
            - name: http-2
              containerPort: 8081
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  A: on
 B: off
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: flags
  labels:  # a typo
    app: web
data:
  FEATURE: "on"
---
apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: example/worker:2.1.0
      env:
        - name: VERBOSE
          value: "yes"
`

var fixedRules = []string{"ambiguous-scalar", "duplicate-port-name", "schema", "selector-mismatch"}

// rulesFound lints path and returns the IDs of the rules with findings
// among fixedRules, once each, and the exit code.
func rulesFound(t *testing.T, stdin string, args ...string) ([]string, int) {
	t.Helper()
	code, out, errOut := podlint(t, stdin, append([]string{"lint", "--format", "json"}, args...)...)
	var got struct {
		Diagnostics []struct{ Rule string } `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s\n%s", err, out, errOut)
	}
	var ids []string
	for _, d := range got.Diagnostics {
		if slices.Contains(fixedRules, d.Rule) && !slices.Contains(ids, d.Rule) {
			ids = append(ids, d.Rule)
		}
	}
	slices.Sort(ids)
	return ids, code
}

func TestFix(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "web.yaml")
	clean := filepath.Join(dir, "clean.yaml")
	if err := os.WriteFile(file, []byte(fixable), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(clean, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(clean)

	if ids, _ := rulesFound(t, "", dir); !cmp.Equal(ids, fixedRules) {
		t.Fatalf("before the fixes: findings of %v, want %v", ids, fixedRules)
	}
	code, out, errOut := podlint(t, "", "lint", "--fix", dir)
	if code != 1 { // the parse error is left
		t.Errorf("exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "podlint: fixed 5 findings in 1 file\n") {
		t.Errorf("stderr does not count the fixes:\n%s", errOut)
	}
	for _, rule := range fixedRules {
		if strings.Contains(out, "("+rule+")") {
			t.Errorf("the report still shows a fixed %s finding:\n%s", rule, out)
		}
	}
	if !strings.Contains(out, "(parse-error)") {
		t.Errorf("the report lost the parse error:\n%s", out)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixed, string(got)); diff != "" {
		t.Errorf("fixed file (-want +got):\n%s", diff)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", st.Mode().Perm())
	}
	if after, _ := os.Stat(clean); !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("a file without fixes was written")
	}

	// Linted again, the fixed findings are gone, and --fix has nothing to do.
	if ids, _ := rulesFound(t, "", dir); len(ids) != 0 {
		t.Errorf("after the fixes: findings of %v, want none", ids)
	}
	st, _ := os.Stat(file)
	_, _, errOut = podlint(t, "", "lint", "--fix", dir)
	if strings.Contains(errOut, "fixed") {
		t.Errorf("a second --fix fixed something: %s", errOut)
	}
	if again, _ := os.Stat(file); !os.SameFile(st, again) {
		t.Error("a second --fix wrote the file")
	}
}

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "web.yaml")
	if err := os.WriteFile(file, []byte(fixable), 0o644); err != nil {
		t.Fatal(err)
	}
	_, plainCode := rulesFound(t, "", file)
	code, out, errOut := podlint(t, "", "lint", "--diff", file)
	if code != plainCode {
		t.Errorf("exit %d, want %d as without --diff\n%s", code, plainCode, errOut)
	}
	if !strings.HasPrefix(out, "--- "+file+"\n+++ "+file+"\n@@ ") || !strings.Contains(out, "-          value: yes\n+          value: \"yes\"\n") {
		t.Errorf("not the diff of the fixes:\n%s", out)
	}
	if data, _ := os.ReadFile(file); string(data) != fixable {
		t.Error("--diff changed the file")
	}
	if patch, err := exec.LookPath("patch"); err == nil {
		cmd := exec.Command(patch, "-p0", "--quiet", "-d", "/")
		if filepath.IsAbs(file) {
			cmd.Stdin = strings.NewReader(out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch: %v\n%s", err, msg)
			}
			if data, _ := os.ReadFile(file); string(data) != fixed {
				t.Errorf("the patch does not give what --fix writes:\n%s", data)
			}
		}
	}

	// Standard input: --diff shows the fixes under the given name; --fix
	// has no file to write.
	code, out, _ = podlint(t, fixable, "lint", "--diff", "--stdin-filename", "web.yaml", "-")
	if code != plainCode || !strings.HasPrefix(out, "--- web.yaml\n+++ web.yaml\n") {
		t.Errorf("--diff on stdin: exit %d\n%s", code, out)
	}
	code, _, errOut = podlint(t, fixable, "lint", "--fix", "-")
	if code != 2 || !strings.Contains(errOut, "standard input") {
		t.Errorf("--fix on stdin: exit %d, %s; want 2 and a reason", code, errOut)
	}
	if code, _, _ := podlint(t, "", "lint", "--fix", "--diff", file); code != 2 {
		t.Errorf("--fix --diff: exit %d, want 2", code)
	}
}

// TestBrokenDocuments checks that an edit inside a document that did not
// parse is never applied, whatever produced it: a document runs from its
// offset to the next one's.
func TestBrokenDocuments(t *testing.T) {
	first := &analyzer.Document{File: "a.yaml", Offset: 0}
	broken := &analyzer.Document{File: "a.yaml", Offset: 100}
	last := &analyzer.Document{File: "a.yaml", Offset: 200}
	res := &lint.Result{
		Objects: []*analyzer.Object{{Doc: first}, {Doc: last}},
		Diagnostics: []analyzer.Diagnostic{
			{Rule: "parse-error", Doc: broken},
			{Rule: "parse-error", Doc: &analyzer.Document{File: "b.yaml", Offset: 50}},
		},
	}
	spans := brokenDocuments(res)
	at := func(file string, start, end int) analyzer.Fix {
		return analyzer.Fix{Edits: []analyzer.Edit{{Start: start, End: end, Pos: analyzer.Position{File: file, Line: 1, Column: 1}}}}
	}
	for _, tt := range []struct {
		fix  analyzer.Fix
		want bool
	}{
		{at("a.yaml", 10, 20), false},
		{at("a.yaml", 99, 99), false},
		{at("a.yaml", 100, 100), true},
		{at("a.yaml", 150, 160), true},
		{at("a.yaml", 200, 210), false},
		{at("b.yaml", 10, 20), false},
		{at("b.yaml", 5000, 5000), true}, // the last document runs to the end
		{at("c.yaml", 0, 1), false},
	} {
		if got := spans.touches(tt.fix); got != tt.want {
			t.Errorf("%s %d:%d: touches = %v, want %v", tt.fix.Edits[0].Pos.File, tt.fix.Edits[0].Start, tt.fix.Edits[0].End, got, tt.want)
		}
	}
}
