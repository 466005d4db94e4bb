package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// podlint runs the CLI in-process and returns its exit code and output.
func podlint(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	clean := filepath.Join("..", "..", "testdata", "examples", "web.yaml")
	broken := filepath.Join("..", "..", "testdata", "examples", "numbers-api.yaml")
	legacy := filepath.Join("..", "..", "testdata", "examples", "legacy-ingress.yaml")
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{"lint", clean}, 0},
		{"errors", []string{"lint", broken}, 1},
		{"errors below fail-on", []string{"lint", "--fail-on", "error", clean}, 0},
		{"removed api is an error", []string{"lint", legacy}, 1},
		{"old target version only warns", []string{"lint", "--kube-version", "1.20", "--fail-on", "error", legacy}, 0},
		{"warnings count with fail-on warning", []string{"lint", "--kube-version", "1.20", "--fail-on", "warning", legacy}, 1},
		{"missing path", []string{"lint", "no/such/file.yaml"}, 2},
		{"bad format", []string{"lint", "--format", "xml", clean}, 2},
		{"bad fail-on", []string{"lint", "--fail-on", "fatal", clean}, 2},
		{"bad kube version", []string{"lint", "--kube-version", "latest", clean}, 2},
		{"unknown flag", []string{"lint", "--frobnicate", clean}, 2},
		{"unknown rule", []string{"explain", "no-such-rule"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := podlint(t, "", tc.args...)
			if code != tc.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.want, out, errOut)
			}
		})
	}
}

func TestMissingPathIsNamed(t *testing.T) {
	code, _, errOut := podlint(t, "", "lint", "no/such/file.yaml")
	if code != 2 || !strings.Contains(errOut, "no/such/file.yaml") {
		t.Errorf("exit %d, stderr %q: want 2 and the path named", code, errOut)
	}
}

func TestTextFormat(t *testing.T) {
	broken := filepath.Join("..", "..", "testdata", "examples", "numbers-api.yaml")
	_, out, _ := podlint(t, "", "lint", broken)
	want := broken + `:15:7: error: unknown field "contianers" in PodSpec; did you mean "containers"? (schema)`
	if !strings.Contains(out, want+"\n") {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(out, "in 1 file (1 document: 1 loaded, 0 skipped, 0 failed; 1 object)") {
		t.Errorf("no summary line:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour codes when not on a terminal:\n%s", out)
	}
	_, colored, _ := podlint(t, "", "lint", "--color", "always", broken)
	if !strings.Contains(colored, "\x1b[") || !strings.Contains(colored, "      contianers:\n") {
		t.Errorf("--color always shows no colour or source excerpt:\n%s", colored)
	}
}

func TestJSONContract(t *testing.T) {
	broken := filepath.Join("..", "..", "testdata", "examples", "numbers-api.yaml")
	code, out, _ := podlint(t, "", "lint", "--format", "json", broken)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var got struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Summary     map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	first := got.Diagnostics[0]
	want := map[string]any{
		"rule": "schema", "severity": "error", "file": broken, "line": 15.0, "column": 7.0,
		"path":   "spec.template.spec.contianers",
		"object": map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "default", "name": "numbers-api"},
	}
	for k, v := range want {
		if diff := cmp.Diff(v, first[k]); diff != "" {
			t.Errorf("diagnostic %s (-want +got):\n%s", k, diff)
		}
	}
	for _, k := range []string{"files", "documents", "objects", "skipped", "errors", "warnings", "infos"} {
		if _, ok := got.Summary[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	if got.Summary["errors"] != 3.0 {
		t.Errorf("summary errors = %v, want 3", got.Summary["errors"])
	}
}

// TestStdinMatchesFile checks what editors rely on: linting a buffer on
// standard input under its file name gives exactly the findings of the file.
func TestStdinMatchesFile(t *testing.T) {
	for _, name := range []string{"numbers-api.yaml", "chart-template.yaml", "legacy-ingress.yaml"} {
		path := filepath.Join("..", "..", "testdata", "examples", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, fromFile, _ := podlint(t, "", "lint", "--format", "json", path)
		_, fromStdin, _ := podlint(t, string(data), "lint", "--format", "json", "--stdin-filename", path, "-")
		if diff := cmp.Diff(fromFile, fromStdin); diff != "" {
			t.Errorf("%s: stdin differs from file (-file +stdin):\n%s", name, diff)
		}
	}
}

func TestDeterministicOrder(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata")
	_, first, _ := podlint(t, "", "lint", "--format", "json", dir)
	for range 3 {
		_, again, _ := podlint(t, "", "lint", "--format", "json", dir)
		if again != first {
			t.Fatal("two runs over the same input gave different output")
		}
	}
}
