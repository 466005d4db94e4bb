package render

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

const sharedCharts = "../../../../shared/charts/helm"

func TestRenderSharedCharts(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(sharedCharts, "*"))
	if len(dirs) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("no shared charts")
		}
		t.Skip("no shared charts")
	}
	for _, d := range dirs {
		if !IsChart(d) {
			continue
		}
		rels, err := Chart(context.Background(), d, ChartOptions{KubeVersion: "1.37", Variants: true})
		if err != nil {
			t.Errorf("%s: %v", d, err)
			continue
		}
		for _, r := range rels {
			t.Logf("%s %q files=%d err=%v at %s:%d:%d", filepath.Base(d), r.Variant, len(r.Files), r.Err, r.ErrFile, r.ErrLine, r.ErrCol)
		}
	}
}

// TestMarksKeepLines renders every shared chart and variant and checks
// that the marked render has the lines of Helm's own text, so that every
// file can be placed.
func TestMarksKeepLines(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(sharedCharts, "*"))
	if len(dirs) == 0 && os.Getenv("CI") != "" {
		t.Fatal("no shared charts")
	}
	for _, d := range dirs {
		if !IsChart(d) {
			continue
		}
		rels, err := Chart(context.Background(), d, ChartOptions{KubeVersion: "1.37", Variants: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rels {
			for _, f := range r.Files {
				if !f.Verbatim() && f.lines.marks == nil {
					t.Errorf("%s %s: %s has no line map", d, r.Variant, f.Name)
				}
			}
		}
	}
}
