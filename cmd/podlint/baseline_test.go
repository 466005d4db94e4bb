package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// baselineWeb is a Deployment whose only finding is the image-tag of its
// image; note is an annotation, to edit a line that is not the finding's.
func baselineWeb(name, image, note string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  annotations: {note: %[3]q}
spec:
  replicas: 2
  selector:
    matchLabels: {app: %[1]s}
  template:
    metadata:
      labels: {app: %[1]s}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: %[1]s
          image: %[2]s
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
`, name, image, note)
}

// TestBaseline runs the adoption of podlint on a repository with findings:
// --write-baseline records them, --baseline hides them while edits
// elsewhere in the file move their lines, a new finding shows, one more
// of a recorded key shows, and a fixed one leaves a stale entry reported
// at its line of the baseline, in every format.
func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "deploy", "web.yaml")
	other := filepath.Join(dir, "deploy", "other.yaml")
	baseline := filepath.Join(dir, "podlint-baseline.json")
	if err := os.MkdirAll(filepath.Dir(manifest), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(file, text string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lint := func(args ...string) (int, string, string) {
		t.Helper()
		code, out, errOut := podlint(t, "", append([]string{"lint", "--color", "never"}, args...)...)
		return code, strings.ReplaceAll(out, dir+string(filepath.Separator), ""), strings.ReplaceAll(errOut, dir+string(filepath.Separator), "")
	}
	check := func(name string, code int, out, errOut string, wantCode int, wantOut, wantErr string) {
		t.Helper()
		if code != wantCode || out != wantOut || errOut != wantErr {
			t.Errorf("%s: exit %d, want %d\nstdout (-want +got):\n%s\nstderr (-want +got):\n%s", name, code, wantCode, cmp.Diff(wantOut, out), cmp.Diff(wantErr, errOut))
		}
	}
	write(manifest, baselineWeb("web", "nginx", "first"))
	write(other, baselineWeb("other", "nginx:1.27", "other"))

	code, out, errOut := lint("--write-baseline", baseline, manifest, other)
	check("write", code, out, errOut, 0,
		"no problems in 2 files (2 documents: 2 loaded, 0 skipped, 0 failed; 2 objects; 1 finding hidden by the baseline)\n",
		"podlint: wrote 1 finding to podlint-baseline.json\n")
	data, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	wantFile := `{
  "podlintBaseline": 1,
  "findings": [
    {"file":"deploy/web.yaml","rule":"image-tag","apiVersion":"apps/v1","kind":"Deployment","namespace":"default","name":"web","path":"spec.template.spec.containers[0].image","message":"image \"nginx\" of container \"web\" has no tag, so it means latest; pin a version or a digest so every replica runs the same code"}
  ]
}
`
	if d := cmp.Diff(wantFile, string(data)); d != "" {
		t.Errorf("baseline file (-want +got):\n%s", d)
	}

	// An edit above the finding moves its line: still hidden.
	write(manifest, "# a comment that moves every line\n"+baselineWeb("web", "nginx", "edited, and longer"))
	code, out, errOut = lint("--baseline", baseline, manifest, other)
	check("edited elsewhere", code, out, errOut, 0,
		"no problems in 2 files (2 documents: 2 loaded, 0 skipped, 0 failed; 2 objects; 1 finding hidden by the baseline)\n", "")

	// A new finding shows, the recorded one stays hidden.
	write(other, baselineWeb("other", "redis", "other"))
	code, out, errOut = lint("--baseline", baseline, manifest, other)
	check("new finding", code, out, errOut, 0,
		`deploy/other.yaml:17:11: warning: image "redis" of container "other" has no tag, so it means latest; pin a version or a digest so every replica runs the same code (image-tag)
0 errors, 1 warning in 2 files (2 documents: 2 loaded, 0 skipped, 0 failed; 2 objects; 1 finding hidden by the baseline)
`, "")

	// The same object written twice: two findings of the recorded key, of
	// which one is new.
	twice := baselineWeb("web", "nginx", "first")
	write(manifest, twice+"---\n"+twice)
	code, out, errOut = lint("--baseline", baseline, "--fail-on", "warning", manifest)
	check("one more of a recorded key", code, out, errOut, 1,
		`deploy/web.yaml:44:11: warning: image "nginx" of container "web" has no tag, so it means latest; pin a version or a digest so every replica runs the same code (image-tag)
0 errors, 1 warning in 1 file (2 documents: 2 loaded, 0 skipped, 0 failed; 2 objects; 1 finding hidden by the baseline)
`, "")

	// Fixed: the entry is stale, at its line of the baseline. Linting
	// another file only (as pre-commit does) does not judge it.
	write(manifest, baselineWeb("web", "nginx:1.27.3", "first"))
	stale := `podlint-baseline.json:4:5: warning: the baseline hides image-tag for Deployment default/web in deploy/web.yaml at spec.template.spec.containers[0].image, which no longer has it; remove the entry, or write the baseline again (--write-baseline) (stale-baseline-entry)`
	code, out, errOut = lint("--baseline", baseline, manifest, other)
	check("fixed", code, out, errOut, 0,
		`deploy/other.yaml:17:11: warning: image "redis" of container "other" has no tag, so it means latest; pin a version or a digest so every replica runs the same code (image-tag)
`+stale+`
0 errors, 2 warnings in 2 files (2 documents: 2 loaded, 0 skipped, 0 failed; 2 objects)
`, "")
	code, out, errOut = lint("--baseline", baseline, "--report-unused-ignores=false", manifest)
	check("fixed, stale entries not asked for", code, out, errOut, 0,
		"no problems in 1 file (1 document: 1 loaded, 0 skipped, 0 failed; 1 object)\n", "")
	code, out, errOut = lint("--baseline", baseline, other)
	check("fixed, its file not linted", code, out, errOut, 0,
		`deploy/other.yaml:17:11: warning: image "redis" of container "other" has no tag, so it means latest; pin a version or a digest so every replica runs the same code (image-tag)
0 errors, 1 warning in 1 file (1 document: 1 loaded, 0 skipped, 0 failed; 1 object)
`, "")

	// Every format carries the stale entry, at its position.
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"github", []string{"::warning file=podlint-baseline.json,line=4,col=5,endLine=4,endColumn=319"}},
		{"json", []string{`"rule": "stale-baseline-entry"`, `"file": "podlint-baseline.json",
      "line": 4,
      "column": 5,`}},
		{"sarif", []string{`"ruleId": "stale-baseline-entry"`, `podlint-baseline.json"`, `"startColumn": 5,`, `"startLine": 4`}},
		{"gitlab", []string{`"check_name": "stale-baseline-entry"`, `"path": "podlint-baseline.json"`}},
		{"junit", []string{`<testcase name="stale-baseline-entry" classname="file"`}},
	} {
		_, out, _ := lint("--baseline", baseline, "-f", tc.format, manifest)
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("--format %s: no stale entry at podlint-baseline.json:4:5 (want %q):\n%s", tc.format, want, out)
			}
		}
	}
	var rep struct {
		Summary struct {
			Baselined int `json:"baselined"`
		} `json:"summary"`
	}
	write(manifest, baselineWeb("web", "nginx", "first"))
	_, out, _ = lint("--baseline", baseline, "-f", "json", manifest)
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Summary.Baselined != 1 {
		t.Errorf("JSON summary: baselined %d (%v), want 1:\n%s", rep.Summary.Baselined, err, out)
	}

	// The configuration names the baseline relative to itself.
	cfg := filepath.Join(dir, ".podlint.yaml")
	write(cfg, "baseline: podlint-baseline.json\n")
	code, out, errOut = lint("--config", cfg, manifest)
	check("baseline: in the configuration", code, out, errOut, 0,
		"no problems in 1 file (1 document: 1 loaded, 0 skipped, 0 failed; 1 object; 1 finding hidden by the baseline)\n", "")

	// A baseline that does not read is a usage error, before any lint.
	write(baseline, `{"podlintBaseline": 1, "findings": [{"file": "deploy/web.yaml", "rule": "image-tag", "line": 3}]}`)
	code, _, errOut = lint("--baseline", baseline, manifest)
	if want := `podlint: baseline podlint-baseline.json:1:86: unknown key "line" of a finding` + "\n"; code != 2 || errOut != want {
		t.Errorf("broken baseline: exit %d, stderr %q; want 2 and %q", code, errOut, want)
	}
}
