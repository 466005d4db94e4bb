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
	// Scope, when set, splits each namespace further: cross-object rules see
	// together only objects of one namespace with the same scope (the
	// directory they were loaded from, say). Nil means one scope for all.
	Scope func(*Object) string
}

// Run runs rules over objs and returns their findings with positions
// resolved, sorted by file, line, column and rule. Rule errors and panics
// become internal-error findings; Run itself never fails.
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
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	var (
		mu  sync.Mutex
		all []Diagnostic
	)
	collect := func(ds []Diagnostic) {
		mu.Lock()
		all = append(all, ds...)
		mu.Unlock()
	}

	if len(perObject) > 0 {
		next := make(chan *Object)
		var wg sync.WaitGroup
		for range min(workers, max(len(objs), 1)) {
			wg.Go(func() {
				var local []Diagnostic
				for o := range next {
					local = append(local, checkObject(o, perObject)...)
				}
				collect(local)
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
	}

	collect(CheckSets(objs, perSet, opts))

	kept := ResolveAll(all, opts)
	Sort(kept)
	return kept
}

// CheckObject runs the per-object rules (those with Check) on one object
// and returns their findings with positions resolved.
func CheckObject(o *Object, rules []*Rule) []Diagnostic {
	ds := checkObject(o, rules)
	for i := range ds {
		ds[i] = resolve(ds[i])
	}
	return ds
}

func checkObject(o *Object, rules []*Rule) []Diagnostic {
	var out []Diagnostic
	add := func(d Diagnostic) { out = append(out, d) }
	for _, r := range rules {
		if r.Check != nil {
			runCheck(r, o, func() error { return r.Check(&Pass{Rule: r, Object: o, report: add}) }, add)
		}
	}
	return out
}

// CheckSets runs the cross-object rules (those with CheckSet) once per
// namespace (and scope), with a label index built once per group. Findings
// come back unresolved and unsorted unless resolved by the caller through
// Run; use ResolveAll otherwise.
func CheckSets(objs []*Object, rules []*Rule, opts Options) []Diagnostic {
	var all []Diagnostic
	var perSet []*Rule
	for _, r := range rules {
		if r.CheckSet != nil {
			perSet = append(perSet, r)
		}
	}
	if len(perSet) > 0 {
		for _, g := range groupByNamespace(objs, opts.Scope) {
			unpacked := unpackAll(g.objects)
			ix := NewLabelIndex(g.objects)
			var local []Diagnostic
			add := func(d Diagnostic) { local = append(local, d) }
			for _, r := range perSet {
				var first *Object
				if len(g.objects) > 0 {
					first = g.objects[0]
				}
				runCheck(r, first, func() error {
					return r.CheckSet(&SetPass{Rule: r, Namespace: g.namespace, Objects: g.objects, Index: ix, report: add})
				}, add)
			}
			all = append(all, local...)
			for _, o := range unpacked {
				o.Pack()
			}
		}
	}
	return all
}

// unpackAll decodes the typed values of a group's packed objects for the
// time the cross-object rules look at the group, and returns those objects.
func unpackAll(objs []*Object) []*Object {
	var out []*Object
	for _, o := range objs {
		if o.Unpack() {
			out = append(out, o)
		}
	}
	return out
}

// ResolveAll fills in the positions of findings that lack them, keeping
// only those opts.Keep accepts.
// Documents whose node trees were released and parsed again to place a
// finding are released again once all are placed.
func ResolveAll(ds []Diagnostic, opts Options) []Diagnostic {
	kept := ds[:0]
	reparsed := map[*Document]bool{}
	for _, d := range ds {
		if opts.Keep != nil && d.Object != nil && !opts.Keep(d.Object) {
			continue
		}
		note := func(o *Object) {
			if o != nil && o.Doc.isReleased() {
				reparsed[o.Doc] = true
			}
		}
		note(d.Object)
		for _, r := range d.Related {
			note(r.Object)
		}
		kept = append(kept, resolve(d))
	}
	for doc := range reparsed {
		doc.Release()
	}
	return kept
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

// resolve fills in the positions of a diagnostic and its related positions.
func resolve(d Diagnostic) Diagnostic {
	if d.Object != nil && !d.Pos.IsValid() {
		d.Pos = d.Object.Resolve(d.Path)
	}
	if d.Object == nil && d.Doc != nil && !d.Pos.IsValid() {
		d.Pos = d.Doc.Resolve(d.Doc.Root, d.Path)
	}
	if len(d.Fixes) > 0 {
		d.Fixes = placeFixes(d)
	}
	if len(d.Related) > 0 {
		rel := slices.Clone(d.Related)
		for i := range rel {
			o := cmp.Or(rel[i].Object, d.Object)
			if o != nil && !rel[i].Pos.IsValid() {
				rel[i].Pos = o.Resolve(rel[i].Path)
			}
		}
		d.Related = rel
	}
	return d
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
	scope     string
	namespace string
	objects   []*Object
}

// groupByNamespace splits objects by scope and namespace, keeping input
// order within each group and ordering groups by scope and name.
func groupByNamespace(objs []*Object, scope func(*Object) string) []namespaceGroup {
	type key struct{ scope, namespace string }
	byKey := map[key]*namespaceGroup{}
	var groups []*namespaceGroup
	for _, o := range objs {
		k := key{namespace: o.Namespace}
		if scope != nil {
			k.scope = scope(o)
		}
		g := byKey[k]
		if g == nil {
			g = &namespaceGroup{scope: k.scope, namespace: k.namespace}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.objects = append(g.objects, o)
	}
	slices.SortFunc(groups, func(a, b *namespaceGroup) int {
		return cmp.Or(cmp.Compare(a.scope, b.scope), cmp.Compare(a.namespace, b.namespace))
	})
	out := make([]namespaceGroup, len(groups))
	for i, g := range groups {
		out[i] = *g
	}
	return out
}
