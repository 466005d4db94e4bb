package cache

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// An entry is a lint.Result as it is stored: what outlives a lint of its
// objects and documents (their identity, see lint's release) in tables,
// and the findings naming them by index. Fixes are not kept: a run that
// applies them (--fix, --diff) does not use the cache.
type entry struct {
	Format int
	Key    string
	Deps   []Dep

	Docs    []document
	Objects []object
	// Listed is how many of Objects, from the first, are Result.Objects;
	// the others are objects of context files a finding relates.
	Listed        int
	Diagnostics   []diagnostic
	Suppressed    []diagnostic
	Summary       load.Summary
	WithoutSchema map[string]int
	Read          []string
}

type document struct {
	File                  string
	Index, Line           int
	Offset, Part          int
	Encoding              string
	Rendered              bool
	From, Variant, Source string // of Rendering, which has no Place once linted
}

type object struct {
	Doc           int    // index in Docs
	Item          string // Paths as their canonical form: they have no exported fields
	APIVersion    string
	Kind          string
	GVK           schema.GroupVersionKind
	Namespace     string
	ClusterScoped bool
	Name          string
	Rejected      bool
	Repaired      []string
	Checks        []string
}

type diagnostic struct {
	Rule       string
	Severity   analyzer.Severity
	Message    string
	Object     int // index in Objects, -1 for none
	Doc        int // index in Docs, -1 for none
	Path       string
	Pos        analyzer.Position
	Related    []related
	SourceLine string
	Rendered   *analyzer.RenderedAt
}

type related struct {
	Object  int
	Path    string
	Pos     analyzer.Position
	Message string
}

// tables numbers the objects and documents of a result.
type tables struct {
	e    *entry
	objs map[*analyzer.Object]int
	docs map[*analyzer.Document]int
}

func (t *tables) doc(d *analyzer.Document) int {
	if d == nil {
		return -1
	}
	if i, ok := t.docs[d]; ok {
		return i
	}
	i := len(t.e.Docs)
	t.docs[d] = i
	rec := document{File: d.File, Index: d.Index, Line: d.Line, Offset: d.Offset, Part: d.Part, Encoding: d.Encoding}
	if r := d.Rendering; r != nil {
		rec.Rendered, rec.From, rec.Variant, rec.Source = true, r.From, r.Variant, r.File
	}
	t.e.Docs = append(t.e.Docs, rec)
	return i
}

func (t *tables) object(o *analyzer.Object) int {
	if o == nil {
		return -1
	}
	if i, ok := t.objs[o]; ok {
		return i
	}
	i := len(t.e.Objects)
	t.objs[o] = i
	rec := object{Doc: t.doc(o.Doc), Item: o.Item.String(), APIVersion: o.APIVersion, Kind: o.Kind,
		GVK: o.GVK, Namespace: o.Namespace, ClusterScoped: o.ClusterScoped, Name: o.Name, Rejected: o.Rejected, Checks: o.Checks}
	for _, p := range o.Repaired {
		rec.Repaired = append(rec.Repaired, p.String())
	}
	t.e.Objects = append(t.e.Objects, rec)
	return i
}

func (t *tables) diagnostics(diags []analyzer.Diagnostic) []diagnostic {
	out := make([]diagnostic, len(diags))
	for i, d := range diags {
		rec := diagnostic{Rule: d.Rule, Severity: d.Severity, Message: d.Message, Object: t.object(d.Object), Doc: t.doc(d.Doc),
			Path: d.Path.String(), Pos: d.Pos, SourceLine: d.SourceLine, Rendered: d.Rendered}
		for _, r := range d.Related {
			rec.Related = append(rec.Related, related{Object: t.object(r.Object), Path: r.Path.String(), Pos: r.Pos, Message: r.Message})
		}
		out[i] = rec
	}
	return out
}

func newEntry(key string, res *lint.Result, deps []Dep) (*entry, error) {
	e := &entry{Format: Format, Key: key, Deps: deps, Summary: res.Summary, WithoutSchema: res.WithoutSchema, Read: res.Read}
	t := &tables{e: e, objs: map[*analyzer.Object]int{}, docs: map[*analyzer.Document]int{}}
	for _, o := range res.Objects {
		if _, dup := t.objs[o]; dup {
			return nil, fmt.Errorf("object %s listed twice", o)
		}
		t.object(o)
	}
	e.Listed = len(e.Objects)
	e.Diagnostics = t.diagnostics(res.Diagnostics)
	e.Suppressed = t.diagnostics(res.Suppressed)
	return e, nil
}

// result rebuilds the lint.Result of the entry.
func (e *entry) result() (*lint.Result, error) {
	docs := make([]*analyzer.Document, len(e.Docs))
	for i, d := range e.Docs {
		docs[i] = &analyzer.Document{File: d.File, Index: d.Index, Line: d.Line, Offset: d.Offset, Part: d.Part, Encoding: d.Encoding}
		if d.Rendered {
			docs[i].Rendering = &analyzer.Rendering{From: d.From, Variant: d.Variant, File: d.Source}
		}
	}
	doc := func(i int) (*analyzer.Document, error) {
		switch {
		case i == -1:
			return nil, nil
		case i < 0 || i >= len(docs):
			return nil, fmt.Errorf("document %d of %d", i, len(docs))
		}
		return docs[i], nil
	}
	shared := map[string][]string{} // one slice per list of checks, as lint shares them
	objs := make([]*analyzer.Object, len(e.Objects))
	for i, o := range e.Objects {
		d, err := doc(o.Doc)
		if err != nil || d == nil {
			return nil, fmt.Errorf("object %d: no document", i)
		}
		checks := o.Checks
		if checks != nil {
			k := strings.Join(checks, ",")
			if s, ok := shared[k]; ok {
				checks = s
			} else {
				shared[k] = checks
			}
		}
		item, err := analyzer.ParsePath(o.Item)
		if err != nil {
			return nil, err
		}
		objs[i] = &analyzer.Object{Doc: d, Item: item, APIVersion: o.APIVersion, Kind: o.Kind, GVK: o.GVK,
			Namespace: o.Namespace, ClusterScoped: o.ClusterScoped, Name: o.Name, Rejected: o.Rejected, Checks: checks}
		for _, r := range o.Repaired {
			p, err := analyzer.ParsePath(r)
			if err != nil {
				return nil, err
			}
			objs[i].Repaired = append(objs[i].Repaired, p)
		}
	}
	object := func(i int) (*analyzer.Object, error) {
		switch {
		case i == -1:
			return nil, nil
		case i < 0 || i >= len(objs):
			return nil, fmt.Errorf("object %d of %d", i, len(objs))
		}
		return objs[i], nil
	}
	diags := func(recs []diagnostic) ([]analyzer.Diagnostic, error) {
		out := make([]analyzer.Diagnostic, len(recs))
		for i, r := range recs {
			o, err := object(r.Object)
			if err != nil {
				return nil, err
			}
			d, err := doc(r.Doc)
			if err != nil {
				return nil, err
			}
			p, err := analyzer.ParsePath(r.Path)
			if err != nil {
				return nil, err
			}
			out[i] = analyzer.Diagnostic{Rule: r.Rule, Severity: r.Severity, Message: r.Message, Object: o, Doc: d,
				Path: p, Pos: r.Pos, SourceLine: r.SourceLine, Rendered: r.Rendered}
			for _, rel := range r.Related {
				ro, err := object(rel.Object)
				if err != nil {
					return nil, err
				}
				rp, err := analyzer.ParsePath(rel.Path)
				if err != nil {
					return nil, err
				}
				out[i].Related = append(out[i].Related, analyzer.Related{Object: ro, Path: rp, Pos: rel.Pos, Message: rel.Message})
			}
		}
		return out, nil
	}
	if e.Listed < 0 || e.Listed > len(objs) {
		return nil, fmt.Errorf("%d objects listed of %d", e.Listed, len(objs))
	}
	res := &lint.Result{Objects: objs[:e.Listed:e.Listed], Summary: e.Summary, WithoutSchema: e.WithoutSchema, Read: e.Read}
	var err error
	if res.Diagnostics, err = diags(e.Diagnostics); err != nil {
		return nil, err
	}
	if res.Suppressed, err = diags(e.Suppressed); err != nil {
		return nil, err
	}
	return res, nil
}
