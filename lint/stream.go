package lint

import (
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// checked is what one file gave: its objects, already through the
// per-object rules, and every finding so far.
type checked struct {
	loaded *load.Result
	diags  []analyzer.Diagnostic
	err    error
}

// stream loads files through a bounded pool of workers. Each worker parses
// and decodes a file, runs the per-object rules on its objects at once and
// then releases their node trees, so memory holds what the cross-object
// pass needs rather than every file at once.
func stream(ctx context.Context, inputs []load.Input, opts Options) (*load.Result, []analyzer.Diagnostic, error) {
	workers := opts.Load.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]checked, len(inputs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(inputs), 1)) {
		wg.Go(func() {
			for i := range next {
				results[i] = checkFile(inputs[i], opts)
			}
		})
	}
	for i := range inputs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()

	all := &load.Result{}
	var diags []analyzer.Diagnostic
	var errs []error
	for _, r := range results {
		if r.err != nil {
			all.Summary.Files++
			errs = append(errs, r.err)
			continue
		}
		if r.loaded == nil {
			continue // not reached: cancelled
		}
		all.Objects = append(all.Objects, r.loaded.Objects...)
		all.Summary.Add(r.loaded.Summary)
		diags = append(diags, r.diags...)
	}
	var err error
	if len(errs) > 0 {
		err = &load.PathError{Errs: pathErrs(errs)}
	}
	return all, diags, err
}

func pathErrs(errs []error) []error {
	var out []error
	for _, err := range errs {
		var pe *load.PathError
		if errors.As(err, &pe) {
			out = append(out, pe.Errs...)
		} else {
			out = append(out, err)
		}
	}
	return out
}

func checkFile(in load.Input, opts Options) checked {
	res, err := load.File(in, opts.Load)
	if err != nil {
		return checked{err: err}
	}
	report := opts.Report == nil || opts.Report(in.Name)
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
	return checked{loaded: res, diags: diags}
}
