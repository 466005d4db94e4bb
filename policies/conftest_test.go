package policies_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/policies"
)

// userPolicies is a conftest policy directory: one package reads the
// object as conftest gives it, the other imports podlint's library.
var userPolicies = map[string]string{
	"plain.rego": `package main

# input is the object alone, as conftest gives it: no envelope.
deny contains msg if {
	input.kind == "Widget"
	not input.object
	object.keys(input) == {"apiVersion", "kind", "metadata", "spec"}
	msg := sprintf("widget %s", [input.metadata.name])
}

warn_latest contains {"msg": "latest tag", "path": sprintf("%s.image", [x.path])} if {
	some x in pods.containers
	endswith(x.container.image, ":latest")
}

import data.podlint.lib.pods
`,
	"plain_test.rego": `package main_test

import data.main

test_latest if {
	main.warn_latest == {{"msg": "latest tag", "path": "spec.containers[0].image"}} with input as {"kind": "Pod", "spec": {"containers": [{"name": "a", "image": "x:latest"}]}}
		with podlint.workload as {"spec_path": "spec", "spec_keys": ["spec"]}
}
`,
}

const userWidget = `apiVersion: apps.example.com/v1
kind: Widget
metadata:
  name: w
spec:
  podTemplate:
    spec:
      containers:
        - name: w
          image: example/widget:latest
`

// TestUserPolicies checks that a user policy set is one check reporting
// under each policy's ID, that its policies see the plain object, and
// that they may import podlint's library, which finds the Pod spec where
// the Go PodSpec view does, custom workloads included; and that podlint
// test gives the library to the user's tests too.
func TestUserPolicies(t *testing.T) {
	dir := t.TempDir()
	for name, src := range userPolicies {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	set, err := policies.LoadSet(t.Context(), []string{dir}, policies.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rules := set.Rules()
	if len(rules) != 1 || rules[0].ID != policies.UserID {
		t.Fatalf("the user set runs %d rules, want one check", len(rules))
	}
	var ids []string
	for _, r := range set.Policies() {
		ids = append(ids, r.ID+" "+r.Severity.String())
	}
	if diff := cmp.Diff([]string{"main-deny error", "main-warn-latest warning"}, ids); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}
	kind := load.WorkloadKind{APIVersion: "apps.example.com/v1", Kind: "Widget", TemplatePath: "spec.podTemplate"}
	res := load.Bytes("w.yaml", []byte(userWidget), load.Options{Workloads: []load.WorkloadKind{kind}})
	var got []string
	for _, d := range analyzer.Run(t.Context(), res.Objects, rules, analyzer.Options{}) {
		got = append(got, fmt.Sprintf("%d:%d %s %s %s", d.Pos.Line, d.Pos.Column, d.Rule, d.Severity, d.Message))
	}
	want := []string{"1:1 main-deny error widget w", "10:11 main-warn-latest warning latest tag"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	results, err := policies.RunTests(t.Context(), []string{dir}, policies.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || !results[0].Passed() {
		t.Errorf("user tests importing the library: %+v", results)
	}
}
