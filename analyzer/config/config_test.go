package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/podlint/podlint/analyzer"
)

var known = []string{"image-tag", "selector-mismatch", "schema"}

func TestParse(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, FileName)
	tests := []struct {
		name string
		in   string
		want Config
	}{
		{"empty", "", Config{}},
		{"rules", "rules:\n  image-tag: off\n  selector-mismatch: warning\n  schema: info\n", Config{Rules: map[string]RuleSetting{
			"image-tag": {Off: true}, "selector-mismatch": {Severity: analyzer.Warning}, "schema": {Severity: analyzer.Info}}}},
		{"policies", "policies: [policy, /abs/p]\n", Config{Policies: []string{filepath.Join(dir, "policy"), "/abs/p"}}},
		{"exclude", "exclude: ['vendor/**', '*.tmpl.yaml']\n", Config{Exclude: []string{"vendor/**", "*.tmpl.yaml"}}},
		{"kubeVersion", "kubeVersion: '1.25'\n", Config{KubeVersion: "1.25"}},
		{"namespace", "namespace: shop\n", Config{Namespace: "shop"}},
		{"imageRoles", "imageRoles:\n  datastore: [mydb]\n  helper: ['*-sidecar']\n", Config{ImageRoles: ImageRoles{Datastores: []string{"mydb"}, Helpers: []string{"*-sidecar"}}}},
		{"workloads", "workloads:\n- apiVersion: argoproj.io/v1alpha1\n  kind: Rollout\n  templatePath: spec.template\n  selectorPath: spec.selector\n",
			Config{Workloads: []Workload{{APIVersion: "argoproj.io/v1alpha1", Kind: "Rollout", TemplatePath: "spec.template", SelectorPath: "spec.selector"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(file, []byte(tt.in), known)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&tt.want, got, cmpopts.IgnoreFields(Config{}, "File", "Dir"), cmpopts.IgnoreUnexported(Config{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown key", "rules: {}\nexlude: [x]\n", `p.yaml:2: unknown key "exlude" (want rules, policies, exclude, kubeVersion, namespace, imageRoles or workloads)`},
		{"unknown rule", "rules:\n  image-tags: off\n", `p.yaml:2: unknown rule "image-tags"; did you mean "image-tag"?`},
		{"bad severity", "rules:\n  image-tag: fatal\n", `p.yaml:2: rule image-tag: want off, error, warning or info, not "fatal"`},
		{"not a list", "exclude: vendor\n", `p.yaml:1: want a list`},
		{"bad glob", "exclude: ['[']\n", `p.yaml:1: exclude "[": syntax error in pattern`},
		{"unknown role", "imageRoles:\n  cache: [x]\n", `p.yaml:2: unknown image role "cache" (want datastore or helper)`},
		{"workload key", "workloads:\n- kind: X\n  template: spec\n", `p.yaml:3: unknown workload key "template" (want apiVersion, kind, templatePath or selectorPath)`},
		{"workload missing", "workloads:\n- kind: X\n", `p.yaml:2: workload: apiVersion, kind and templatePath are required`},
		{"not a mapping", "- a\n", `p.yaml:1: want a mapping of settings`},
		{"syntax", "rules: [\n", `p.yaml: line 1: did not find expected node content`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.in), known)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *config.Error", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != "" {
		t.Errorf("Find without a file = %q, %v", got, err)
	}
	want := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != want {
		t.Errorf("Find = %q, %v; want %q", got, err, want)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		glob, name string
		want       bool
	}{
		{"vendor/**", "vendor/a/b.yaml", true},
		{"vendor/**", "deploy/vendor.yaml", false},
		{"vendor", "vendor/a.yaml", true},
		{"vendor", "x/vendor/a.yaml", true},
		{"*.tmpl.yaml", "deploy/web.tmpl.yaml", true},
		{"deploy/*.yaml", "deploy/web.yaml", true},
		{"deploy/*.yaml", "deploy/sub/web.yaml", false},
		{"**/charts/**/values.yaml", "x/charts/y/z/values.yaml", true},
		{"**/charts/**/values.yaml", "charts/values.yaml", true},
		{"./deploy/web.yaml", "deploy/web.yaml", true},
		{"deploy/web.yaml", "deploy/web.yml", false},
	}
	for _, tt := range tests {
		if got := Match(tt.glob, tt.name); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.glob, tt.name, got, tt.want)
		}
	}
}

func TestExcluded(t *testing.T) {
	dir := t.TempDir()
	c := &Config{Dir: dir, Exclude: []string{"vendor/**"}}
	if !c.Excluded(filepath.Join(dir, "vendor", "x.yaml")) {
		t.Error("vendor/x.yaml is not excluded")
	}
	if c.Excluded(filepath.Join(dir, "deploy", "x.yaml")) || c.Excluded(filepath.Join(filepath.Dir(dir), "vendor", "x.yaml")) {
		t.Error("a file outside the globs or the config directory is excluded")
	}
}
