package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/rules"
)

// TestLSPConfigPerFolder checks that the language server lints a buffer
// with the .podlint.yaml found from its folder, built once per file.
func TestLSPConfigPerFolder(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "team", "deploy")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "team", ".podlint.yaml"), []byte("rules:\n  image-tag: off\nnamespace: team\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	kube := rules.DefaultKubeVersion()
	c := &lspConfigs{ctx: context.Background(), defaults: lint.Options{Rules: lintRules(kube)}, kube: kube, namespace: "default", built: map[string]lintOrErr{}}
	opts, err := c.options(filepath.Join(sub, "web.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n"
	res := lint.Bytes(context.Background(), filepath.Join(sub, "web.yaml"), []byte(pod), opts)
	for _, d := range res.Diagnostics {
		if d.Rule == "image-tag" {
			t.Errorf("image-tag is off in .podlint.yaml but was reported: %s", d.Message)
		}
	}
	if len(res.Objects) != 1 || res.Objects[0].Namespace != "team" {
		t.Errorf("the configured namespace was not applied: %+v", res.Objects)
	}
	again, _ := c.options(filepath.Join(sub, "other.yaml"))
	if len(again.Rules) != len(opts.Rules) || &again.Rules[0] != &opts.Rules[0] {
		t.Errorf("options were built twice for one configuration file")
	}
	outside, _ := c.options(filepath.Join(root, "web.yaml"))
	if len(outside.Rules) != len(c.defaults.Rules) {
		t.Errorf("a file outside the configured folder did not get the defaults")
	}
}
