package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

// TestConftestPolicies runs a directory of policies written for conftest:
// several files, a helper package imported as data.kubernetes, deny with
// strings, violation with objects (with and without a path), warn.
func TestConftestPolicies(t *testing.T) {
	dir := filepath.Join("testdata", "conftest")
	manifest := filepath.Join(dir, "web.yaml")
	code, out, errOut := podlint(t, "", "lint", "--no-builtin-policies", "--color", "never", "-q",
		"--policy", filepath.Join(dir, "policy"), manifest)
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasSuffix(line, "(image-tag)") {
			continue // a Go rule, not under test here
		}
		got = append(got, strings.TrimPrefix(filepath.ToSlash(line), filepath.ToSlash(dir)+"/"))
	}
	want := []string{
		"web.yaml:1:1: error: Containers must not run as root in Deployment web (main-deny)",
		"web.yaml:5:3: warning: Deployment web has no app.kubernetes.io/name label (main-warn)",
		"web.yaml:18:11: error: container web uses the latest tag (main-violation)",
		"web.yaml:24:1: error: services must not be NodePort (main-violation)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	// A namespace without deny, violation or warn rules is an error, never a silent pass.
	code, _, _ = podlint(t, "", "lint", "--no-builtin-policies", "--policy", filepath.Join(dir, "policy"),
		"--rego-namespace", "kubernetes", manifest)
	if code != exitError {
		t.Errorf("a namespace without deny/violation/warn: exit %d, want %d", code, exitError)
	}
}

func TestPolicyErrors(t *testing.T) {
	dir := filepath.Join("testdata", "conftest")
	manifest := filepath.Join(dir, "web.yaml")
	for _, tc := range []struct {
		name string
		args []string
		want int
		msg  string
	}{
		{"v0 syntax with --rego-v0", []string{"--rego-v0", "--policy", filepath.Join(dir, "policy-v0")}, exitFindings, ""},
		{"v0 syntax without --rego-v0", []string{"--policy", filepath.Join(dir, "policy-v0")}, exitError, "--rego-v0"},
		{"compile error", []string{"--policy", filepath.Join(dir, "broken")}, exitError, "deny.rego:5: rego_unsafe_var_error"},
		{"forbidden builtin", []string{"--policy", filepath.Join(dir, "exfil")}, exitError, "deny.rego:4:10: builtin http.send is not allowed"},
		{"missing directory", []string{"--policy", filepath.Join(dir, "nope")}, exitError, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"lint", "--no-builtin-policies"}, tc.args...)
			code, _, errOut := podlint(t, "", append(args, manifest)...)
			if code != tc.want || !strings.Contains(errOut, tc.msg) {
				t.Errorf("exit %d (want %d), stderr %q (want it to contain %q)", code, tc.want, errOut, tc.msg)
			}
		})
	}
}

func TestTestCommand(t *testing.T) {
	dir := filepath.Join("testdata", "conftest")
	code, out, errOut := podlint(t, "", "test", "--policy", filepath.Join(dir, "policy"))
	if code != 0 || !strings.Contains(out, "PASS data.main_test.test_root_denied") || !strings.Contains(out, "2 passed, 0 failed") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, _, errOut = podlint(t, "", "test", "--policy", filepath.Join(dir, "exfil"))
	if code != exitError || !strings.Contains(errOut, "http.send") {
		t.Errorf("forbidden builtin: exit %d, stderr %q", code, errOut)
	}
	code, _, _ = podlint(t, "", "test")
	if code != exitError {
		t.Errorf("no --policy: exit %d, want 2", code)
	}
}

// TestFailingRegoTest: a failing test_ rule is exit 1.
func TestFailingRegoTest(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.rego"), "package main\n\ndeny contains \"no\" if input.kind == \"Pod\"\n")
	writeFile(t, filepath.Join(dir, "p_test.rego"), "package main_test\n\nimport data.main\n\n"+
		"test_fails if {\n\tcount(main.deny) == 1 with input as {\"kind\": \"Service\"}\n}\n")
	code, out, _ := podlint(t, "", "test", "--policy", dir)
	if code != exitFindings || !strings.Contains(out, "FAIL data.main_test.test_fails") {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
}

// TestRuleIDsAreUnique checks Go rules, engine rules and built-in policies
// together: policies cannot import rules, so the check lives here.
func TestRuleIDsAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, r := range catalogue() {
		if prev, dup := seen[r.ID]; dup {
			t.Errorf("rule ID %q is used by a %s rule and a %s rule", r.ID, prev, r.SourceName())
		}
		seen[r.ID] = r.SourceName()
	}
	for _, r := range policies.BuiltinSet().Policies() {
		if seen[r.ID] != "rego" {
			t.Errorf("policy %s is missing from the catalogue", r.ID)
		}
	}
	if len(rules.All()) == 0 {
		t.Error("no Go rules")
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
