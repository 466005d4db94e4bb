package rules_test

import (
	"path/filepath"
	"testing"

	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/rules"
)

// TestRules runs every rule over its fixture folder, testdata/<rule-id>.
// Adding a rule needs no new test: add it to All and give it fixtures.
func TestRules(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			analyzertest.Run(t, filepath.Join("..", "testdata", r.ID), r)
		})
	}
}
