package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/rules"
)

// ciOptions are the flags of lint that fit it into repositories, hooks
// and pipelines: the configuration file, suppressions, file selection and
// thresholds.
type ciOptions struct {
	configFile     string
	maxWarnings    int
	listFiles      bool
	contexts       []string
	reportUnused   bool
	showSuppressed bool
	baseline       string // baseline.go
	writeBaseline  string

	changed   func(flag string) bool
	workloads []load.WorkloadKind // from the configuration file
}

func (o *ciOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.configFile, "config", "", "configuration file (default: "+config.FileName+" in the working directory or a parent)")
	f.IntVar(&o.maxWarnings, "max-warnings", -1, "exit 1 when there are more than this many warnings (-1: no limit)")
	f.BoolVar(&o.listFiles, "list-files", false, "print the files that would be read, after excludes, and exit")
	f.StringArrayVar(&o.contexts, "context", nil, "load manifests under PATH for cross-object rules, but report findings\nonly for the files named as arguments (repeatable; pre-commit uses --context .)")
	f.BoolVar(&o.reportUnused, "report-unused-ignores", true, "report suppressions that silence no finding (unused-ignore) and baseline\nentries that match none (stale-baseline-entry); --report-unused-ignores=false turns it off")
	f.StringVar(&o.baseline, "baseline", "", "hide the findings FILE records, written by --write-baseline\n(default: baseline: in "+config.FileName+")")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "write every finding of this run to FILE, a baseline for --baseline,\nand report as if it were given")
	f.BoolVar(&o.showSuppressed, "show-suppressed", false, "list suppressed findings under \"suppressed\" in --format json")
}

// loadConfig reads the configuration file and applies it to the options
// the user did not set as flags: flags override the file.
func (o *lintOptions) loadConfig() (*config.Config, error) {
	file := o.ci.configFile
	if file == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find %s: %w", config.FileName, err)
		}
		if file, err = config.Find(wd); err != nil || file == "" {
			return nil, err
		}
	}
	// Rule IDs are checked once the user's policies are loaded (see
	// checkConfigRules): the file may configure those too.
	cfg, err := config.Load(file, nil)
	if err != nil {
		return nil, err
	}
	changed := o.ci.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	if cfg.KubeVersion != "" && !changed("kube-version") {
		o.kubeVersion = cfg.KubeVersion
	}
	o.validation.applyConfig(cfg, changed)
	if cfg.Namespace != "" && !changed("namespace") {
		o.namespace = cfg.Namespace
	}
	if len(cfg.Policies) > 0 && !changed("policy") {
		o.policy.dirs = cfg.Policies
	}
	if cfg.PolicyTimeout > 0 && !changed("policy-timeout") {
		o.policy.timeout = cfg.PolicyTimeout
	}
	if !changed("workload") {
		for _, w := range cfg.Workloads {
			o.ci.workloads = append(o.ci.workloads, load.WorkloadKind{APIVersion: w.APIVersion, Kind: w.Kind,
				TemplatePath: w.TemplatePath, SelectorPath: w.SelectorPath})
		}
	}
	return cfg, nil
}

// configureRules drops the rules that are off and rebuilds
// multi-container-grouping with the configuration's extra image roles.
func configureRules(ruleSet []*analyzer.Rule, cfg *config.Config, off map[string]bool) []*analyzer.Rule {
	var out []*analyzer.Rule
	for _, r := range ruleSet {
		if off[r.ID] {
			continue
		}
		if cfg != nil && r.ID == rules.MultiContainerGrouping.ID && (len(cfg.ImageRoles.Datastores) > 0 || len(cfg.ImageRoles.Helpers) > 0) {
			r = rules.NewMultiContainerGrouping(rules.DefaultCatalogue().Extend(rules.Catalogue{
				Datastores: cfg.ImageRoles.Datastores, Helpers: cfg.ImageRoles.Helpers}))
		}
		out = append(out, r)
	}
	return out
}

// options builds the lint.Options of a run from the flags and the
// configuration file (nil when there is none), once loadConfig has applied
// the file to the flags the user did not set. It is the one builder:
// podlint lint calls it, and the language server calls it for each
// .podlint.yaml it finds (lspconfig.go), so an editor lints a file as the
// CLI does. Its errors are *exitCodeError.
func (o *lintOptions) options(ctx context.Context, cfg *config.Config) (lint.Options, error) {
	changed := o.ci.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	kube, err := rules.ParseKubeVersion(o.kubeVersion)
	if err != nil {
		// A version taken from the file is blamed on the file's line.
		if cfg != nil && !changed("kube-version") && cfg.KubeVersion != "" && cfg.KubeVersion == o.kubeVersion {
			return lint.Options{}, &exitCodeError{code: exitError, err: cfg.Errorf("kubeVersion", "kubeVersion %q: %v", o.kubeVersion, err)}
		}
		return lint.Options{}, usageError("--kube-version: %v", err)
	}
	// The namespace is written into findings and reports: refuse one the
	// cluster would (the file's own is checked where it is read).
	if msgs := validation.IsDNS1123Label(o.namespace); len(msgs) > 0 {
		return lint.Options{}, usageError("--namespace %q: not a valid namespace: %s", o.namespace, strings.Join(msgs, "; "))
	}
	if o.policy.timeout < 0 || (o.policy.timeout == 0 && changed("policy-timeout")) {
		return lint.Options{}, usageError("--policy-timeout %v: want a positive duration, such as 2s or 500ms", o.policy.timeout)
	}
	workloads, err := parseWorkloads(o.workloads)
	if err != nil {
		return lint.Options{}, usageError("--workload: %v", err)
	}
	workloads = append(workloads, o.ci.workloads...)
	ruleSet := lintRules(kube, o.policy.builtinRules())
	ruleSet, definitions, err := o.validation.configure(ruleSet, cfg, changed, o.maxFileSize)
	if err != nil {
		return lint.Options{}, err
	}
	if err := analyzer.Validate(ruleSet); err != nil {
		return lint.Options{}, &exitCodeError{code: exitError, err: err}
	}
	if ruleSet, err = o.policy.apply(ctx, ruleSet); err != nil {
		return lint.Options{}, &exitCodeError{code: exitError, err: err}
	}
	if err := checkConfigRules(cfg, ruleSet); err != nil {
		return lint.Options{}, &exitCodeError{code: exitError, err: err}
	}
	// The built-in policies that are off were left out when they were
	// compiled (prepareBuiltin); this drops the Go rules that are off, and
	// Disabled the findings of the engine's rules and the user's policies.
	known := analyzer.Catalogue(slices.Concat(catalogue(), o.policy.userPolicies()))
	if err := o.enable.check(idsOf(known)); err != nil {
		return lint.Options{}, err
	}
	off := o.enable.offRules(known, cfg)
	opts := lint.Options{
		Rules:             configureRules(ruleSet, cfg, off),
		Disabled:          turnedOff(known, off),
		AcrossDirectories: o.acrossDirs,
		Load:              load.Options{Namespace: o.namespace, Workloads: workloads, MaxFileSize: o.maxFileSize},
		Catalogue:         catalogue(),
		Definitions:       definitions,
		// Unused suppressions are reported unless the flag turns them off;
		// unused-ignore: off in the file drops them like any rule's.
		ReportUnusedIgnores: o.ci.reportUnused,
	}
	if opts.Render, err = o.render.options(kube.String(), o.namespace, cfg); err != nil {
		return lint.Options{}, err
	}
	if cfg == nil {
		return opts, nil
	}
	for id, s := range cfg.Rules {
		if s.Off || s.Severity == 0 {
			continue
		}
		if opts.Severity == nil {
			opts.Severity = map[string]analyzer.Severity{}
		}
		opts.Severity[id] = s.Severity
	}
	opts.NoPeerSuppressions = cfg.NoPeerSuppressions
	if len(cfg.Exclude) > 0 {
		// expand leaves excluded files out of a lint; this drops the findings
		// of a buffer linted under an excluded name (--stdin-filename, an
		// editor's) too.
		opts.Exclude = cfg.Excluded
	}
	return opts, nil
}

// reportOnly restricts the findings reported to the files named as
// arguments when --context loads others beside them.
func (o *ciOptions) reportOnly(opts *lint.Options, reported map[string]bool) {
	if len(o.contexts) > 0 {
		opts.Report = func(file string) bool { return reported[file] }
	}
}

// expand turns the arguments and --context paths into inputs, without the
// excluded files. reported holds the names of the files named as
// arguments (or found below them): only their findings are reported.
func (o *lintOptions) expand(args []string, stdin io.Reader, cfg *config.Config) ([]load.Input, map[string]bool, error) {
	roots := o.render.rendering(cfg)
	inputs, err := load.ExpandRoots(args, stdin, o.stdinFilename, o.maxFileSize, roots)
	var more []load.Input
	var ctxErr error
	if len(o.ci.contexts) > 0 {
		more, ctxErr = load.ExpandRoots(o.ci.contexts, nil, "", load.DefaultMaxFileSize, roots)
	}
	reported := map[string]bool{}
	var out []load.Input
	seen := map[string]bool{} // cleaned paths, so ./a.yaml and a.yaml are one file
	finder := load.NewRootFinder()
	for i, in := range slices.Concat(inputs, more) {
		if in.Path != "" && cfg.Excluded(in.Path) {
			continue
		}
		if dir, ok := finder.Chart(in.Path); roots && in.Root == "" && ok {
			// A file of a chart is linted through its chart: the findings
			// on that template are reported.
			if i < len(inputs) {
				reported[in.Name] = true
				if rel, err := filepath.Rel(dir, in.Path); err == nil && !strings.HasPrefix(filepath.ToSlash(rel), "templates/") {
					// Its values, Chart.yaml or a subchart change every
					// template's output: all of the chart is reported.
					reported[dir] = true
				}
			}
			in = load.Input{Name: dir, Path: dir, Root: load.RootChart}
			i = len(inputs) // the chart itself is context
		} else if dir, ok := finder.Kustomization(in.Path); roots && in.Root == "" && ok && i < len(inputs) {
			// A file of a kustomization is linted through its build, which
			// comes in as context; the file stays an input, reported, for
			// when the build does not read it (then it is linted on its
			// own). A changed kustomization changes all of its build.
			root := load.Input{Name: dir, Path: dir, Root: load.RootKustomization}
			if key := root.Root + ":" + cleanPath(dir); !seen[key] {
				seen[key] = true
				out = append(out, root)
			}
			if k, ok := load.KustomizationFile(dir); ok && filepath.Clean(k) == filepath.Clean(in.Path) {
				reported[dir] = true
			}
		}
		key := in.Name
		if in.Path != "" {
			key = "file:" + cleanPath(in.Path)
		}
		if in.Root != "" {
			key = in.Root + ":" + cleanPath(in.Path)
		}
		if i < len(inputs) {
			reported[in.Name] = true
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, in)
	}
	return out, reported, errors.Join(err, ctxErr)
}

// listFiles prints the files a lint would read, marking those read only as
// context, for --list-files.
func listFiles(w io.Writer, inputs []load.Input, reported map[string]bool, pathErr error) error {
	for _, in := range inputs {
		if reported[in.Name] {
			fmt.Fprintln(w, in.Name)
		} else {
			fmt.Fprintf(w, "%s (context)\n", in.Name)
		}
	}
	if pathErr != nil {
		return &exitCodeError{code: exitError, err: pathErr}
	}
	return nil
}

// reportRules lists the rules whose metadata SARIF and JUnit show: those
// run, and the engine's own, each once (the user's policies report under
// policy-error, an engine rule, too).
func reportRules(ruleSet []*analyzer.Rule) []*analyzer.Rule {
	seen := map[string]bool{}
	return slices.DeleteFunc(analyzer.Catalogue(slices.Concat(lint.EngineRules(), ruleSet)), func(r *analyzer.Rule) bool {
		dup := seen[r.ID]
		seen[r.ID] = true
		return dup
	})
}

func cleanPath(p string) string { return filepath.Clean(p) }

// checkConfigRules checks the rule IDs of the configuration against every
// rule podlint knows and the user's policies of this run.
func checkConfigRules(cfg *config.Config, ruleSet []*analyzer.Rule) error {
	return cfg.CheckRules(idsOf(analyzer.Catalogue(slices.Concat(catalogue(), ruleSet))))
}

// turnedOff returns the rules of off that run by default: a rule off by
// default has no findings to drop.
func turnedOff(known []*analyzer.Rule, off map[string]bool) map[string]bool {
	var out map[string]bool
	for _, r := range known {
		if off[r.ID] && !r.DefaultOff {
			if out == nil {
				out = map[string]bool{}
			}
			out[r.ID] = true
		}
	}
	return out
}

func idsOf(rules []*analyzer.Rule) []string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}
