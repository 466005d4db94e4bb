package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/podlint/podlint/cmd/internal/gctune"

	"github.com/spf13/cobra"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/analyzer/report"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

type lintOptions struct {
	formats       []string
	newFromRev    string
	failOn        string
	kubeVersion   string
	namespace     string
	stdinFilename string
	color         string
	quiet         bool
	policy        policyOptions
	workloads     []string
	acrossDirs    bool
	maxFileSize   int64
	keepGoing     bool
	ci            ciOptions // configuration, suppressions and CI flags: see config.go
	enable        enableOptions
	fixes         fixOptions
	render        renderOptions
	validation    validationOptions // validation.go
	cache         cacheOptions      // cache.go
}

func newLintCmd(g *globalOptions) *cobra.Command {
	o := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Lint manifest files and directories (- reads standard input)",
		Long: `Lint Kubernetes manifests. PATH is a file, a directory (walked for *.yaml, *.yml
and *.json, skipping hidden folders and node_modules) or - for standard input.
With no PATH, the current directory is linted.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage error or unreadable input.`,
		Example: `  podlint lint deploy/
  helm template ./chart | podlint lint -
  podlint lint --stdin-filename deploy/web.yaml - < deploy/web.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error { return runLint(cmd.Context(), g, o, args) },
	}
	f := cmd.Flags()
	f.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision\n(the work tree, staged or not, against REV; new files count whole)")
	f.StringArrayVarP(&o.formats, "format", "f", []string{"text"}, "output format, "+strings.Join(report.Formats, ", ")+
		"; FORMAT=FILE writes it to FILE.\nRepeatable: every format is written from one run (-f github -f sarif=podlint.sarif)")
	f.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning or info")
	f.StringVar(&o.kubeVersion, "kube-version", rules.DefaultKubeVersion().String(), "Kubernetes version the manifests target, for deprecated-api and invalid-value")
	f.StringVarP(&o.namespace, "namespace", "n", "default", "namespace of objects that name none")
	f.StringVar(&o.stdinFilename, "stdin-filename", "", "file name to show for standard input (-)")
	f.StringVar(&o.color, "color", "auto", "colour and source excerpts: auto (on a terminal, unless NO_COLOR is set), always or never")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print findings only, no summary")
	f.StringArrayVar(&o.workloads, "workload", nil, "a custom kind that creates Pods, as APIVERSION,KIND,TEMPLATE-PATH[,SELECTOR-PATH]\n(e.g. apps.example.com/v1,Widget,spec.template,spec.selector); repeatable")
	o.ci.changed = f.Changed
	f.BoolVar(&o.acrossDirs, "across-directories", false, "let cross-object rules relate objects of different directories\n(by default a directory is what is applied together)")
	f.Int64Var(&o.maxFileSize, "max-file-size", load.DefaultMaxFileSize, "skip (and report) files larger than this many bytes")
	f.BoolVar(&o.keepGoing, "keep-going", false, "report unreadable files and folders but exit by the findings alone, not 2")
	o.policy.addFlags(f, true)
	o.ci.addFlags(f)
	o.enable.addFlags(f)
	o.fixes.addFlags(f)
	o.render.addFlags(f)
	o.validation.addFlags(f)
	o.cache.addFlags(f)
	_ = cmd.RegisterFlagCompletionFunc("format", func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return report.Formats, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func usageError(format string, args ...any) error {
	return &exitCodeError{code: exitError, err: fmt.Errorf(format, args...)}
}

func runLint(ctx context.Context, g *globalOptions, o *lintOptions, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := o.loadConfig()
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	lc := o.openCache(args)
	if lc == nil {
		o.policy.prepareBuiltin(o.builtinOff(cfg)) // compile while the flags are checked and the files load
	} else {
		o.policy.chooseBuiltin(o.builtinOff(cfg)) // compiled only if the cache misses
	}
	outputs, err := parseFormats(o.formats)
	if err != nil {
		return usageError("--format: %v", err)
	}
	failOn, err := analyzer.ParseSeverity(o.failOn)
	if err != nil {
		return usageError("--fail-on: %v", err)
	}
	color, err := useColor(o.color, g.stdout)
	if err != nil {
		return usageError("%v", err)
	}
	lopts, err := o.options(ctx, cfg) // config.go: the builder the language server shares
	if err != nil {
		return err
	}
	if o.stdinFilename != "" && !slices.Contains(args, "-") {
		return usageError("--stdin-filename names standard input, so it needs the path -")
	}
	if err := o.fixes.check(args); err != nil {
		return err
	}

	base, err := o.ci.readBaseline(cfg)
	if err != nil {
		return err
	}

	inputs, reported, pathErr := o.expand(args, g.stdin, cfg)
	if o.ci.listFiles {
		return listFiles(g.stdout, inputs, reported, pathErr)
	}
	if len(inputs) == 0 && pathErr != nil {
		// Nothing could be read: no report saying "no problems".
		return &exitCodeError{code: exitError, err: pathErr}
	}
	o.ci.reportOnly(&lopts, reported)
	lopts.RecordChecks = slices.ContainsFunc(outputs, func(out output) bool { return out.format == "junit" })
	var loaded *lint.Result
	var loadErr error
	hit := false
	if lc != nil {
		loaded, hit = lc.lookup(o, args, cfg, inputs, lopts)
	}
	if !hit {
		if lc != nil {
			o.policy.compileBuiltin()
		}
		lc.useCompanionAnswers()
		gctune.Bound()
		loaded, loadErr = lint.Inputs(ctx, inputs, lopts)
		lc.saveCompanionAnswers()
		lc.save(loaded, errors.Join(loadErr, ctx.Err()), lopts) // a lint cut short is not stored
	}
	if o.policy.debug {
		printCacheStats(g.stderr, lc, hit)
	}
	baselined, err := o.ci.applyBaseline(g.stderr, base, loaded, lopts, inputs, reported)
	if err != nil {
		return err
	}
	diags, out, err := o.fixes.apply(g, inputs, loaded)
	if err != nil {
		return err
	}
	if o.newFromRev != "" {
		changed, err := changesSince(o.newFromRev)
		if err != nil {
			return usageError("--new-from-rev: %v", err)
		}
		diags = changed.filter(diags)
	}

	rep := &report.Report{Diagnostics: diags, Suppressed: loaded.Suppressed, Objects: loaded.Objects,
		Rules: reportRules(lopts.Rules), ToolVersion: buildVersion(), FailOn: failOn, Summary: report.Summary{
			Files: loaded.Summary.Files, Documents: loaded.Summary.Documents,
			Loaded: loaded.Summary.Loaded, Skipped: loaded.Summary.Skipped, Failed: loaded.Summary.Failed,
			Objects: loaded.Summary.Objects, SkippedFiles: loaded.Summary.SkippedFiles, WithoutSchema: loaded.WithoutSchema,
			Baselined: baselined,
		}}
	for _, s := range loaded.Summary.Skips {
		rep.Summary.Skips = append(rep.Summary.Skips, report.Skip{File: s.File, Line: s.Line, Reason: s.Reason})
	}
	rep.Count()
	o.policy.printStats(g.stderr)
	if err := writeReports(out, outputs, rep, report.Options{Color: color, Quiet: o.quiet, ShowSuppressed: o.ci.showSuppressed}); err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	if err := errors.Join(pathErr, loadErr, namedButSkipped(args, o.stdinFilename, loaded.Summary.Skips)); err != nil {
		if !o.keepGoing {
			return &exitCodeError{code: exitError, err: err}
		}
		fmt.Fprintf(g.stderr, "podlint: %v\n", err)
	}
	for _, d := range diags {
		if d.Severity >= failOn {
			return &exitCodeError{code: exitFindings}
		}
	}
	if o.ci.maxWarnings >= 0 && rep.Summary.Warnings > o.ci.maxWarnings {
		fmt.Fprintf(g.stderr, "podlint: %d warnings, more than --max-warnings %d\n", rep.Summary.Warnings, o.ci.maxWarnings)
		return &exitCodeError{code: exitFindings}
	}
	return nil
}

// lintRules returns every rule a lint runs, configured: the Go rules and
// the given built-in policies.
func lintRules(kube rules.KubeVersion, builtin []*analyzer.Rule) []*analyzer.Rule {
	var out []*analyzer.Rule
	for _, r := range rules.All() {
		switch r.ID {
		case rules.DeprecatedAPI.ID:
			r = rules.NewDeprecatedAPI(kube)
		case rules.InvalidValue.ID:
			r = rules.NewInvalidValue(kube)
		}
		out = append(out, r)
	}
	return append(out, builtin...)
}

// catalogue returns every rule podlint knows, for rules, explain and
// configuration checks.
func catalogue() []*analyzer.Rule {
	all := append(lint.EngineRules(), rules.All()...)
	all = append(all, analyzer.Catalogue(policies.Builtin())...)
	all = append(all, policies.PolicyError)
	slices.SortFunc(all, func(a, b *analyzer.Rule) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// parseWorkloads reads --workload values: APIVERSION,KIND,TEMPLATE[,SELECTOR].
func parseWorkloads(specs []string) ([]load.WorkloadKind, error) {
	var out []load.WorkloadKind
	for _, spec := range specs {
		parts := strings.Split(spec, ",")
		if len(parts) < 3 || len(parts) > 4 || parts[0] == "" || parts[1] == "" {
			return nil, fmt.Errorf("%q: want APIVERSION,KIND,TEMPLATE-PATH[,SELECTOR-PATH]", spec)
		}
		w := load.WorkloadKind{APIVersion: parts[0], Kind: parts[1], TemplatePath: parts[2]}
		if len(parts) == 4 {
			w.SelectorPath = parts[3]
		}
		for _, p := range []string{w.TemplatePath, w.SelectorPath} {
			if _, err := analyzer.ParsePath(p); err != nil {
				return nil, err
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// namedButSkipped returns an error for each file named on the command line
// (or standard input) that was skipped whole: the user asked for it to be
// linted, so a skip is a failure, not a notice. A file met in a directory
// walk is only reported.
func namedButSkipped(args []string, stdinName string, skips []load.Skip) error {
	named := map[string]bool{}
	for _, a := range args {
		if a == "-" {
			a = cmp.Or(stdinName, "<stdin>")
		}
		named[filepath.Clean(a)] = true
	}
	var errs []error
	for _, s := range skips {
		if s.Line == 0 && named[filepath.Clean(s.File)] {
			errs = append(errs, fmt.Errorf("%s: not linted: %s", s.File, s.Reason))
		}
	}
	return errors.Join(errs...)
}

// An output is one report to write: a format, and the file it goes to
// ("" for standard output).
type output struct {
	format, file string
}

// parseFormats reads the --format values, FORMAT or FORMAT=FILE. At most
// one goes to standard output, and no file is named twice.
func parseFormats(values []string) ([]output, error) {
	var outs []output
	files := map[string]bool{}
	stdout := ""
	for _, v := range values {
		name, file, toFile := strings.Cut(v, "=")
		if !slices.Contains(report.Formats, name) {
			return nil, fmt.Errorf("%q: want one of %s, optionally =FILE", name, strings.Join(report.Formats, ", "))
		}
		switch {
		case toFile && file == "":
			return nil, fmt.Errorf("%q names no file after =", v)
		case toFile && files[filepath.Clean(file)]:
			return nil, fmt.Errorf("%s is named twice", file)
		case toFile:
			files[filepath.Clean(file)] = true
		case stdout != "":
			return nil, fmt.Errorf("%s and %s both go to standard output; name a file for one (%s=FILE)", stdout, name, name)
		default:
			stdout = name
		}
		outs = append(outs, output{format: name, file: file})
	}
	return outs, nil
}

// writeReports writes every output from the one report. Colour, when on,
// is for the terminal only.
func writeReports(stdout io.Writer, outs []output, rep *report.Report, opts report.Options) error {
	for _, o := range outs {
		if o.file == "" {
			if err := report.Write(stdout, o.format, rep, opts); err != nil {
				return err
			}
			continue
		}
		fopts := opts
		fopts.Color = false
		if err := writeReportFile(o.file, o.format, rep, fopts); err != nil {
			return err
		}
	}
	return nil
}

func writeReportFile(path, format string, rep *report.Report, opts report.Options) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--format %s=%s: %w", format, path, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("--format %s=%s: %w", format, path, cerr)
		}
	}()
	bw := bufio.NewWriter(f)
	if err := report.Write(bw, format, rep, opts); err != nil {
		return err
	}
	return bw.Flush()
}
