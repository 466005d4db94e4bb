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
