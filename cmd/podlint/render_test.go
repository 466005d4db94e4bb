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

// TestKustomizationFilesNamed: the same for kustomizations. A changed
// patch reports the findings the build places in it, not the base's; a
// changed base file, those placed in it; a changed kustomization, its
// whole build.
func TestKustomizationFilesNamed(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "image-tag", "kustomize")
	patch := filepath.Join(dir, "overlay", "latest.yaml")
	base := filepath.Join(dir, "base", "deployment.yaml")
	for _, tc := range []struct {
		changed string
		want    []string
		notWant []string
	}{
		{patch, []string{patch + ":11:11: warning: image \"nginx:latest\""}, []string{base}},
		{base, []string{base + ":13:11: warning"}, []string{patch}},
		{filepath.Join(dir, "overlay", "kustomization.yaml"), []string{patch + ":11:11", base + ":13:11"}, nil},
	} {
		_, out, errOut := podlint(t, "", "lint", "--context", dir, tc.changed)
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
