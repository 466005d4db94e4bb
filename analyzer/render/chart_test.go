package render

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

const sharedCharts = "../../../shared/charts/helm"

// TestMarksKeepLines renders every shared chart and variant: each renders
// but prometheus-postgres-exporter with its default values (a fail in
// templates/secrets.yaml, as helm template fails), and the marked render
// has the lines of Helm's own text, so that every file can be placed.
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
			wantErr := filepath.Base(d) == "prometheus-postgres-exporter" && r.Variant == ""
			if (r.Err != nil) != wantErr {
				t.Errorf("%s %q: render error %v, want one: %v", d, r.Variant, r.Err, wantErr)
			}
			if wantErr && (filepath.Base(r.ErrFile) != "secrets.yaml" || r.ErrLine != 2) {
				t.Errorf("%s: error placed at %s:%d, want templates/secrets.yaml:2", d, r.ErrFile, r.ErrLine)
			}
			for _, f := range r.Files {
				if !f.Verbatim() && f.lines.Marks == nil {
					t.Errorf("%s %s: %s has no line map", d, r.Variant, f.Name)
				}
			}
		}
	}
}
