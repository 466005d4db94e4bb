package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/policies"
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
	c := &lspConfigs{ctx: context.Background(), defaults: lint.Options{Rules: lintRules(kube, policies.Builtin())}, kube: kube, namespace: "default", built: map[string]lintOrErr{}}
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

// TestConfigTurnsOffUserPolicy checks that .podlint.yaml may configure the
// rules of the user's own policies, which are known only once loaded, and
// that a misspelt ID is still an error with its line.
func TestConfigTurnsOffUserPolicy(t *testing.T) {
	dir := t.TempDir()
	policyDir, err := filepath.Abs(filepath.Join("..", "..", "docs", "policies"))
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join("..", "..", "testdata", "examples", "web.yaml")
	write := func(text string) string {
		path := filepath.Join(dir, ".podlint.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	code, out, _ := podlint(t, "", "lint", "--config", write("policies: ["+policyDir+"]\n"), manifest)
	if code != 1 || !strings.Contains(out, "(main-deny)") {
		t.Fatalf("the policy did not run: exit %d\n%s", code, out)
	}
	code, out, _ = podlint(t, "", "lint", "--config", write("policies: ["+policyDir+"]\nrules:\n  main-deny: off\n"), manifest)
	if code != 0 || strings.Contains(out, "main-deny") {
		t.Errorf("main-deny: off did not silence the policy: exit %d\n%s", code, out)
	}
	code, _, errOut := podlint(t, "", "lint", "--config", write("policies: ["+policyDir+"]\nrules:\n  main-deni: off\n"), manifest)
	if code != 2 || !strings.Contains(errOut, ".podlint.yaml:3:") || !strings.Contains(errOut, `did you mean "main-deny"`) {
		t.Errorf("a misspelt policy ID: exit %d, stderr %q; want 2 with the line and a suggestion", code, errOut)
	}
}
