// Package lint is the one pipeline from inputs to findings that every front
// end runs: the CLI, the language server and the fixture harness.
//
// It owns the lifecycle of objects. Inputs are split into apply sets (the
// files of one directory, or all of them with AcrossDirectories): the unit
// that cross-object rules relate. A set is loaded, checked by the
// per-object and cross-object rules, its findings placed (positions,
// UTF-16 columns, excerpts, fixes) and its suppressions applied while its
// trees and text are alive; then everything but the objects' identity is
// dropped. So memory holds one set per worker, and every rule may read
// every field of every object in its set, in every front end alike.
package lint

import (
	"cmp"
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

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

	// Catalogue lists every rule a suppression may name, including rules
	// turned off; nil means the rules run and the engine's own.
	Catalogue []*analyzer.Rule
	// ReportUnusedIgnores reports suppressions that silence nothing.
	ReportUnusedIgnores bool
	// NoPeerSuppressions ignores the suppression annotations of
	// kube-linter, kube-score and Polaris (see peers.go).
	NoPeerSuppressions bool
	// Disabled drops the findings of rules turned off in the
	// configuration, including the loader's own (schema, parse-error).
	Disabled map[string]bool
	// Severity overrides the severity of a rule's findings.
	Severity map[string]analyzer.Severity
	// Definitions are files read only for their cluster-wide objects
	// (CRDs given with --crd, see analyzer.Cluster), never reported on.
	Definitions []load.Input
	// Exclude names the files .podlint.yaml excludes: they are not read,
	// not even as context, and no finding of theirs is reported.
	Exclude func(file string) bool
	// RecordChecks fills in Object.Checks of the reported objects, for the
	// reports that list the checks an object passed (JUnit): the rules run
	// that apply to it, but those Disabled.
	RecordChecks bool
	// Render says how the charts and kustomizations among the inputs
	// (load.Input.Root) are rendered; nil renders them with defaults.
	Render *RenderOptions
}

// Result is what a lint found and read.
type Result struct {
	// Objects are the objects read, in input order. Only their identity
	// outlives the lint (kind, name, namespace, file and document): typed
	// values, trees and text are dropped once their set is done.
	Objects     []*analyzer.Object
	Diagnostics []analyzer.Diagnostic // sorted by file, line, column and rule
	// Suppressed holds the findings an ignore comment or annotation
	// silenced, sorted likewise.
	Suppressed []analyzer.Diagnostic
	Summary    load.Summary
	// WithoutSchema counts, by "group/version Kind", the custom resources
	// of the reported files that no CRD or schema defines: not validated.
	WithoutSchema map[string]int
	// Read lists, as sorted absolute paths, the files a kustomization
	// build read (its resources, patches and bases, outside its folder
	// too): beyond the inputs, what the findings depend on (see lint/cache).
	Read []string
}

// Inputs loads inputs and runs the rules over them, one apply set at a
// time per worker. The error reports inputs that could not be read;
// everything else is linted regardless.
func Inputs(ctx context.Context, inputs []load.Input, opts Options) (*Result, error) {
	if opts.Exclude != nil {
		// Excluded files are not read at all, not even as context: the
		// configuration says they are not manifests of this repository.
		inputs = slices.DeleteFunc(slices.Clone(inputs), func(in load.Input) bool { return opts.Exclude(in.Name) })
	}
	inputs, rend := renderRoots(ctx, inputs, opts)
	opts.Report = rend.reports(opts.Report)
	sets := applySets(inputs, opts.AcrossDirectories)
	cluster, preloaded := loadCluster(ctx, inputs, opts)
	workers := opts.Load.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	files := make([]fileOutcome, len(inputs))
	done := make([]setOutcome, len(sets))
	run := func(i, workers int) {
		done[i] = lintSet(ctx, inputs, sets[i], opts, workers, files, cluster, preloaded)
	}
	schedule(sets, workers, run)
	if opts.Report != nil {
		// Context files are read for the cross-object rules, not linted:
		// the summary and the objects are those of the reported files.
		for i, in := range inputs {
			if !opts.Report(in.Name) {
				files[i] = fileOutcome{err: files[i].err}
			}
		}
	}
	res, err := merge(files, done)
	res.WithoutSchema = cluster.WithoutSchema(opts.Report)
	if rend != nil {
		for _, d := range rend.diags {
			if opts.Report == nil || opts.Report(d.Pos.File) {
				res.Diagnostics = append(res.Diagnostics, d)
			}
		}
		res.Read = rend.read
		res.Diagnostics = rend.dedupe(res.Diagnostics)
		res.Suppressed = rend.dedupe(res.Suppressed)
		analyzer.Sort(res.Diagnostics)
	}
	return res, err
}

// Bytes lints one file held in memory, such as an editor's buffer, through
// the same pipeline as Inputs.
func Bytes(ctx context.Context, name string, data []byte, opts Options) *Result {
	if data == nil {
		data = []byte{}
	}
	res, _ := Inputs(ctx, []load.Input{{Name: name, Data: data}}, opts) // data in memory cannot fail to read
	return res
}

// An applySet is the inputs, by index in input order, that cross-object
// rules relate, and their size in bytes as far as known.
type applySet struct {
	inputs []int
	size   int64
}

// applySets groups inputs by directory, or all together across
// directories, keeping input order within each set.
func applySets(inputs []load.Input, across bool) []applySet {
	byDir := map[string]int{}
	var sets []applySet
	for i, in := range inputs {
		dir := ""
		switch {
		case in.Set != "":
			dir = "\x00" + in.Set // a rendering: never a directory's set, even across directories
		case !across:
			dir = filepath.Dir(in.Name)
		}
		k, ok := byDir[dir]
		if !ok {
			k = len(sets)
			byDir[dir] = k
			sets = append(sets, applySet{})
		}
		sets[k].inputs = append(sets[k].inputs, i)
		sets[k].size += inputSize(in)
	}
	return sets
}

// inputSize is the size of an input's data, or of its file.
func inputSize(in load.Input) int64 {
	if in.Data != nil {
		return int64(len(in.Data))
	}
	if in.Skip == "" {
		if n, ok := load.FileSize(in.Path); ok {
			return n
		}
	}
	return 0
}

// schedule runs every set, largest first. A set larger than one worker's
// fair share of what is left runs alone on every worker; the rest run side
// by side, one worker each, so a large directory met last does not leave
// the other workers idle and many small ones do not contend.
func schedule(sets []applySet, workers int, run func(i, workers int)) {
	order := make([]int, len(sets))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sets[b].size, sets[a].size) })
	var remaining int64
	for _, s := range sets {
		remaining += s.size
	}
	for len(order) > 0 {
		first := sets[order[0]]
		if len(order) > 1 && workers > 1 && first.size*int64(workers) < remaining {
			break
		}
		run(order[0], workers)
		remaining -= first.size
		order = order[1:]
	}
	if len(order) == 0 {
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(order)) {
		wg.Go(func() {
			for i := range next {
				run(i, 1)
			}
		})
	}
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
}

// A fileOutcome is what loading one input gave, kept until the merge.
type fileOutcome struct {
	res *load.Result // nil when the input was not read
	err error
}

// A setOutcome is the findings of one set.
type setOutcome struct {
	diags, silenced []analyzer.Diagnostic
}

// lintSet loads the inputs of one set with up to workers goroutines, runs
// the rules over them, places and filters their findings, and drops what
// no report reads. The per-file load results go to files.
func lintSet(ctx context.Context, inputs []load.Input, set applySet, opts Options, workers int, files []fileOutcome,
	cluster *analyzer.Cluster, preloaded map[int]*load.Result) setOutcome {
	reported := func(file string) bool { return opts.Report == nil || opts.Report(file) }
	ins := make([]load.Input, len(set.inputs))
	results := make([]*load.Result, len(ins))
	errs := make([]error, len(ins))
	var toLoad []int // the inputs the cluster pre-pass did not parse already
	for k, i := range set.inputs {
		ins[k] = inputs[i]
		if res, ok := preloaded[i]; ok {
			results[k] = res // read-only map: each input is in one set
		} else {
			toLoad = append(toLoad, k)
		}
	}
	lopts := opts.Load
	lopts.Workers = workers
	rest := make([]load.Input, len(toLoad))
	for j, k := range toLoad {
		rest[j] = ins[k]
	}
	load.Each(ctx, rest, lopts, func(j int, res *load.Result, err error) { results[toLoad[j]], errs[toLoad[j]] = res, err })

	var objs []*analyzer.Object
	var diags []analyzer.Diagnostic
	for k, res := range results {
		files[set.inputs[k]] = fileOutcome{res: res, err: errs[k]}
		if res == nil {
			continue
		}
		objs = append(objs, res.Objects...)
		if reported(ins[k].Name) {
			diags = append(diags, res.Diagnostics...)
		}
	}
	var keep func(*analyzer.Object) bool
	if opts.Report != nil {
		// A rendered object's findings may land outside its file (a
		// kustomize patch, the kustomization): they are judged by where
		// they land, once placed, below.
		keep = func(o *analyzer.Object) bool { return o.Doc.Rendering != nil || opts.Report(o.Doc.File) }
	}
	diags = append(diags, analyzer.Run(ctx, objs, opts.Rules, analyzer.Options{Workers: workers, Keep: keep, Cluster: cluster})...)

	docs, reportedObjs := suppressionSources(results, reported)
	if opts.RecordChecks {
		recordChecks(reportedObjs, opts)
	}
	kept, silenced := applyIgnores(docs, reportedObjs, diags, opts)
	for i := range kept {
		kept[i] = analyzer.Resolve(kept[i])
	}
	for i := range silenced {
		silenced[i] = analyzer.Resolve(silenced[i])
	}
	if opts.Report != nil {
		// A rendered object's finding is reported where it landed, or
		// with all of a rendering whose root is.
		unreported := func(d analyzer.Diagnostic) bool {
			if d.Object == nil || d.Object.Doc.Rendering == nil {
				return false
			}
			return !opts.Report(d.Pos.File) && !opts.Report(d.Object.Doc.Rendering.Root)
		}
		kept, silenced = slices.DeleteFunc(kept, unreported), slices.DeleteFunc(silenced, unreported)
	}
	out := setOutcome{diags: override(kept, opts), silenced: override(silenced, opts)}
	for _, res := range results {
		if res != nil {
			release(res)
		}
	}
	return out
}

// suppressionSources returns the documents and objects of the reported
// files of a set, whose ignore comments and annotations apply.
func suppressionSources(results []*load.Result, reported func(string) bool) ([]*analyzer.Document, []*analyzer.Object) {
	var docs []*analyzer.Document
	var objs []*analyzer.Object
	seen := map[*analyzer.Document]bool{}
	addDoc := func(d *analyzer.Document) {
		if d != nil && !seen[d] && reported(d.File) {
			seen[d] = true
			docs = append(docs, d)
		}
	}
	for _, res := range results {
		if res == nil {
			continue
		}
		for _, o := range res.Objects {
			addDoc(o.Doc)
			if reported(o.Doc.File) {
				objs = append(objs, o)
			}
		}
		for _, d := range res.Diagnostics {
			addDoc(d.Doc)
		}
	}
	return docs, objs
}

// recordChecks fills in the checks of objs (Object.Checks) while their
// typed values are alive. Objects of one kind mostly share their checks:
// one slice serves each distinct list.
func recordChecks(objs []*analyzer.Object, opts Options) {
	shared := map[string][]string{}
	for _, o := range objs {
		ids := analyzer.Checks(o, opts.Rules, opts.Disabled)
		key := strings.Join(ids, ",")
		if s, ok := shared[key]; ok {
			ids = s
		} else {
			shared[key] = ids
		}
		o.Checks = ids
	}
}

// release drops everything of a set's objects and documents but their
// identity, once the set's findings are placed: no report reads more.
func release(res *load.Result) {
	for _, o := range res.Objects {
		o.Node, o.JSON, o.Typed, o.Meta, o.Workload = nil, nil, nil, nil, nil
		o.Labels, o.Annotations = nil, nil
		o.Doc.Discard()
	}
	for _, d := range res.Diagnostics {
		if d.Doc != nil {
			d.Doc.Discard()
		}
	}
}

// merge joins the per-file results in input order, and the findings of
// every set, sorted.
func merge(files []fileOutcome, sets []setOutcome) (*Result, error) {
	results := make([]*load.Result, len(files))
	errs := make([]error, len(files))
	for i, f := range files {
		results[i], errs[i] = f.res, f.err
		if f.res != nil {
			f.res.Diagnostics = nil // the sets hold them, placed and filtered
		}
	}
	all, err := load.Merge(results, errs)
	var n, m int
	for _, s := range sets {
		n, m = n+len(s.diags), m+len(s.silenced)
	}
	res := &Result{Objects: all.Objects, Summary: all.Summary,
		Diagnostics: make([]analyzer.Diagnostic, 0, n), Suppressed: make([]analyzer.Diagnostic, 0, m)}
	for _, s := range sets {
		res.Diagnostics = append(res.Diagnostics, s.diags...)
		res.Suppressed = append(res.Suppressed, s.silenced...)
	}
	analyzer.Sort(res.Diagnostics)
	analyzer.Sort(res.Suppressed)
	return res, err
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
