package lint

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/analyzer/render"
)

// RenderOptions says how charts and kustomizations met in the inputs are
// rendered.
type RenderOptions struct {
	Chart render.ChartOptions
	// Overlay holds unsaved text for files of the charts and
	// kustomizations (absolute paths), read instead of the disk: the
	// language server's buffers. It goes under Chart.Overlay.
	Overlay map[string][]byte
	// ChartSettings returns the configuration's settings for the chart in
	// dir, if it has any.
	ChartSettings func(dir string) (ChartSettings, bool)
}

// ChartSettings are the configuration's settings for one chart; the
// command line's values go over them.
type ChartSettings struct {
	Values      []map[string]any
	ValueFiles  []string
	ReleaseName string
	Namespace   string
}

// rendering is what rendering the root inputs produced.
type rendering struct {
	inputs   []load.Input          // the rendered files, in place of the roots
	diags    []analyzer.Diagnostic // render-error findings, placed
	rootOf   map[string]string     // rendered file -> the root input it came from
	variants map[string]int        // From -> how many renderings it has
	read     []string              // the files the kustomization builds read, sorted (Result.Read)
}

// renderRoots replaces every chart and kustomization input by the files
// its renderings produce, each rendering an apply set of its own.
func renderRoots(ctx context.Context, inputs []load.Input, opts Options) ([]load.Input, *rendering) {
	if !slices.ContainsFunc(inputs, func(in load.Input) bool { return in.Root != "" }) {
		return inputs, nil
	}
	// Roots render side by side; their results join in input order.
	var out []load.Input
	var roots []load.Input
	for _, in := range inputs {
		if in.Root == "" {
			out = append(out, in)
		} else {
			roots = append(roots, in)
		}
	}
	parts := make([]*rendering, len(roots))
	consumedBy := make([][]string, len(roots))
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, in := range roots {
		parts[i] = newRendering()
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			switch in.Root {
			case load.RootChart:
				parts[i].chart(ctx, in, opts)
			case load.RootKustomization:
				consumedBy[i] = parts[i].kustomization(ctx, in, opts)
			}
		})
	}
	wg.Wait()
	r := newRendering()
	consumed := map[string]bool{}
	for i, p := range parts {
		r.inputs = append(r.inputs, p.inputs...)
		r.diags = append(r.diags, p.diags...)
		maps.Copy(r.rootOf, p.rootOf)
		maps.Copy(r.variants, p.variants)
		for _, f := range consumedBy[i] {
			consumed[f] = true
		}
	}
	r.read = slices.Sorted(maps.Keys(consumed))
	if len(consumed) > 0 {
		// A file a build read (a resource, a patch, a kustomization) is
		// linted through the build: a patch on its own is no object.
		out = slices.DeleteFunc(out, func(in load.Input) bool {
			abs, err := filepath.Abs(in.Path)
			return in.Path != "" && err == nil && consumed[abs]
		})
	}
	return append(out, r.inputs...), r
}

func newRendering() *rendering {
	return &rendering{rootOf: map[string]string{}, variants: map[string]int{}}
}

// kustomization builds one kustomization root and returns the files the
// build read.
func (r *rendering) kustomization(ctx context.Context, in load.Input, opts Options) []string {
	from := "kustomization " + in.Name
	var overlay map[string][]byte
	if opts.Render != nil {
		overlay = opts.Render.Overlay
	}
	b := render.Kustomize(ctx, in.Path, overlay)
	if b.Err != nil {
		r.renderError(in.Name, kustomizationFile(in.Path), 0, 0, b.Err.Error())
		return nil
	}
	r.variants[from] = 1
	for _, o := range b.Objects {
		r.rootOf[o.Source] = in.Name
		place := o.Place
		r.inputs = append(r.inputs, load.Input{Name: o.Source, Data: o.Text, Set: from,
			Rendering: &analyzer.Rendering{From: from, Root: in.Name, File: o.Source,
				Place: func(p analyzer.Path, _ analyzer.Position) (analyzer.Position, string, bool) { return place(p) }}})
	}
	return b.Consumed
}

// kustomizationFile names the kustomization file of dir, or dir.
func kustomizationFile(dir string) string {
	if p, ok := load.KustomizationFile(dir); ok {
		return p
	}
	return dir
}

func (r *rendering) chart(ctx context.Context, in load.Input, opts Options) {
	copts := render.ChartOptions{}
	if opts.Render != nil {
		copts = opts.Render.Chart
		if opts.Render.ChartSettings != nil {
			if cs, ok := opts.Render.ChartSettings(in.Path); ok {
				copts.Values = slices.Concat(cs.Values, copts.Values)
				copts.ValueFiles = slices.Concat(cs.ValueFiles, copts.ValueFiles)
				copts.ReleaseName = cmp.Or(cs.ReleaseName, copts.ReleaseName)
				copts.Namespace = cmp.Or(cs.Namespace, copts.Namespace)
			}
		}
	}
	copts.Variants = true
	if copts.Overlay == nil && opts.Render != nil {
		copts.Overlay = opts.Render.Overlay
	}

	from := "chart " + in.Name
	rels, err := render.Chart(ctx, in.Path, copts)
	if err != nil {
		r.renderError(in.Name, filepath.Join(in.Name, "Chart.yaml"), 0, 0, err.Error())
		return
	}
	for _, rel := range rels {
		if rel.Err == nil {
			r.variants[from]++
		}
		set := from + "\x00" + rel.Variant
		if rel.Err != nil {
			msg := helmErrorPrefix.ReplaceAllString(strings.TrimSpace(rel.Err.Error()), "")
			if rel.Variant != "" {
				msg = fmt.Sprintf("with values %s: %s", rel.Variant, msg)
			}
			file, line, col := rel.ErrFile, rel.ErrLine, rel.ErrCol
			if file == "" {
				file = filepath.Join(in.Name, "Chart.yaml")
				if rel.Variant != "" {
					file = filepath.Join(in.Name, filepath.FromSlash(rel.Variant))
				}
			}
			r.renderError(in.Name, file, line, col, msg)
			continue
		}
		for _, f := range rel.Files {
			r.rootOf[f.Name] = in.Name
			rin := load.Input{Name: f.Name, Data: f.Text, Set: set}
			if !f.Verbatim() {
				rin.Rendering = &analyzer.Rendering{From: from, Root: in.Name, Variant: rel.Variant, File: f.Name, Place: placeLines(f)}
			}
			r.inputs = append(r.inputs, rin)
		}
	}
}

// helmErrorPrefix is the place Helm writes before its message; the
// finding is at that place already.
var helmErrorPrefix = regexp.MustCompile(`^(execution|parse) error (at|in) \([^)]*\): `)

// placeLines places positions of a rendered template by its line map.
func placeLines(f *render.File) func(analyzer.Path, analyzer.Position) (analyzer.Position, string, bool) {
	return func(_ analyzer.Path, pos analyzer.Position) (analyzer.Position, string, bool) {
		line, col, text, ok := f.Place(pos.Line, pos.Column)
		if !ok {
			return analyzer.Position{}, "", false
		}
		at := analyzer.Position{File: f.Name, Line: line, Column: col}
		if pos.EndLine == pos.Line && pos.EndColumn > pos.Column {
			if end := col + pos.EndColumn - pos.Column; end <= len(text)+1 {
				at.EndLine, at.EndColumn = line, end
			}
		}
		return at, text, true
	}
}

func (r *rendering) renderError(root, file string, line, col int, msg string) {
	if line == 0 {
		line, col = 1, 1
	}
	r.rootOf[file] = root
	r.diags = append(r.diags, analyzer.Diagnostic{Rule: render.RenderError.ID, Severity: render.RenderError.Severity,
		Message: msg, Pos: analyzer.Position{File: file, Line: line, Column: col}})
}

// reports widens a report filter to the files a named chart or
// kustomization rendered.
func (r *rendering) reports(report func(string) bool) func(string) bool {
	if r == nil || report == nil {
		return report
	}
	return func(file string) bool {
		if report(file) {
			return true
		}
		root, ok := r.rootOf[file]
		return ok && report(root)
	}
}

// defaultVariant names the release rendered with the chart's own values
// (and the user's) among the variants of a finding.
const defaultVariant = "values.yaml"

// dedupe reports once a finding that several renderings of one chart or
// kustomization produce, naming the variants that produce it when not all
// of them do.
func (r *rendering) dedupe(diags []analyzer.Diagnostic) []analyzer.Diagnostic {
	if r == nil {
		return diags
	}
	type key struct {
		rule, file, msg, from string
		line, col             int
	}
	first := map[key]int{}
	out := diags[:0]
	for _, d := range diags {
		if d.Rendered == nil {
			out = append(out, d)
			continue
		}
		from, msg := d.Rendered.From, d.Message
		if strings.HasPrefix(from, "kustomization ") {
			// A base and its overlays: one finding on the base's line,
			// though each names the object as its build names it.
			from, msg = "", ""
		}
		k := key{d.Rule, d.Pos.File, msg, from, d.Pos.Line, d.Pos.Column}
		if i, ok := first[k]; ok {
			rd := *out[i].Rendered
			rd.Variants = append(slices.Clone(rd.Variants), d.Rendered.Variants...)
			if len(d.Rendered.Variants) == 0 {
				rd.Variants = append(rd.Variants, defaultVariant)
			}
			out[i].Rendered = &rd
			continue
		}
		first[k] = len(out)
		if len(d.Rendered.Variants) == 0 {
			rd := *d.Rendered
			rd.Variants = []string{defaultVariant}
			d.Rendered = &rd
		}
		out = append(out, d)
	}
	for i := range out {
		rd := out[i].Rendered
		if rd == nil {
			continue
		}
		slices.Sort(rd.Variants)
		rd.Variants = slices.Compact(rd.Variants)
		if len(rd.Variants) >= r.variants[rd.From] {
			rd.Variants = nil // every variant: no need to name them
		}
	}
	return out
}
