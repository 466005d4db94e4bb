package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// lspFlags are the language server's flags at their defaults, as runLSP
// turns them into lint flags.
func lspFlags(t *testing.T) lintOptions {
	t.Helper()
	cmd := newLSPCmd(&globalOptions{})
	if err := cmd.ParseFlags(nil); err != nil {
		t.Fatal(err)
	}
	f := cmd.Flags()
	kube, _ := f.GetString("kube-version")
	ns, _ := f.GetString("namespace")
	return lintOptions{kubeVersion: kube, namespace: ns, ci: ciOptions{reportUnused: true, changed: f.Changed}}
}

// TestLSPConfigPerFolder checks that the language server lints a buffer
// with the .podlint.yaml found from its folder, built once per file.
func TestLSPConfigPerFolder(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "team", "deploy")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "team", ".podlint.yaml"), "rules:\n  image-tag: off\nnamespace: team\n")
	c := newLSPConfigs(context.Background(), lspFlags(t))
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
	defaults, _ := c.build("")
	if len(outside.Rules) != len(defaults.Rules) || &outside.Rules[0] != &defaults.Rules[0] {
		t.Errorf("a file outside the configured folder did not get the defaults")
	}
	if !outside.ReportUnusedIgnores || !opts.ReportUnusedIgnores {
		t.Errorf("the language server does not report unused suppressions by default")
	}
}

// agreeConfig exercises every setting of .podlint.yaml that reaches
// lint.Options: a rule off, a severity, exclude, kubeVersion, namespace,
// imageRoles and workloads.
const agreeConfig = `rules:
  bare-pod: off
  image-tag: error
exclude: ["vendor/**", "app/generated-*.yaml"]
kubeVersion: "1.24"
namespace: shop
imageRoles:
  datastore: [acmedb]
workloads:
  - apiVersion: apps.example.com/v1
    kind: Widget
    templatePath: spec.template
    selectorPath: spec.selector
`

// agreeFiles are manifests whose findings each depend on one setting.
var agreeFiles = map[string]string{
	// imageRoles: the datastore beside the web server is reported.
	// image-tag: error. namespace: the Service in shop selects these Pods.
	"app/deploy.yaml": `apiVersion: apps/v1
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
          image: example/web:1.0
        - name: store
          image: example/acmedb:1.0
        - name: proxy
          image: nginx
`,
	"app/svc.yaml": `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
	// bare-pod: off. An unused suppression is reported by default.
	"app/pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: debug
      image: busybox:1.36 # podlint:ignore duplicate-env left over from an old env list
`,
	// kubeVersion: deprecated at 1.24, not yet removed.
	"app/psp.yaml": `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec: {}
`,
	// workloads: the Widget's Pod template is linted.
	"app/widget.yaml": `apiVersion: apps.example.com/v1
kind: Widget
metadata:
  name: w
spec:
  selector:
    matchLabels: {app: w}
  template:
    metadata:
      labels: {app: w}
    spec:
      containers:
        - name: w
          image: nginx
`,
	// exclude: neither is linted, nor reported.
	"app/generated-pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: gen\nspec:\n  containers:\n    - name: gen\n      image: nginx\n",
	"vendor/x/pod.yaml":      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: v\nspec:\n  containers:\n    - name: v\n      image: nginx\n",
}

// TestLintAndLSPAgree checks that podlint lint and the language server
// turn one .podlint.yaml into the same options: the findings the CLI
// reports for a folder are those the server reports for each of its files,
// linted as the server lints a buffer (its siblings as context).
func TestLintAndLSPAgree(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".podlint.yaml"), agreeConfig)
	for name, text := range agreeFiles {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, text)
	}
	code, out, errOut := podlint(t, "", "lint", "--format", "json", "--config", filepath.Join(dir, ".podlint.yaml"), dir)
	if code != 1 {
		t.Fatalf("lint: exit %d, want 1 (image-tag is an error): %s", code, errOut)
	}
	var rep struct {
		Diagnostics []struct {
			Rule, Severity, Message, File string
			Line, Column                  int
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var fromLint []string
	for _, d := range rep.Diagnostics {
		fromLint = append(fromLint, fmt.Sprintf("%s:%d:%d %s %s: %s", d.File, d.Line, d.Column, d.Severity, d.Rule, d.Message))
	}

	c := newLSPConfigs(context.Background(), lspFlags(t))
	var fromLSP []string
	for name := range agreeFiles {
		file := filepath.Join(dir, filepath.FromSlash(name))
		opts, err := c.options(file)
		if err != nil {
			t.Fatal(err)
		}
		opts.Report = func(f string) bool { return f == file } // as lsp.server.lint does
		var inputs []load.Input
		siblings, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "*.yaml"))
		for _, s := range siblings {
			inputs = append(inputs, load.Input{Name: s, Path: s})
		}
		res, err := lint.Inputs(context.Background(), inputs, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			fromLSP = append(fromLSP, fmt.Sprintf("%s:%d:%d %s %s: %s", d.Pos.File, d.Pos.Line, d.Pos.Column, d.Severity, d.Rule, d.Message))
		}
	}
	slices.Sort(fromLint)
	slices.Sort(fromLSP)
	if diff := cmp.Diff(fromLint, fromLSP); diff != "" {
		t.Errorf("lint and the language server disagree (-lint +lsp):\n%s", diff)
	}
	// Each setting took effect (in both, as they agree).
	joined := strings.Join(fromLint, "\n")
	for _, want := range []string{
		"error image-tag", "multi-container-grouping", "warning deprecated-api", "widget.yaml:14:11 error image-tag", "unused-ignore",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q among the findings:\n%s", want, joined)
		}
	}
	for _, unwanted := range []string{"bare-pod", "service-selects-nothing", "generated-pod.yaml", "vendor"} {
		if strings.Contains(joined, unwanted) {
			t.Errorf("%q among the findings, which the configuration rules out:\n%s", unwanted, joined)
		}
	}
}

// TestLSPConfigOptions checks the options the server builds from a
// configuration field by field, beside those podlint lint builds.
func TestLSPConfigOptions(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, ".podlint.yaml")
	writeFile(t, cfgFile, agreeConfig)
	server, err := newLSPConfigs(context.Background(), lspFlags(t)).options(filepath.Join(dir, "app", "web.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(optionsOf(dir, server), optionsOf(dir, lintCmdOptions(t, cfgFile))); diff != "" {
		t.Errorf("the language server's options differ from podlint lint's (-lsp +lint):\n%s", diff)
	}
	got := optionsOf(dir, server)
	want := optionSummary{
		Disabled:            []string{"bare-pod"},
		Severity:            map[string]string{"image-tag": "error"},
		Namespace:           "shop",
		Workloads:           []load.WorkloadKind{{APIVersion: "apps.example.com/v1", Kind: "Widget", TemplatePath: "spec.template", SelectorPath: "spec.selector"}},
		Excluded:            []string{"app/generated-x.yaml", "vendor/a/b.yaml"},
		ReportUnusedIgnores: true,
	}
	got.Rules, got.Catalogue = nil, nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
	for _, r := range lint.EngineRules() {
		if !slices.ContainsFunc(server.Catalogue, func(c *analyzer.Rule) bool { return c.ID == r.ID }) {
			t.Errorf("the catalogue lacks the engine rule %s, so a suppression naming it is unknown", r.ID)
		}
	}
}

// lintCmdOptions builds the options podlint lint builds with --config
// file, through the same steps runLint takes.
func lintCmdOptions(t *testing.T, file string) lint.Options {
	t.Helper()
	o := &lintOptions{}
	cmd := newLintCmd(&globalOptions{})
	f := cmd.Flags()
	if err := f.Parse([]string{"--config", file}); err != nil {
		t.Fatal(err)
	}
	// The flags' values, read back as runLint has them.
	o.kubeVersion, _ = f.GetString("kube-version")
	o.namespace, _ = f.GetString("namespace")
	o.workloads, _ = f.GetStringArray("workload")
	o.maxFileSize, _ = f.GetInt64("max-file-size")
	o.acrossDirs, _ = f.GetBool("across-directories")
	o.ci.configFile, _ = f.GetString("config")
	o.ci.reportUnused, _ = f.GetBool("report-unused-ignores")
	o.policy.namespaces, _ = f.GetStringArray("rego-namespace")
	o.ci.changed = f.Changed
	cfg, err := o.loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	o.policy.prepareBuiltin(o.builtinOff(cfg))
	opts, err := o.options(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// optionSummary is what lint.Options hold, comparable: rules by ID and
// the files of a sample below dir that Exclude leaves out.
type optionSummary struct {
	Rules, Catalogue    []string
	Disabled            []string
	Severity            map[string]string
	Namespace           string
	Workloads           []load.WorkloadKind
	Excluded            []string
	ReportUnusedIgnores bool
}

func optionsOf(dir string, o lint.Options) optionSummary {
	s := optionSummary{Namespace: o.Load.Namespace, Workloads: o.Load.Workloads, ReportUnusedIgnores: o.ReportUnusedIgnores}
	for _, r := range o.Rules {
		s.Rules = append(s.Rules, r.ID)
	}
	for _, r := range o.Catalogue {
		s.Catalogue = append(s.Catalogue, r.ID)
	}
	for id := range o.Disabled {
		s.Disabled = append(s.Disabled, id)
	}
	slices.Sort(s.Disabled)
	for id, sev := range o.Severity {
		if s.Severity == nil {
			s.Severity = map[string]string{}
		}
		s.Severity[id] = sev.String()
	}
	for _, f := range []string{"app/web.yaml", "app/generated-x.yaml", "vendor/a/b.yaml", "vendors.yaml"} {
		if o.Exclude != nil && o.Exclude(filepath.Join(dir, filepath.FromSlash(f))) {
			s.Excluded = append(s.Excluded, f)
		}
	}
	return s
}

// TestLSPExclude checks that a buffer whose file the configuration
// excludes gets no findings, alone or beside its siblings, as podlint lint
// reads no excluded file.
func TestLSPExclude(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".podlint.yaml"), "exclude: [generated]\n")
	gen := filepath.Join(dir, "generated", "pod.yaml")
	if err := os.MkdirAll(filepath.Dir(gen), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, gen, barePod)
	writeFile(t, filepath.Join(dir, "generated", "svc.yaml"), service)
	kept := filepath.Join(dir, "pod.yaml")
	writeFile(t, kept, barePod)
	writeFile(t, filepath.Join(dir, "svc.yaml"), service)
	c := newLSPConfigs(context.Background(), lspFlags(t))
	for _, file := range []string{gen, kept} {
		opts, err := c.options(file)
		if err != nil {
			t.Fatal(err)
		}
		opts.Report = func(f string) bool { return f == file }
		alone := lint.Bytes(context.Background(), file, []byte(barePod), opts)
		siblings, err := lint.Inputs(context.Background(), []load.Input{
			{Name: filepath.Join(filepath.Dir(file), "svc.yaml"), Path: filepath.Join(filepath.Dir(file), "svc.yaml")},
			{Name: file, Data: []byte(barePod)},
		}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if file == kept {
			if len(alone.Diagnostics) == 0 || len(siblings.Diagnostics) == 0 {
				t.Errorf("%s is not excluded but got no findings", file)
			}
			continue
		}
		if len(alone.Diagnostics) != 0 || len(siblings.Diagnostics) != 0 {
			t.Errorf("%s is excluded, yet got findings %v and, with its siblings, %v", file, alone.Diagnostics, siblings.Diagnostics)
		}
	}
	// podlint lint agrees: naming the file reads nothing, and standard
	// input under its name reports nothing.
	t.Chdir(dir)
	code, got, errOut := ruleIDs(t, "--config", ".podlint.yaml", "generated/pod.yaml")
	if code != 0 || len(got) != 0 {
		t.Errorf("lint generated/pod.yaml: exit %d, findings %v, stderr %s", code, got, errOut)
	}
	code, out, errOut := podlint(t, barePod, "lint", "--format", "json", "--config", ".podlint.yaml", "--stdin-filename", "generated/pod.yaml", "-")
	if code != 0 || strings.Contains(out, `"rule"`) {
		t.Errorf("lint --stdin-filename generated/pod.yaml: exit %d, stderr %s, output %s", code, errOut, out)
	}
}
