package lint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/rules"
)

const mixed = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
  labels: {team: a}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
`

// TestStreamSheds checks that a streamed lint packs the typed values the
// cross-object rules read and sheds the others, and that a cross-object
// rule without SetReads keeps every object.
func TestStreamSheds(t *testing.T) {
	file := filepath.Join(t.TempDir(), "app.yaml")
	if err := os.WriteFile(file, []byte(mixed), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []load.Input{{Name: file, Path: file}}
	typed := func(ruleSet []*analyzer.Rule) map[string]bool {
		res, err := lint.Inputs(t.Context(), inputs, lint.Options{Rules: ruleSet})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, o := range res.Objects {
			if !o.BuiltinKind() {
				t.Errorf("%s: BuiltinKind is false", o)
			}
			if o.Typed != nil {
				t.Errorf("%s: the typed value is neither shed nor packed", o)
			}
			out[o.Kind] = o.Packed()
			if o.Packed() && (!o.Unpack() || o.Typed == nil) {
				t.Errorf("%s: packed but does not unpack", o)
			}
			if o.Name == "" || o.Labels == nil && o.Kind == "ClusterRole" {
				t.Errorf("%s lost its identity", o)
			}
		}
		return out
	}
	got := typed(rules.All())
	if got["ClusterRole"] || !got["Service"] || !got["Deployment"] {
		t.Errorf("with the built-in rules, typed values packed: %v; want Service and Deployment only", got)
	}
	greedy := &analyzer.Rule{ID: "greedy", CheckSet: func(*analyzer.SetPass) error { return nil }}
	got = typed(append(rules.All(), greedy))
	if !got["ClusterRole"] || !got["Service"] || !got["Deployment"] {
		t.Errorf("with a rule that reads every object, typed values packed: %v; want all", got)
	}
}
