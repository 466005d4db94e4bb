package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

func TestCatalogueIsValid(t *testing.T) {
	if err := analyzer.Validate(append(lint.EngineRules(), lintRules(defaultKube(t), policies.Builtin())...)); err != nil {
		t.Error(err)
	}
}

// TestFixturesCoverEveryRule is the meta-test: every rule has a fixture
// folder with at least one expected finding of its own and one clean file,
// and every folder under testdata names a rule (or holds examples).
func TestFixturesCoverEveryRule(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	known := map[string]bool{"examples": true}
	for _, r := range catalogue() {
		known[r.ID] = true
		if r.ID == analyzer.InternalError.ID || r.ID == policies.PolicyError.ID {
			continue // no manifest makes a rule or a policy fail on purpose (policy_test.go makes policies fail)
		}
		if r.ID == lint.StaleBaselineEntry.ID {
			continue // a baseline file makes it, beside manifests: baseline_test.go
		}
		dir := filepath.Join(root, r.ID)
		var wanted, clean int
		err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			wants, _, err := analyzertest.ParseExpectations(string(data))
			if err != nil {
				return err
			}
			if len(wants) == 0 {
				clean++
			}
			for _, ws := range wants {
				for _, w := range ws {
					if w.Rule == r.ID {
						wanted++
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		if wanted == 0 || clean == 0 {
			t.Errorf("testdata/%s: %d expected findings of the rule and %d clean files; want at least one of each", r.ID, wanted, clean)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !known[e.Name()] {
			t.Errorf("testdata/%s names no rule", e.Name())
		}
	}
}

// TestDocExamples lints every rule's documented examples: Bad must report
// the rule; Good must not, and must load cleanly (no parse-error or schema
// finding). Good may still trip other rules: a minimal Pod is a bare Pod.
func TestDocExamples(t *testing.T) {
	ruleSet := lintRules(defaultKube(t), policies.Builtin())
	for _, r := range catalogue() {
		if r.Doc.Bad == "" {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			// Through lint, so that the suppression rules' examples count.
			opts := lint.Options{Rules: ruleSet, Catalogue: catalogue(), ReportUnusedIgnores: true}
			bad := lint.Bytes(t.Context(), "bad.yaml", []byte(r.Doc.Bad), opts).Diagnostics
			if !hasRule(bad, r.ID) {
				t.Errorf("Doc.Bad does not report %s; got %v", r.ID, bad)
			}
			good := lint.Bytes(t.Context(), "good.yaml", []byte(r.Doc.Good), opts).Diagnostics
			for _, d := range good {
				if d.Rule == r.ID || d.Rule == "parse-error" || d.Rule == "schema" || d.Rule == "ambiguous-scalar" {
					t.Errorf("Doc.Good reports %s at %s: %s", d.Rule, d.Pos, d.Message)
				}
			}
		})
	}
}

func TestExplain(t *testing.T) {
	code, out, _ := podlint(t, "", "explain", "schema")
	if code != 0 || !strings.Contains(out, "schema: object does not match") || !strings.Contains(out, "Bad:\n") || !strings.Contains(out, "Good:\n") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, out, _ = podlint(t, "", "rules")
	for _, r := range catalogue() {
		if !strings.Contains(out, r.ID) {
			t.Errorf("podlint rules does not list %s", r.ID)
		}
	}
	if code != 0 {
		t.Errorf("rules: exit %d", code)
	}
}

func hasRule(ds []analyzer.Diagnostic, id string) bool {
	for _, d := range ds {
		if d.Rule == id {
			return true
		}
	}
	return false
}

func defaultKube(t *testing.T) rules.KubeVersion {
	t.Helper()
	return rules.DefaultKubeVersion()
}
