// Package lint wires the loader and the engine into one call, so the CLI and
// the language server lint a file, a directory or an editor's buffer the
// same way.
package lint

import (
	"context"
	"path/filepath"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// Options configures a lint.
type Options struct {
	Rules []*analyzer.Rule
	Load  load.Options
	// Report, when set, decides which files' findings are reported; the
	// other files are loaded for cross-object rules only (--context).
	Report func(file string) bool
	// KeepTyped, when set, names the files whose objects keep their typed
	// values to the end of a streamed lint, neither shed nor packed (an
	// editor's buffer, whose findings get code actions).
	KeepTyped func(file string) bool
	// AcrossDirectories lets cross-object rules relate objects of different
	// directories. By default a directory is the unit that is applied
	// together (kubectl apply -f DIR, a kustomization): unrelated examples
	// side by side in a repository do not select each other's Pods.
	AcrossDirectories bool

	// Catalogue lists every rule a suppression may name, including rules
	// turned off; nil means the rules run and the engine's own.
	Catalogue []*analyzer.Rule
	// ReportUnusedIgnores reports suppressions that silence nothing.
	ReportUnusedIgnores bool
	// Disabled drops the findings of rules turned off in the
	// configuration, including the loader's own (schema, parse-error).
	Disabled map[string]bool
	// Severity overrides the severity of a rule's findings.
	Severity map[string]analyzer.Severity
	Exclude  func(file string) bool // files .podlint.yaml excludes: no findings of theirs are reported (applyIgnores)
}

// Result is what a lint found and read.
type Result struct {
	Objects     []*analyzer.Object
	Diagnostics []analyzer.Diagnostic // sorted by file, line, column and rule
	// Suppressed holds the findings an ignore comment or annotation
	// silenced, sorted likewise.
	Suppressed []analyzer.Diagnostic
	Summary    load.Summary
}

// Inputs loads inputs and runs the rules over them. The error reports
// inputs that could not be read; everything else is linted regardless.
// Files stream through the per-object rules as they load (see stream), and
// the cross-object pass runs once all are in.
func Inputs(ctx context.Context, inputs []load.Input, opts Options) (*Result, error) {
	loaded, early, err := stream(ctx, inputs, opts)
	loaded.Diagnostics = early
	return finish(ctx, loaded, true, opts), err
}

// Bytes lints one file held in memory, such as an editor's buffer.
func Bytes(ctx context.Context, name string, data []byte, opts Options) *Result {
	return finish(ctx, load.Bytes(name, data, opts.Load), false, opts)
}

// finish runs what is left to run and sorts the findings. When streamed,
// loaded.Diagnostics already holds the per-object findings of reported
// files; otherwise it holds the loader's findings only.
func finish(ctx context.Context, loaded *load.Result, streamed bool, opts Options) *Result {
	var keep func(*analyzer.Object) bool
	if opts.Report != nil {
		keep = func(o *analyzer.Object) bool { return opts.Report(o.Doc.File) }
	}
	var scope func(*analyzer.Object) string
	if !opts.AcrossDirectories {
		scope = func(o *analyzer.Object) string { return filepath.Dir(o.Doc.File) }
	}
	aopts := analyzer.Options{Keep: keep, Scope: scope}
	var diags []analyzer.Diagnostic
	if streamed {
		diags = loaded.Diagnostics
		diags = append(diags, analyzer.ResolveAll(analyzer.CheckSets(loaded.Objects, opts.Rules, aopts), aopts)...)
	} else {
		diags = analyzer.Run(ctx, loaded.Objects, opts.Rules, aopts)
		for _, d := range loaded.Diagnostics {
			if opts.Report == nil || opts.Report(d.Pos.File) {
				diags = append(diags, d)
			}
		}
	}
	diags, silenced := applySuppressions(loaded, diags, opts)
	diags = override(diags, opts)
	silenced = override(silenced, opts)
	analyzer.Sort(diags)
	analyzer.Sort(silenced)
	return &Result{Objects: loaded.Objects, Diagnostics: diags, Suppressed: silenced, Summary: loaded.Summary}
}

// applySuppressions silences the findings named by ignore comments and
// annotations in the reported files. It runs here, after the engine, so the
// CLI and the language server honour the same suppressions.
func applySuppressions(loaded *load.Result, diags []analyzer.Diagnostic, opts Options) (kept, silenced []analyzer.Diagnostic) {
	reported := func(file string) bool { return opts.Report == nil || opts.Report(file) }
	var docs []*analyzer.Document
	seen := map[*analyzer.Document]bool{}
	addDoc := func(d *analyzer.Document) {
		if d != nil && !seen[d] && reported(d.File) {
			seen[d] = true
			docs = append(docs, d)
		}
	}
	var objs []*analyzer.Object
	for _, o := range loaded.Objects {
		addDoc(o.Doc)
		if reported(o.Doc.File) {
			objs = append(objs, o)
		}
	}
	for _, d := range loaded.Diagnostics {
		addDoc(d.Doc)
	}
	return applyIgnores(docs, objs, diags, opts)
}

// override drops the findings of disabled rules and applies configured
// severities.
func override(diags []analyzer.Diagnostic, opts Options) []analyzer.Diagnostic {
	if len(opts.Disabled) == 0 && len(opts.Severity) == 0 {
		return diags
	}
	out := diags[:0]
	for _, d := range diags {
		if opts.Disabled[d.Rule] {
			continue
		}
		if s, ok := opts.Severity[d.Rule]; ok && s != 0 {
			d.Severity = s
		}
		out = append(out, d)
	}
	return out
}
