package policies_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/policies"
)

// TestRego runs every embedded *_test.rego under the sandbox production
// uses, and fails when no test ran.
func TestRego(t *testing.T) {
	results, err := policies.RunBuiltinTests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests ran")
	}
	for _, r := range results {
		t.Run(strings.TrimPrefix(r.Package, "data.")+"/"+r.Name, func(t *testing.T) {
			switch {
			case r.Err != nil:
				t.Errorf("%s: %s: %v", r.Location, r.Name, r.Err)
			case r.Fail:
				t.Errorf("%s: %s failed", r.Location, r.Name)
			case r.Skip:
				t.Skip()
			}
		})
	}
}

// TestPolicies runs every built-in policy over its fixtures,
// testdata/<policy-id>, through the check production runs, with the other
// policies off: a fixture need not want their findings.
func TestPolicies(t *testing.T) {
	for _, r := range policies.BuiltinSet().Policies() {
		t.Run(r.ID, func(t *testing.T) {
			only := policies.BuiltinWithout(func(id string) bool { return id != r.ID }).Rules()
			analyzertest.Run(t, filepath.Join("..", "testdata", r.ID), only...)
		})
	}
}

// widget is a custom workload whose Pod template is where no built-in kind
// has one; the policies find it because the Go PodSpec view does.
const widget = `apiVersion: apps.example.com/v1
kind: Widget
metadata:
  name: w
spec:
  podTemplate:
    metadata:
      labels: {app: widget}
    spec:
      hostNetwork: true                          # want: host-namespaces
      containers:
        - name: w
          image: example/widget:1.0
          securityContext:
            privileged: true                     # want: privileged-container
            allowPrivilegeEscalation: false      # want: privilege-escalation
            readOnlyRootFilesystem: true
            runAsNonRoot: true
          resources:                             # want: missing-resources
            limits: {cpu: "1"}
`

// TestCustomWorkload checks that a kind configured with --workload gets
// the built-in policies' findings at the paths of its own Pod template,
// and none without the configuration.
func TestCustomWorkload(t *testing.T) {
	wants, _, err := analyzertest.ParseExpectations(widget)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for line, ws := range wants {
		for _, w := range ws {
			want = append(want, fmt.Sprintf("%d %s", line, w.Rule))
		}
	}
	kind := load.WorkloadKind{APIVersion: "apps.example.com/v1", Kind: "Widget", TemplatePath: "spec.podTemplate"}
	off := map[string]bool{} // opinions, which the Widget need not satisfy
	for _, r := range policies.BuiltinSet().Policies() {
		off[r.ID] = r.DefaultOff
	}
	lint := func(opts load.Options) []string {
		res := load.Bytes("widget.yaml", []byte(widget), opts)
		var got []string
		for _, d := range analyzer.Run(t.Context(), res.Objects, policies.Builtin(), analyzer.Options{}) {
			if off[d.Rule] {
				continue
			}
			got = append(got, fmt.Sprintf("%d %s", d.Pos.Line, d.Rule))
		}
		return got
	}
	got := lint(load.Options{Workloads: []load.WorkloadKind{kind}})
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("findings on a Widget with --workload (-want +got):\n%s", diff)
	}
	if got := lint(load.Options{}); len(got) != 0 {
		t.Errorf("findings on a Widget without --workload: %v", got)
	}
}
