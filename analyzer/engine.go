package analyzer

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
)

// Options tunes a Run.
type Options struct {
	// Workers bounds the goroutines that run per-object rules; zero means GOMAXPROCS.
	Workers int
	// Keep, when set, decides whose findings are reported. Objects it
	// rejects still take part in cross-object rules: this is how files given
	// only as context are seen but not reported on.
	Keep func(*Object) bool
	// Cluster is the lint's cluster-wide objects (see Cluster).
	Cluster *Cluster
}

// Run runs rules over objs, one set of objects applied together, and
// returns their findings with positions resolved, sorted by file, line,
// column and rule: the per-object rules on every object, then the
// cross-object rules once per namespace. Rule errors and panics become
// internal-error findings; Run itself never fails. Objects, their trees and
// their text must stay whole until Run returns; package lint decides what
// is kept after.
func Run(ctx context.Context, objs []*Object, rules []*Rule, opts Options) []Diagnostic {
	var perObject, perSet []*Rule
	for _, r := range rules {
		switch {
		case r.Check != nil:
			perObject = append(perObject, r)
		case r.CheckSet != nil:
			perSet = append(perSet, r)
		}
	}
	keep := func(o *Object) bool { return opts.Keep == nil || opts.Keep(o) }
	var checked []*Object
	for _, o := range objs {
		if keep(o) {
			checked = append(checked, o)
		}
	}
	all := checkObjects(ctx, checked, perObject, opts.Workers, opts.Cluster)
	if len(perSet) > 0 && ctx.Err() == nil {
		alt := FindAlternatives(objs)
		for _, g := range groupByNamespace(objs) {
			ix := NewLabelIndex(g.objects)
			add := func(d Diagnostic) { all = append(all, d) }
			for _, r := range perSet {
				runCheck(r, g.objects[0], func() error {
					return r.CheckSet(&SetPass{Rule: r, Namespace: g.namespace, Objects: g.objects, Index: ix, Alternatives: alt, Cluster: opts.Cluster, report: add})
				}, add)
			}
		}
	}
	kept := all[:0]
	for _, d := range all {
		if d.Object == nil || keep(d.Object) {
			kept = append(kept, Resolve(d))
		}
	}
	Sort(kept)
	return kept
}

// checkObjects runs the per-object rules on objs with up to workers
// goroutines (GOMAXPROCS when zero), returning the findings unresolved.
func checkObjects(ctx context.Context, objs []*Object, rules []*Rule, workers int, cluster *Cluster) []Diagnostic {
	if len(rules) == 0 || len(objs) == 0 {
		return nil
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 || len(objs) == 1 {
		var out []Diagnostic
		for _, o := range objs {
			if ctx.Err() != nil {
				break
			}
			out = checkObject(o, rules, cluster, out)
		}
		return out
	}
	var (
		mu  sync.Mutex
		all []Diagnostic
	)
	next := make(chan *Object)
	var wg sync.WaitGroup
	for range min(workers, len(objs)) {
		wg.Go(func() {
			var local []Diagnostic
			for o := range next {
				local = checkObject(o, rules, cluster, local)
			}
			mu.Lock()
			all = append(all, local...)
			mu.Unlock()
		})
	}
	for _, o := range objs {
		if ctx.Err() != nil {
			break
		}
		next <- o
	}
	close(next)
	wg.Wait()
	return all
}

// checkObject appends the findings of the per-object rules on o to out.
func checkObject(o *Object, rules []*Rule, cluster *Cluster, out []Diagnostic) []Diagnostic {
	add := func(d Diagnostic) { out = append(out, d) }
	for _, r := range rules {
		runCheck(r, o, func() error { return r.Check(&Pass{Rule: r, Object: o, Cluster: cluster, report: add}) }, add)
	}
	return out
}

// runCheck runs one rule and turns an error or a panic into an
// internal-error finding on the object.
func runCheck(r *Rule, o *Object, check func() error, add func(Diagnostic)) {
	defer func() {
		if v := recover(); v != nil {
			add(Diagnostic{Rule: InternalError.ID, Severity: Error, Object: o,
				Message: fmt.Sprintf("rule %s panicked: %v\n%s", r.ID, v, debug.Stack())})
		}
	}()
	if err := check(); err != nil {
		add(Diagnostic{Rule: InternalError.ID, Severity: Error, Object: o,
			Message: fmt.Sprintf("rule %s could not run: %v", r.ID, err)})
	}
}

// Resolve fills in what a report needs of a diagnostic's document while
// its text and tree are alive: the positions of the finding and of its
// related positions (when the rule left them to the engine), their UTF-16
// columns, the source line for an excerpt, and the place of each fix.
func Resolve(d Diagnostic) Diagnostic {
	if d.Rendered != nil {
		return d // placed in its source already
	}
	doc := d.Doc
	if d.Object != nil {
		doc = d.Object.Doc
	}
	if d.Object != nil && !d.Pos.IsValid() {
		d.Pos = d.Object.Resolve(d.Path)
	}
	if d.Object == nil && d.Doc != nil && !d.Pos.IsValid() {
		d.Pos = d.Doc.Resolve(d.Doc.Root, d.Path)
	}
	if doc != nil && d.Pos.IsValid() && d.Pos.Column16 == 0 {
		d.Pos = doc.withUTF16(d.Pos)
		d.SourceLine = doc.LineText(d.Pos.Line)
	}
	if doc != nil && doc.Rendering != nil && d.Rendered == nil {
		d = placeRendered(d, doc)
	}
	if len(d.Fixes) > 0 && !placed(d.Fixes) {
		d.Fixes = placeFixes(d)
	}
	if len(d.Related) > 0 {
		rel := slices.Clone(d.Related)
		for i := range rel {
			o := cmp.Or(rel[i].Object, d.Object)
			if o != nil && !rel[i].Pos.IsValid() {
				rel[i].Pos = o.Resolve(rel[i].Path)
			}
			if o != nil && rel[i].Pos.IsValid() && rel[i].Pos.Column16 == 0 {
				rel[i].Pos = o.Doc.withUTF16(rel[i].Pos)
			}
		}
		d.Related = rel
	}
	return d
}

// placeRendered moves a finding on a rendered document, and its related
// positions, from the rendered text to the files a person edits, once:
// Rendered is set after. Fixes are dropped: they would edit the rendered
// text, which is in no file.
func placeRendered(d Diagnostic, doc *Document) Diagnostic {
	d.Rendered = &RenderedAt{From: doc.Rendering.From, Line: d.Pos.Line, Text: d.SourceLine}
	if doc.Rendering.Variant != "" {
		d.Rendered.Variants = []string{doc.Rendering.Variant}
	}
	d.Pos, d.SourceLine = doc.Rendering.place(d.Path, d.Pos)
	d.Fixes = nil
	if len(d.Related) > 0 {
		rel := slices.Clone(d.Related)
		for i := range rel {
			o := cmp.Or(rel[i].Object, d.Object)
			if o == nil {
				continue
			}
			if !rel[i].Pos.IsValid() {
				rel[i].Pos = o.Resolve(rel[i].Path)
			}
			if o.Doc.Rendering != nil {
				rel[i].Pos, _ = o.Doc.Rendering.place(rel[i].Path, rel[i].Pos)
			}
		}
		d.Related = rel
	}
	return d
}

// placed reports whether every edit of fixes has its place: Resolve may
// see a diagnostic twice, and places its fixes once.
func placed(fixes []Fix) bool {
	for _, f := range fixes {
		for _, e := range f.Edits {
			if !e.Pos.IsValid() {
				return false
			}
		}
	}
	return true
}

// Sort orders diagnostics by file, line, column, rule and message, the
// order of every report whatever the parallelism.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

type namespaceGroup struct {
	namespace string
	objects   []*Object
}

// groupByNamespace splits objects by namespace, keeping input order within
// each group and ordering groups by name.
func groupByNamespace(objs []*Object) []namespaceGroup {
	byName := map[string]int{}
	var groups []namespaceGroup
	for _, o := range objs {
		i, ok := byName[o.Namespace]
		if !ok {
			i = len(groups)
			byName[o.Namespace] = i
			groups = append(groups, namespaceGroup{namespace: o.Namespace})
		}
		groups[i].objects = append(groups[i].objects, o)
	}
	slices.SortFunc(groups, func(a, b namespaceGroup) int { return cmp.Compare(a.namespace, b.namespace) })
	return groups
}
