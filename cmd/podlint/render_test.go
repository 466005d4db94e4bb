package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestChartFilesNamed lints as the pre-commit hook does (--context and the
// changed files): a changed template reports the findings on it; a
// changed values file, the chart's findings on any template.
func TestChartFilesNamed(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "host-namespaces")
	chart := filepath.Join(dir, "chart")
	tmpl := filepath.Join(chart, "templates", "daemonset.yaml")
	for _, tc := range []struct {
		changed string
		want    []string
		notWant []string
	}{
		{tmpl, []string{tmpl + ":16:7: error", tmpl + ":18:7: error"}, nil},
		{filepath.Join(chart, "values.yaml"), []string{tmpl + ":16:7: error"}, nil},
		{filepath.Join(dir, "host.yaml"), nil, []string{tmpl}},
	} {
		_, out, errOut := podlint(t, "", "lint", "-q", "--context", dir, tc.changed)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s changed: no %q in\n%s%s", tc.changed, w, out, errOut)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(out, w) {
				t.Errorf("%s changed: %q reported:\n%s", tc.changed, w, out)
			}
		}
	}
}
