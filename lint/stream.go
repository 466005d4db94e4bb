package lint

import (
	"bytes"
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
	needed := map[*analyzer.Document]bool{} // documents whose text must stay
	for _, d := range res.Diagnostics {
		needed[d.Doc] = true
	}
	for _, o := range res.Objects {
		if report {
			found := analyzer.CheckObject(o, opts.Rules)
			diags = append(diags, found...)
			if len(found) > 0 {
				needed[o.Doc] = true
			}
		}
		if _, ok := o.PodSpec(); ok || o.Kind == "Service" {
			needed[o.Doc] = true // the cross-object pass may place findings here
		}
		o.Release()
	}
	for _, o := range res.Objects {
		keepText(o.Doc, needed[o.Doc])
	}
	return diags
}

// keepText keeps a document's text only when something may still read it:
// its findings (for source excerpts), the cross-object pass (to place
// findings), or its suppressions. The text kept is copied, so the buffer of
// a large file is freed once its other documents are done.
func keepText(d *analyzer.Document, needed bool) {
	if d.Source == nil {
		return
	}
	if needed || bytes.Contains(d.Source, []byte("podlint:ignore")) || bytes.Contains(d.Source, []byte("podlint.io/ignore")) {
		d.Source = bytes.Clone(d.Source)
		return
	}
	d.Source = nil
}
