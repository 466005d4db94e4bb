package lint

import (
	"context"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// stream loads files through the loader's bounded pool and, in the worker
// that loaded each file, runs the per-object rules on its objects at once
// and then releases their node trees, so memory holds what the
// cross-object pass needs rather than every file at once.
func stream(ctx context.Context, inputs []load.Input, opts Options) (*load.Result, []analyzer.Diagnostic, error) {
	results := make([]*load.Result, len(inputs))
	errs := make([]error, len(inputs))
	found := make([][]analyzer.Diagnostic, len(inputs))
	load.Each(ctx, inputs, opts.Load, func(i int, res *load.Result, err error) {
		results[i], errs[i] = res, err
		if err == nil {
			found[i] = checkFile(inputs[i].Name, res, opts)
		}
	})
	all, err := load.Merge(results, errs)
	var diags []analyzer.Diagnostic
	for _, ds := range found {
		diags = append(diags, ds...)
	}
	return all, diags, err
}

// checkFile runs the per-object rules on one file's objects and releases
// them; it returns the findings to report for the file.
func checkFile(name string, res *load.Result, opts Options) []analyzer.Diagnostic {
	report := opts.Report == nil || opts.Report(name)
	var diags []analyzer.Diagnostic
	if report {
		diags = append(diags, res.Diagnostics...)
	}
	for _, o := range res.Objects {
		if report {
			diags = append(diags, analyzer.CheckObject(o, opts.Rules)...)
		}
		o.Release()
	}
	return diags
}
