package lint_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/rules"
)

// TestPeerSuppressions checks that the suppression annotations of
// kube-linter, kube-score and Polaris silence the podlint rules the table
// maps their checks to, on their object, and that --report-unused-ignores
// covers them.
func TestPeerSuppressions(t *testing.T) {
	ann := func(a string) string { return fmt.Sprintf(pod, "\n  annotations: {"+a+"}", "", "") }
	tests := []struct {
		name           string
		in             string
		unused, off    bool
		want, silenced []string
	}{
		{"kube-linter check", ann(`ignore-check.kube-linter.io/latest-tag: "mirrored"`), true,
			false, []string{"2:1 bare-pod"}, []string{"10:7 image-tag"}},
		{"kube-linter check, turned off", ann(`ignore-check.kube-linter.io/latest-tag: "mirrored"`), true,
			true, []string{"2:1 bare-pod", "10:7 image-tag"}, []string{}},
		// bare-pod maps from no kube-linter check: ignore-all leaves it.
		{"kube-linter ignore-all", ann(`kube-linter.io/ignore-all: "legacy"`), true,
			false, []string{"2:1 bare-pod"}, []string{"10:7 image-tag"}},
		{"kube-score tests", ann(`kube-score/ignore: "container-image-tag, pod-probes"`), false,
			false, []string{"2:1 bare-pod"}, []string{"10:7 image-tag"}},
		{"kube-score test unused", ann(`kube-score/ignore: "container-image-tag,environment-variable-key-duplication"`), true,
			false, []string{"2:1 bare-pod", "6:17 unused-ignore"}, []string{"10:7 image-tag"}},
		{"polaris exempt", ann(`polaris.fairwinds.com/exempt: "true"`), true,
			false, []string{}, []string{"2:1 bare-pod", "10:7 image-tag"}},
		{"polaris exempt false", ann(`polaris.fairwinds.com/exempt: "false"`), true,
			false, []string{"2:1 bare-pod", "10:7 image-tag"}, []string{}},
		{"polaris check exempt", ann(`polaris.fairwinds.com/nakedPod-exempt: "true"`), true,
			false, []string{"10:7 image-tag"}, []string{"2:1 bare-pod"}},
		// A check the table does not know may be one podlint never heard
		// of: no finding, not even unused. One it maps to no rule is
		// said to silence nothing.
		{"unknown check", ann(`ignore-check.kube-linter.io/some-new-check: "x"`), true,
			false, []string{"2:1 bare-pod", "10:7 image-tag"}, []string{}},
		{"check without a rule", ann(`ignore-check.kube-linter.io/use-namespace: "x"`), true,
			false, []string{"2:1 bare-pod", "6:17 unused-ignore", "10:7 image-tag"}, []string{}},
		{"check without a rule, unused not asked", ann(`ignore-check.kube-linter.io/use-namespace: "x"`), false,
			false, []string{"2:1 bare-pod", "10:7 image-tag"}, []string{}},
		{"template annotation", fmt.Sprintf(deployment, "\n      annotations: {kube-score/ignore: container-image-tag}"), true,
			false, []string{}, []string{"15:11 image-tag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lint.Bytes(t.Context(), "pod.yaml", []byte(tt.in), lint.Options{Rules: onByDefault(), ReportUnusedIgnores: tt.unused, NoPeerSuppressions: tt.off})
			if diff := cmp.Diff(tt.want, lines(res.Diagnostics)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.silenced, lines(res.Suppressed)); diff != "" {
				t.Errorf("suppressed (-want +got):\n%s", diff)
			}
		})
	}
}

// onByDefault returns the Go rules a lint runs unless configured, as the
// CLI chooses them: those off by default are left out.
func onByDefault() []*analyzer.Rule {
	return slices.DeleteFunc(rules.All(), func(r *analyzer.Rule) bool { return r.DefaultOff })
}
