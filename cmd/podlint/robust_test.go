package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnreadableInput checks that an unreadable file is named and makes the
// exit code 2, unless --keep-going, and that the other files are linted.
func TestUnreadableInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.yaml")
	code, out, errOut := podlint(t, "", "lint", good, missing)
	if code != 2 || !strings.Contains(errOut, "missing.yaml") || !strings.Contains(out, "1 object") {
		t.Errorf("exit %d, stdout %q, stderr %q: want 2, the path named and the good file linted", code, out, errOut)
	}
	code, _, errOut = podlint(t, "", "lint", "--keep-going", good, missing)
	if code != 0 || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("--keep-going: exit %d, stderr %q; want 0 and the path named", code, errOut)
	}
}

func TestMaxFileSize(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "+strings.Repeat("x", 2000)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Named on the command line: not linting it is an error, even with -q.
	code, out, errOut := podlint(t, "", "lint", "-q", "--max-file-size", "1000", big)
	if code != 2 || !strings.Contains(out, "skipped: larger than 1000 bytes") || !strings.Contains(errOut, "big.yaml: not linted: larger than 1000 bytes") {
		t.Errorf("exit %d, output:\n%s%s\nwant exit 2 and the file reported as not linted", code, out, errOut)
	}
	// Met in a directory: a notice in every format, and the exit code of the findings.
	code, out, _ = podlint(t, "", "lint", "--max-file-size", "1000", dir)
	if code != 0 || !strings.Contains(out, "skipped: larger than 1000 bytes") || !strings.Contains(out, "1 file skipped whole") {
		t.Errorf("exit %d, output:\n%s\nwant exit 0 and the file reported as skipped", code, out)
	}
	for format, want := range map[string]string{
		"json":   `"reason": "larger than 1000 bytes"`,
		"github": "::warning file=" + big + ",title=podlint::not linted: larger than 1000 bytes",
		"junit":  `<skipped message="not linted: larger than 1000 bytes">`,
		"sarif":  `"text": "not linted: larger than 1000 bytes"`,
	} {
		if _, out, _ := podlint(t, "", "lint", "-q", "-f", format, "--max-file-size", "1000", dir); !strings.Contains(out, want) {
			t.Errorf("-f %s: output lacks %q:\n%s", format, want, out)
		}
	}
}
