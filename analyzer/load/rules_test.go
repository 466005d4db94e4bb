package load_test

import (
	"path/filepath"
	"testing"

	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/analyzer/load"
)

// TestLoaderRules checks the loader's findings against the fixtures of its
// rules, testdata/<rule-id>.
func TestLoaderRules(t *testing.T) {
	for _, r := range load.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			analyzertest.Run(t, filepath.Join("..", "..", "testdata", r.ID))
		})
	}
}
