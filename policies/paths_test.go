package policies

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/podlint/podlint/analyzer/load"
)

// TestContainerPathsAgree runs the Go PodSpec view and lib/pods.rego, given
// what the Go view says as in production, over every fixture object, custom
// workloads included, and compares the container paths each yields, so Go
// rules and policies can never disagree on where a container is.
func TestContainerPathsAgree(t *testing.T) {
	c, err := compileBuiltinStrictly()
	if err != nil {
		t.Fatal(err)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Query("data.podlint.lib.pods.containers"), workloadFunc).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var inputs []load.Input
	err = filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && load.IsManifestName(path) {
			inputs = append(inputs, load.Input{Name: path, Path: path})
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	widget := load.WorkloadKind{APIVersion: "apps.example.com/v1", Kind: "Widget", TemplatePath: "spec.podTemplate"}
	res, _ := load.Load(context.Background(), inputs, load.Options{Workloads: []load.WorkloadKind{widget}})
	compared, custom := 0, 0
	for _, o := range res.Objects {
		spec, ok := o.PodSpec()
		if !ok || o.Rejected {
			continue
		}
		if o.Workload != nil {
			custom++
		}
		var fromGo []string
		for ct := range spec.Containers() {
			fromGo = append(fromGo, ct.Path.String())
		}
		ctx, input, err := regoInput(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
		if err != nil {
			t.Fatal(err)
		}
		var fromRego []string
		if len(rs) > 0 {
			for p := range rs[0].Expressions[0].Value.(map[string]any) {
				fromRego = append(fromRego, p)
			}
		}
		slices.Sort(fromGo)
		slices.Sort(fromRego)
		if diff := cmp.Diff(fromGo, fromRego); diff != "" {
			t.Errorf("%s: container paths differ (-go +rego):\n%s", o.Resolve(spec.Path), diff)
		}
		compared++
	}
	if compared < 50 || custom < 2 {
		t.Errorf("compared only %d objects, %d of them custom workloads", compared, custom)
	}
}
