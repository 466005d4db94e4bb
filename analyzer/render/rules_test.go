package render_test

import (
	"path/filepath"
	"testing"

	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/analyzer/render"
)

func TestRules(t *testing.T) {
	for _, r := range render.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			analyzertest.Run(t, filepath.Join("..", "..", "testdata", r.ID))
		})
	}
}
