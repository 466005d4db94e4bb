package lint_test

import (
	"context"
	"testing"

	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/rules"
)

// FuzzSuppressions lints arbitrary text carrying ignore comments and
// annotations: parsing them must never panic, and every finding kept or
// silenced must have a position.
func FuzzSuppressions(f *testing.F) {
	for _, seed := range []string{
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx  # podlint:ignore image-tag pinned by digest in CI\n",
		"# podlint:ignore\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    podlint.io/ignore: \"all\"\n",
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    podlint.io/ignore: \",,bare-pods ,\"\nspec: {containers: []}\n",
		"x: '# podlint:ignore image-tag'\n# podlint:ignore a,b,c,\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      annotations: {podlint.io/ignore: selector-mismatch}\n",
	} {
		f.Add(seed)
	}
	opts := lint.Options{Rules: rules.All(), Catalogue: rules.All(), ReportUnusedIgnores: true}
	f.Fuzz(func(t *testing.T, text string) {
		res := lint.Bytes(context.Background(), "f.yaml", []byte(text), opts)
		for _, d := range append(res.Diagnostics, res.Suppressed...) {
			if !d.Pos.IsValid() {
				t.Errorf("finding without a position: %+v", d)
			}
		}
	})
}
