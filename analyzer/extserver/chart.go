// Package extserver is podlint-ext's side of package ext: it renders Helm
// charts with Helm's SDK and builds kustomizations with kustomize's API, as
// a user's release or build would, and compiles CRDs and validates custom
// resources with k8s.io/apiextensions-apiserver, as the API server does.
// It answers with text, line marks and field paths; podlint places them.
// It never touches the network: Helm's lookup returns nothing, and
// podlint refuses remote kustomize bases before it asks.
package extserver

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
	"helm.sh/helm/v4/pkg/strvals"

	"github.com/podlint/podlint/analyzer/ext"
	"github.com/podlint/podlint/analyzer/internal/marks"
)

// isChart reports whether dir holds a Helm chart (a Chart.yaml).
func isChart(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil && st.Mode().IsRegular()
}

// renderChart renders the chart in opts.Dir: once with the user's values
// and, with opts.Variants, once per ci/*-values.yaml. An error is returned
// only when the chart cannot be loaded at all; a release that fails to
// render carries its error.
func renderChart(ctx context.Context, opts *ext.ChartRequest) (*ext.ChartResult, error) {
	dir := opts.Dir
	ch, err := loadChart(dir, opts.Overlay)
	if err != nil {
		return nil, err
	}
	if err := checkDependencies(ch); err != nil {
		return nil, err
	}
	caps, err := capabilities(opts.KubeVersion)
	if err != nil {
		return nil, err
	}
	if c := ch.Metadata.KubeVersion; c != "" && !chartutil.IsCompatibleRange(c, caps.KubeVersion.Version) {
		return nil, fmt.Errorf("%s: chart %s requires Kubernetes %s, and the target is %s: set --kube-version (or kubeVersion in .podlint.yaml)",
			filepath.Join(dir, "Chart.yaml"), ch.Name(), c, caps.KubeVersion.Version)
	}
	sources := templateSources(dir, ch)
	variants := []string{""}
	if opts.Variants {
		ci, _ := filepath.Glob(filepath.Join(dir, "ci", "*-values.yaml"))
		slices.Sort(ci)
		for _, f := range ci {
			rel, _ := filepath.Rel(dir, f)
			variants = append(variants, filepath.ToSlash(rel))
		}
	}
	out := &ext.ChartResult{}
	for _, v := range variants {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		rel := ext.Release{Variant: v}
		if vals, err := userValues(dir, v, opts); err != nil {
			rel.Err = err.Error()
		} else {
			renderRelease(ctx, &rel, dir, ch, vals, caps, opts, sources)
		}
		out.Releases = append(out.Releases, rel)
	}
	return out, nil
}

// loadChart loads the chart with its vendored subcharts, its templates
// marked, the overlay's text in place of the disk's.
func loadChart(dir string, overlay map[string][]byte) (*chart.Chart, error) {
	ch, err := loader.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	abs, _ := filepath.Abs(dir)
	applyOverlay(ch, abs, overlay)
	return ch, nil
}

// applyOverlay puts unsaved text in place of the chart's templates and
// values; subcharts under charts/ are matched by their folder name.
func applyOverlay(ch *chart.Chart, dir string, overlay map[string][]byte) {
	if len(overlay) == 0 {
		return
	}
	for _, t := range ch.Templates {
		if data, ok := overlay[filepath.Join(dir, filepath.FromSlash(t.Name))]; ok {
			t.Data = data
		}
	}
	if data, ok := overlay[filepath.Join(dir, "values.yaml")]; ok {
		if v, err := common.ReadValues(data); err == nil {
			ch.Values = v
		}
	}
	for _, sub := range ch.Dependencies() {
		applyOverlay(sub, filepath.Join(dir, "charts", sub.Name()), overlay)
	}
}

// checkDependencies fails, as helm template does, when Chart.yaml declares
// a dependency that charts/ does not vendor.
func checkDependencies(ch *chart.Chart) error {
	have := map[string]bool{}
	for _, d := range ch.Dependencies() {
		have[d.Name()] = true
	}
	var missing []string
	for _, d := range ch.Metadata.Dependencies {
		if !have[d.Name] {
			missing = append(missing, d.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("chart %s declares dependencies that its charts/ folder does not hold: %s; run helm dependency build",
			ch.Name(), strings.Join(missing, ", "))
	}
	for _, d := range ch.Dependencies() {
		if err := checkDependencies(d); err != nil {
			return err
		}
	}
	return nil
}

// userValues merges the values a release of this variant is installed
// with: the variant's file, then the user's maps, files and --set.
func userValues(dir, variant string, opts *ext.ChartRequest) (map[string]any, error) {
	vals := map[string]any{}
	if variant != "" {
		v, err := readValues(filepath.Join(dir, filepath.FromSlash(variant)), opts.Overlay)
		if err != nil {
			return nil, err
		}
		vals = mergeOver(vals, v)
	}
	for _, m := range opts.Values {
		vals = mergeOver(vals, m)
	}
	for _, f := range opts.ValueFiles {
		v, err := readValues(f, opts.Overlay)
		if err != nil {
			return nil, err
		}
		vals = mergeOver(vals, v)
	}
	for _, s := range opts.Set {
		if err := strvals.ParseInto(s, vals); err != nil {
			return nil, fmt.Errorf("--set %s: %w", s, err)
		}
	}
	for _, s := range opts.SetString {
		if err := strvals.ParseIntoString(s, vals); err != nil {
			return nil, fmt.Errorf("--set-string %s: %w", s, err)
		}
	}
	return vals, nil
}

func readValues(file string, overlay map[string][]byte) (map[string]any, error) {
	abs, _ := filepath.Abs(file)
	data, ok := overlay[abs]
	if !ok {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return nil, err
		}
	}
	v, err := common.ReadValues(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return v, nil
}

// mergeOver merges src over dst as helm merges values files: maps deeply,
// everything else replaced.
func mergeOver(dst, src map[string]any) map[string]any {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				dst[k] = mergeOver(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
	return dst
}

// A source is a template file as it is on disk, for placing findings.
type source struct {
	file  string   // path to report
	lines []string // nil when the template is not a file (inside a .tgz)
}

// templateSources maps each rendered template name (<chart>/templates/x.yaml,
// <chart>/charts/<sub>/templates/x.yaml) to the file it comes from.
func templateSources(dir string, ch *chart.Chart) map[string]source {
	out := map[string]source{}
	var walk func(c *chart.Chart, cdir string, archive string)
	walk = func(c *chart.Chart, cdir, archive string) {
		for _, t := range c.Templates {
			key := path.Join(c.ChartFullPath(), t.Name)
			if archive != "" {
				out[key] = source{file: archive}
				continue
			}
			out[key] = source{file: filepath.Join(cdir, filepath.FromSlash(t.Name)), lines: strings.Split(string(t.Data), "\n")}
		}
		for _, sub := range c.Dependencies() {
			sdir := filepath.Join(cdir, "charts", sub.Name())
			sarch := archive
			if sarch == "" && !isChart(sdir) {
				matches, _ := filepath.Glob(filepath.Join(cdir, "charts", sub.Name()+"-*.tgz"))
				if len(matches) == 0 {
					matches, _ = filepath.Glob(filepath.Join(cdir, "charts", "*.tgz"))
				}
				sarch = filepath.Join(cdir, "charts")
				if len(matches) > 0 {
					sarch = matches[0]
				}
			}
			walk(sub, sdir, sarch)
		}
	}
	walk(ch, dir, "")
	return out
}

// renderRelease renders one release of ch into rel.
func renderRelease(ctx context.Context, rel *ext.Release, dir string, ch *chart.Chart, vals map[string]any, caps *common.Capabilities, opts *ext.ChartRequest, sources map[string]source) {
	if err := chartutil.ProcessDependencies(ch, vals); err != nil {
		rel.Err = err.Error()
		return
	}
	name := opts.ReleaseName
	if name == "" {
		name = "release-name"
	}
	ns := opts.Namespace
	if ns == "" {
		ns = "default"
	}
	top, err := util.ToRenderValuesWithSchemaValidation(ch, vals,
		common.ReleaseOptions{Name: name, Namespace: ns, Revision: 1, IsInstall: true}, caps, false)
	if err != nil {
		rel.Err = err.Error()
		return
	}
	// Two renders: Helm's own text to lint, and a marked one for the
	// lines. One would do, but a template may include another's output
	// (checksum/config: include ... | sha256sum), and that output would
	// then carry the markers.
	rendered, err := engine.Engine{}.RenderWithContext(ctx, ch, top)
	if err != nil {
		rel.Err = err.Error()
		rel.ErrFile, rel.ErrLine, rel.ErrCol = errorPlace(err.Error(), sources)
		return
	}
	restore := markTemplates(ch)
	marked, _ := engine.Engine{}.RenderWithContext(ctx, ch, top)
	restore()
	keys := make([]string, 0, len(rendered))
	for k := range rendered {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if path.Base(k) == "NOTES.txt" || strings.HasPrefix(path.Base(k), "_") {
			continue
		}
		if len(strings.TrimSpace(rendered[k])) == 0 {
			continue
		}
		src, ok := sources[k]
		if !ok {
			src = source{file: filepath.Join(dir, filepath.FromSlash(k))}
		}
		f := ext.File{Name: src.file, Text: rendered[k]}
		if m, ok := marked[k]; ok && src.lines != nil {
			if _, lineMarks := marks.Unmark(m); len(lineMarks) == strings.Count(rendered[k], "\n")+1 {
				f.Source, f.Marks = src.lines, lineMarks
			}
		}
		rel.Files = append(rel.Files, f)
	}
	for _, crd := range ch.CRDObjects() {
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(crd.Filename, ch.Name()+"/")))
		if _, err := os.Stat(p); err == nil {
			rel.Files = append(rel.Files, ext.File{Name: p, Text: string(crd.File.Data), Verbatim: true})
		}
	}
}

// markTemplates marks every non-partial template of ch and its subcharts
// (see markTemplate) and returns a function that puts the text back, so
// that the next release renders from the same chart.
func markTemplates(ch *chart.Chart) func() {
	var undo []func()
	var walk func(c *chart.Chart)
	walk = func(c *chart.Chart) {
		for _, t := range c.Templates {
			if strings.HasPrefix(path.Base(t.Name), "_") || path.Base(t.Name) == "NOTES.txt" {
				continue
			}
			if marked, ok := marks.Template(t.Name, t.Data); ok {
				orig := t.Data
				t.Data = marked
				undo = append(undo, func() { t.Data = orig })
			}
		}
		for _, s := range c.Dependencies() {
			walk(s)
		}
	}
	walk(ch)
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// helmErrorPlace finds the first template:line[:col] an error of Helm's
// engine names: "execution error at (chart/templates/secrets.yaml:2:9):"
// (the column a 0-based byte offset) or "parse error at (...:12):".
var helmErrorPlace = regexp.MustCompile(`([\w.-]+(?:/[\w.-]+)*/templates/[^\s:()]+):(\d+)(?::(\d+))?`)

func errorPlace(msg string, sources map[string]source) (file string, line, col int) {
	m := helmErrorPlace.FindStringSubmatch(msg)
	if m == nil {
		return "", 0, 0
	}
	src, ok := sources[m[1]]
	if !ok {
		return "", 0, 0
	}
	line, _ = strconv.Atoi(m[2])
	col = 1
	if m[3] != "" {
		c, _ := strconv.Atoi(m[3])
		col = c + 1
	}
	return src.file, line, col
}
