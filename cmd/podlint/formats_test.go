package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeveralReportsFromOneRun checks that repeated --format flags write
// every report from one lint: one to standard output, the others to files.
func TestSeveralReportsFromOneRun(t *testing.T) {
	dir := t.TempDir()
	examples := filepath.Join("..", "..", "testdata", "examples")
	sarifFile, junitFile, gitlabFile := filepath.Join(dir, "p.sarif"), filepath.Join(dir, "p.xml"), filepath.Join(dir, "gl.json")
	code, out, errOut := podlint(t, "", "lint", "-f", "github", "-f", "sarif="+sarifFile, "-f", "junit="+junitFile, "-f", "gitlab="+gitlabFile, examples)
	if code != 1 || !strings.HasPrefix(out, "::") {
		t.Fatalf("exit %d, stderr %q, stdout:\n%.300s\nwant exit 1 and annotations on standard output", code, errOut, out)
	}
	annotations := strings.Count(out, "\n::")
	var sarif struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	readJSON(t, sarifFile, &sarif)
	if n := len(sarif.Runs[0].Results); n != annotations+1 {
		t.Errorf("SARIF has %d results, the annotations %d", n, annotations+1)
	}
	var gitlab []map[string]any
	readJSON(t, gitlabFile, &gitlab)
	if len(gitlab) != annotations+1 {
		t.Errorf("GitLab report has %d issues, the annotations %d", len(gitlab), annotations+1)
	}
	data, err := os.ReadFile(junitFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, new(struct{})); err != nil {
		t.Errorf("JUnit file: %v", err)
	}

	for _, bad := range [][]string{{"-f", "json", "-f", "text"}, {"-f", "yaml"}, {"-f", "json=" + sarifFile, "-f", "sarif=" + sarifFile}, {"-f", "json="}} {
		if code, _, errOut := podlint(t, "", append(append([]string{"lint"}, bad...), examples)...); code != 2 || !strings.Contains(errOut, "--format") {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", bad, code, errOut)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestSummaryCountsWhatWasLinted checks that the summary counts the files
// linted, not the --context files read beside them, and that a run that
// could read nothing prints no "no problems" report.
func TestSummaryCountsWhatWasLinted(t *testing.T) {
	examples := filepath.Join("..", "..", "testdata", "examples")
	web := filepath.Join(examples, "web.yaml")
	_, out, _ := podlint(t, "", "lint", "--context", examples, web)
	if !strings.Contains(out, " in 1 file (") {
		t.Errorf("one file named, with context: summary %q, want 1 file", lastLine(out))
	}
	code, out, errOut := podlint(t, "", "lint", filepath.Join(t.TempDir(), "missing.yaml"))
	if code != 2 || out != "" || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing file: exit %d, stdout %q, stderr %q; want 2, nothing on stdout, the path named", code, out, errOut)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestCompletion checks what the shell completes: the formats after
// --format, rule IDs after explain.
func TestCompletion(t *testing.T) {
	_, out, _ := podlint(t, "", "__complete", "lint", "--format", "")
	if !strings.Contains(out, "gitlab\n") || strings.Contains(out, ".yaml") {
		t.Errorf("--format completes to:\n%s", out)
	}
	_, out, _ = podlint(t, "", "__complete", "explain", "selector-")
	if !strings.HasPrefix(out, "selector-mismatch\t") || strings.Contains(out, "image-tag") {
		t.Errorf("explain selector- completes to:\n%s", out)
	}
}

// TestVersion checks what podlint version and --version print: a version
// a SARIF reader takes for one, and the Kubernetes version targeted.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		_, out, _ := podlint(t, "", args...)
		if !strings.HasPrefix(out, "podlint ") || strings.Contains(out, "(devel)") || !strings.Contains(out, "Kubernetes 1.") {
			t.Errorf("%v prints %q", args, out)
		}
	}
	if v := buildVersion(); v == "" || strings.ContainsAny(v, "() ") {
		t.Errorf("buildVersion() = %q", v)
	}
}
