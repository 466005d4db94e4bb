package rules

import (
	"strings"
	"testing"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
)

// TestSeverities checks the findings whose severity differs from their
// rule's default, which fixture expectations do not state: a port listed
// twice in one container and a numeric targetPort are hints of lesser
// weight, and a cluster-scoped object's namespace is only ignored.
func TestSeverities(t *testing.T) {
	for _, tt := range []struct {
		file string
		rule *analyzer.Rule
		want map[string]analyzer.Severity // a substring of the message -> severity
	}{
		{"../testdata/duplicate-container-port/sidecar-and-host.yaml", DuplicateContainerPort, map[string]analyzer.Severity{
			"listens there once": analyzer.Warning, "second cannot bind": analyzer.Error, "hostPort 8080/TCP": analyzer.Error}},
		{"../testdata/service-port-mismatch/numeric-hint.yaml", ServicePortMismatch, map[string]analyzer.Severity{
			"targets port 14268": analyzer.Info}},
		{"../testdata/service-port-mismatch/named.yaml", ServicePortMismatch, map[string]analyzer.Severity{
			`the port named "web"`: analyzer.Warning}},
		{"../testdata/invalid-metadata/cluster-scoped.yaml", InvalidMetadata, map[string]analyzer.Severity{
			"is cluster-scoped": analyzer.Info, `name "PV_NAME"`: analyzer.Error}},
	} {
		seen := map[string]bool{}
		for _, d := range analyzertest.Lint(t, []string{tt.file}, []*analyzer.Rule{tt.rule}) {
			for sub, sev := range tt.want {
				if d.Rule == tt.rule.ID && strings.Contains(d.Message, sub) {
					seen[sub] = true
					if d.Severity != sev {
						t.Errorf("%s:%d: %s finding %q has severity %v, want %v", tt.file, d.Pos.Line, d.Rule, d.Message, d.Severity, sev)
					}
				}
			}
		}
		for sub := range tt.want {
			if !seen[sub] {
				t.Errorf("%s: no %s finding mentioning %q", tt.file, tt.rule.ID, sub)
			}
		}
	}
}
