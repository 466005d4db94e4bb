package policies

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/podlint/podlint/analyzer/load"
)

// TestContainerPathsAgree runs the Go PodSpec view and lib/pods.rego over
// every fixture object and compares the container paths each yields, so Go
// rules and policies can never disagree on where a container is.
func TestContainerPathsAgree(t *testing.T) {
	c, err := compileBuiltinStrictly()
	if err != nil {
		t.Fatal(err)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Query("data.podlint.lib.pods.containers")).PrepareForEval(context.Background())
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
	res, _ := load.Load(context.Background(), inputs, load.Options{})
	compared := 0
	for _, o := range res.Objects {
		spec, ok := o.PodSpec()
		if !ok || o.Workload != nil || o.Rejected {
			continue // custom kinds need configuration the policies do not get
		}
		var fromGo []string
		for ct := range spec.Containers() {
			fromGo = append(fromGo, ct.Path.String())
		}
		input, err := ast.ValueFromReader(bytes.NewReader(o.JSON))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := pq.Eval(context.Background(), rego.EvalParsedInput(input))
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
	if compared < 50 {
		t.Errorf("compared only %d objects", compared)
	}
}
