package lint

import (
	"bytes"
	"context"
	"sync"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// stream loads files through the loader's bounded pool and, in the worker
// that loaded each file, runs the per-object rules on its objects at once
// and then releases their node trees, so memory holds what the
// cross-object pass needs rather than every file at once: the objects it
// reads packed (see analyzer.Object.Pack), the others shed.
func stream(ctx context.Context, inputs []load.Input, opts Options) (*load.Result, []analyzer.Diagnostic, error) {
	reported := func(file string) bool { return opts.Report == nil || opts.Report(file) }
	setReads := setReads(opts.Rules)
	var crossDocs sync.Map // the documents of objects the cross-object pass reads
	lopts := opts.Load
	lopts.Visit = func(o *analyzer.Object) []analyzer.Diagnostic {
		var found []analyzer.Diagnostic
		if reported(o.Doc.File) {
			found = analyzer.CheckObject(o, opts.Rules)
		}
		read := setReads(o)
		if read {
			crossDocs.Store(o.Doc, true)
		}
		switch {
		case opts.KeepTyped != nil && opts.KeepTyped(o.Doc.File):
		case templateIgnore(o): // collectSuppressions reads it at the end
		case read:
			o.Pack()
		default:
			o.Shed()
		}
		o.Release()
		return found
	}
	results := make([]*load.Result, len(inputs))
	errs := make([]error, len(inputs))
	load.Each(ctx, inputs, lopts, func(i int, res *load.Result, err error) {
		results[i], errs[i] = res, err
		if err == nil {
			keepNeededText(res, func(d *analyzer.Document) bool {
				_, read := crossDocs.LoadAndDelete(d)
				return read
			})
			if !reported(inputs[i].Name) {
				res.Diagnostics = nil
			}
		}
	})
	all, err := load.Merge(results, errs)
	diags := all.Diagnostics
	all.Diagnostics = nil
	return all, diags, err
}

// setReads returns whether some cross-object rule reads an object's typed
// value; the others are shed once checked.
func setReads(rules []*analyzer.Rule) func(*analyzer.Object) bool {
	var reads []func(*analyzer.Object) bool
	for _, r := range rules {
		if r.CheckSet == nil {
			continue
		}
		if r.SetReads == nil {
			return func(*analyzer.Object) bool { return true }
		}
		reads = append(reads, r.SetReads)
	}
	return func(o *analyzer.Object) bool {
		for _, f := range reads {
			if f(o) {
				return true
			}
		}
		return false
	}
}

// keepNeededText drops the text of a file's documents that nothing will
// read again, once its objects are checked and released; cross tells the
// documents of objects that the cross-object pass reads.
func keepNeededText(res *load.Result, cross func(*analyzer.Document) bool) {
	needed := map[*analyzer.Document]bool{}
	for _, d := range res.Diagnostics {
		needed[d.Doc] = true
		if d.Object != nil {
			needed[d.Object.Doc] = true
		}
	}
	for _, o := range res.Objects {
		if cross(o.Doc) {
			needed[o.Doc] = true // the cross-object pass may place findings here
		}
	}
	done := map[*analyzer.Document]bool{}
	keep := func(d *analyzer.Document) {
		if d != nil && !done[d] {
			done[d] = true
			keepText(d, needed[d])
		}
	}
	for _, o := range res.Objects {
		keep(o.Doc)
	}
	for _, d := range res.Diagnostics {
		keep(d.Doc) // documents that did not parse
	}
}

// keepText keeps a document's text in memory only when something will
// read it: its suppressions, which are collected from every reported file,
// or, for text that cannot be read again from its file (standard input, an
// editor's buffer), its findings and the cross-object pass. Other text is
// dropped, and read again from the file if a finding needs it after all.
// The text kept is copied, so the buffer of a large file is freed once its
// other documents are done.
func keepText(d *analyzer.Document, needed bool) {
	if d.Source == nil {
		return
	}
	if bytes.Contains(d.Source, []byte("podlint:ignore")) || bytes.Contains(d.Source, []byte("podlint.io/ignore")) {
		d.Source = bytes.Clone(d.Source)
		return
	}
	if d.DropText() {
		return
	}
	if needed {
		d.Source = bytes.Clone(d.Source)
		return
	}
	d.Source = nil
}
