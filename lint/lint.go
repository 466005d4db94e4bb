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
	// AcrossDirectories lets cross-object rules relate objects of different
	// directories. By default a directory is the unit that is applied
	// together (kubectl apply -f DIR, a kustomization): unrelated examples
	// side by side in a repository do not select each other's Pods.
	AcrossDirectories bool
}

// Result is what a lint found and read.
type Result struct {
	Objects     []*analyzer.Object
	Diagnostics []analyzer.Diagnostic // sorted by file, line, column and rule
	Summary     load.Summary
}

// Inputs loads inputs and runs the rules over them. The error reports
// inputs that could not be read; everything else is linted regardless.
func Inputs(ctx context.Context, inputs []load.Input, opts Options) (*Result, error) {
	loaded, err := load.Load(ctx, inputs, opts.Load)
	return finish(ctx, loaded, opts), err
}

// Bytes lints one file held in memory, such as an editor's buffer.
func Bytes(ctx context.Context, name string, data []byte, opts Options) *Result {
	return finish(ctx, load.Bytes(name, data, opts.Load), opts)
}

func finish(ctx context.Context, loaded *load.Result, opts Options) *Result {
	var keep func(*analyzer.Object) bool
	if opts.Report != nil {
		keep = func(o *analyzer.Object) bool { return opts.Report(o.Doc.File) }
	}
	var scope func(*analyzer.Object) string
	if !opts.AcrossDirectories {
		scope = func(o *analyzer.Object) string { return filepath.Dir(o.Doc.File) }
	}
	diags := analyzer.Run(ctx, loaded.Objects, opts.Rules, analyzer.Options{Keep: keep, Scope: scope})
	for _, d := range loaded.Diagnostics {
		if opts.Report == nil || opts.Report(d.Pos.File) {
			diags = append(diags, d)
		}
	}
	analyzer.Sort(diags)
	return &Result{Objects: loaded.Objects, Diagnostics: diags, Summary: loaded.Summary}
}
