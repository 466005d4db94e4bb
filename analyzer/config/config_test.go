package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
		{"rules on", "rules:\n  image-tag: on\n  schema: true\n", Config{Rules: map[string]RuleSetting{"image-tag": {}, "schema": {}}}},
		{"families", "families:\n  security: on\n  efficiency: off\n  reliability: true\n", Config{Families: map[string]bool{"security": true, "efficiency": false, "reliability": true}}},
		{"enableAll", "enableAll: true\n", Config{EnableAll: true}},
		{"peerSuppressions", "peerSuppressions: false\n", Config{NoPeerSuppressions: true}},
		{"policies", "policies: [policy, /abs/p]\n", Config{Policies: []string{filepath.Join(dir, "policy"), "/abs/p"}}},
		{"exclude", "exclude: ['vendor/**', '*.tmpl.yaml']\n", Config{Exclude: []string{"vendor/**", "*.tmpl.yaml"}}},
		{"kubeVersion", "kubeVersion: '1.25'\n", Config{KubeVersion: "1.25"}},
		{"namespace", "namespace: shop\n", Config{Namespace: "shop"}},
		{"podSecurity", "podSecurity: baseline:v1.30\n", Config{PodSecurity: "baseline:v1.30"}},
		{"crds", "crds: [crds, /abs/schemas]\n", Config{CRDs: []string{filepath.Join(dir, "crds"), "/abs/schemas"}}},
		{"policyTimeout", "policyTimeout: 500ms\n", Config{PolicyTimeout: 500 * time.Millisecond}},
		{"baseline", "baseline: ci/podlint-baseline.json\n", Config{Baseline: filepath.Join(dir, "ci", "podlint-baseline.json")}},
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
		{"unknown key", "rules: {}\nexlude: [x]\n", `p.yaml:2: unknown key "exlude"; did you mean "exclude"? (the keys are rules, families, enableAll, peerSuppressions, policies, policyTimeout, exclude, kubeVersion, namespace, imageRoles, workloads, render, charts, podSecurity, crds, baseline)`},
		{"unknown rule", "rules:\n  image-tags: off\n", `p.yaml:2: unknown rule "image-tags"; did you mean "image-tag"?`},
		{"bad severity", "rules:\n  image-tag: fatal\n", `p.yaml:2: rule image-tag: want on, off, error, warning or info, not "fatal"`},
		{"unknown family", "families:\n  securty: on\n", `p.yaml:2: unknown family "securty"; did you mean "security"? (the families are correctness, security, reliability, efficiency)`},
		{"bad family setting", "families:\n  security: error\n", `p.yaml:2: family security: want on or off, not "error"`},
		{"bad enableAll", "enableAll: yes please\n", `p.yaml:1: enableAll: want true or false, not "yes please"`},
		{"not a list", "exclude: vendor\n", `p.yaml:1: want a list`},
		{"bad glob", "exclude: ['[']\n", `p.yaml:1: exclude "[": syntax error in pattern`},
		{"unknown role", "imageRoles:\n  cache: [x]\n", `p.yaml:2: unknown image role "cache" (want datastore or helper)`},
		{"workload key", "workloads:\n- kind: X\n  template: spec\n", `p.yaml:3: unknown workload key "template" (want apiVersion, kind, templatePath or selectorPath)`},
		{"workload missing", "workloads:\n- kind: X\n", `p.yaml:2: workload: apiVersion, kind and templatePath are required`},
		{"bad namespace", "rules: {}\nnamespace: Not_A_Valid/NS\n", `p.yaml:2: namespace "Not_A_Valid/NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
		{"bad policyTimeout", "policyTimeout: forever\n", `p.yaml:1: policyTimeout "forever": want a positive duration, such as 2s or 500ms`},
		{"zero policyTimeout", "policyTimeout: 0s\n", `p.yaml:1: policyTimeout "0s": want a positive duration, such as 2s or 500ms`},
		{"empty baseline", "baseline: ''\n", `p.yaml:1: baseline: want the path of a file written by podlint lint --write-baseline`},
		{"baseline list", "baseline: [a.json]\n", `p.yaml:1: want a single value`},
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

// TestLoadRefuses checks that Load reads only a regular file of at most
// MaxFileSize bytes, saying what it refused and why: a .podlint.yaml linked
// to /dev/zero, which Find picks up in a hostile repository, must not be
// read at all.
func TestLoadRefuses(t *testing.T) {
	dir := t.TempDir()
	if _, err := os.Stat("/dev/zero"); err == nil {
		link := filepath.Join(dir, FileName)
		if err := os.Symlink("/dev/zero", link); err != nil {
			t.Fatal(err)
		}
		found, err := Find(dir)
		if err != nil || found != link {
			t.Fatalf("Find = %q, %v", found, err)
		}
		_, err = Load(found, nil)
		if want := link + ": not a regular file (a character device): refused"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load of a link to /dev/zero: %v, want %q", err, want)
		}
		if _, err := Load("/dev/zero", nil); err == nil || !strings.Contains(err.Error(), "/dev/zero: not a regular file") {
			t.Errorf("Load(/dev/zero): %v", err)
		}
	}
	if _, err := Load(dir, nil); err == nil || !strings.Contains(err.Error(), "not a regular file (a directory)") {
		t.Errorf("Load of a directory: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", MaxFileSize)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big, nil); err == nil || !strings.Contains(err.Error(), big+": larger than the 1 MiB podlint reads from a configuration file: refused") {
		t.Errorf("Load of a 1 MiB file: %v", err)
	}
}

// TestErrorf checks that an error about a value names the file and the
// line of its key.
func TestErrorf(t *testing.T) {
	c, err := Parse("p.yaml", []byte("rules: {}\nkubeVersion: banana\n"), known)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Errorf("kubeVersion", "kubeVersion %q: bad", c.KubeVersion).Error(), `p.yaml:2: kubeVersion "banana": bad`; got != want {
		t.Errorf("Errorf = %q, want %q", got, want)
	}
}
