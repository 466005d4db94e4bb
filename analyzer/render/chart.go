// Package render renders Helm charts and Kustomize trees as a user's
// release or build would, and says for each rendered line which line of
// which file a person edits produced it. The rendering itself runs in
// podlint-ext (see package ext), which links Helm's SDK and kustomize;
// placing stays here. It never touches the network: Helm's lookup returns
// nothing, and remote kustomize bases are refused with a clear error.
package render

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/podlint/podlint/analyzer/ext"
	"github.com/podlint/podlint/analyzer/internal/marks"
)

// IsChart reports whether dir holds a Helm chart (a Chart.yaml).
func IsChart(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil && st.Mode().IsRegular()
}

// ChartOptions says how to render a chart: as a release of it would be.
type ChartOptions struct {
	ReleaseName string // "release-name" when empty, as helm template names it
	Namespace   string // "default" when empty
	KubeVersion string // target Kubernetes version, "1.37" or "v1.37.0"; required
	// Values are the user's values, lowest first: each map is merged over
	// the chart's values.yaml, then ValueFiles, then Set.
	Values     []map[string]any
	ValueFiles []string // --values files, in order
	Set        []string // --set expressions, in order
	SetString  []string // --set-string expressions, after Set
	// Variants renders each ci/*-values.yaml of the chart too (the
	// convention of chart-testing), each under the user's values.
	Variants bool
	// Overlay holds unsaved text for files of the chart (absolute paths),
	// read instead of the disk: an editor's buffers.
	Overlay map[string][]byte
}

// A Release is one rendering of a chart: its default values, or one variant.
type Release struct {
	Chart   string // the chart's directory, as given
	Variant string // "" for the user's values; otherwise a values file relative to Chart ("ci/tls-values.yaml")
	Files   []*File
	// Err says why the release did not render; Files is then empty. When
	// Helm names a template line, ErrFile and ErrLine say where.
	Err     error
	ErrFile string
	ErrLine int
	ErrCol  int
}

// A File is the rendered text of one template, or a file a chart installs
// as it is (crds/).
type File struct {
	Name  string         // the file on disk a person edits: <chart>/templates/deploy.yaml
	Text  []byte         // rendered
	lines *marks.LineMap // nil when the text is the file's own (nothing to place)
}

// Place returns the line and byte column of the template that wrote
// rendered line and column (1-based), and that line's text. ok is false
// when podlint cannot tell which line wrote it: the caller then names the
// file at its first line.
func (f *File) Place(line, col int) (srcLine, srcCol int, text string, ok bool) {
	if f.lines == nil {
		return line, col, "", true
	}
	l, c, ok := f.lines.Place(line, col)
	if !ok {
		return 0, 0, "", false
	}
	return l, c, f.lines.Source[l-1], true
}

// Verbatim reports whether the file's text is the file on disk itself.
func (f *File) Verbatim() bool { return f.lines == nil }

// Chart renders the chart in dir: once with the user's values and,
// with opts.Variants, once per ci/*-values.yaml. An error is returned only
// when the chart cannot be loaded at all; a release that fails to render
// carries its error.
func Chart(ctx context.Context, dir string, opts ChartOptions) ([]*Release, error) {
	req := ext.ChartRequest{
		Dir: dir, ReleaseName: opts.ReleaseName, Namespace: opts.Namespace, KubeVersion: opts.KubeVersion,
		Values: opts.Values, ValueFiles: opts.ValueFiles, Set: opts.Set, SetString: opts.SetString,
		Variants: opts.Variants, Overlay: opts.Overlay,
	}
	var res ext.ChartResult
	if err := ext.Call(ctx, ext.MethodChart, req, &res); err != nil {
		return nil, err
	}
	out := make([]*Release, 0, len(res.Releases))
	for _, r := range res.Releases {
		rel := &Release{Chart: dir, Variant: r.Variant, ErrFile: r.ErrFile, ErrLine: r.ErrLine, ErrCol: r.ErrCol}
		if r.Err != "" {
			rel.Err = errors.New(r.Err)
		}
		for _, f := range r.Files {
			file := &File{Name: f.Name, Text: []byte(f.Text)}
			if !f.Verbatim {
				file.lines = &marks.LineMap{Rendered: strings.Split(f.Text, "\n"), Source: f.Source, Marks: f.Marks}
			}
			rel.Files = append(rel.Files, file)
		}
		out = append(out, rel)
	}
	return out, nil
}
