package policies_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/policies"
)

// TestRego runs every embedded *_test.rego under the sandbox production
// uses, and fails when no test ran.
func TestRego(t *testing.T) {
	results, err := policies.RunBuiltinTests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests ran")
	}
	for _, r := range results {
		t.Run(strings.TrimPrefix(r.Package, "data.")+"/"+r.Name, func(t *testing.T) {
			switch {
			case r.Err != nil:
				t.Errorf("%s: %s: %v", r.Location, r.Name, r.Err)
			case r.Fail:
				t.Errorf("%s: %s failed", r.Location, r.Name)
			case r.Skip:
				t.Skip()
			}
		})
	}
}

// TestPolicies runs every built-in policy over its fixtures,
// testdata/<policy-id>.
func TestPolicies(t *testing.T) {
	for _, r := range policies.Builtin() {
		t.Run(r.ID, func(t *testing.T) {
			analyzertest.Run(t, filepath.Join("..", "testdata", r.ID), r)
		})
	}
}
