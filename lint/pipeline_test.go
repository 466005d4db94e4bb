package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

const mixed = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
  labels: {team: a}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
`

// probe is a rule that reads every part of every object of its set in the
// cross-object pass, and reports what it finds missing, and once per
// object what it saw.
var probe = &analyzer.Rule{
	ID: "probe", Severity: analyzer.Info,
	Doc: analyzer.Doc{Title: "probe", Why: "test", Bad: "x", Good: "x"},
	CheckSet: func(p *analyzer.SetPass) error {
		for _, o := range p.Objects {
			var missing []string
			if o.Node == nil || o.Doc.Root == nil {
				missing = append(missing, "tree")
			}
			if len(o.JSON) == 0 {
				missing = append(missing, "JSON")
			}
			if o.Typed == nil || o.Meta == nil {
				missing = append(missing, "typed value")
			}
			if len(o.Doc.Source) == 0 {
				missing = append(missing, "text")
			}
			msg := fmt.Sprintf("%s among %d", o, len(p.Objects))
			if len(missing) > 0 {
				msg += "; missing " + strings.Join(missing, ", ")
			}
			p.Report(analyzer.Diagnostic{Object: o, Path: analyzer.Path{}.Key("metadata").Key("name"), Message: msg})
		}
		return nil
	},
}

// TestOnePath checks that a cross-object rule reads every part of every
// object in its set, and finds the same, whether lint runs on files (the
// CLI), on a buffer (the language server) or under the fixture harness.
func TestOnePath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.yaml")
	if err := os.WriteFile(file, []byte(mixed), 0o644); err != nil {
		t.Fatal(err)
	}
	ruleSet := []*analyzer.Rule{probe}
	cli, err := lint.Inputs(t.Context(), []load.Input{{Name: file, Path: file}}, lint.Options{Rules: ruleSet})
	if err != nil {
		t.Fatal(err)
	}
	buffer := lint.Bytes(t.Context(), file, []byte(mixed), lint.Options{Rules: ruleSet})
	harness := analyzertest.Lint(t, []string{file}, ruleSet)
	messages := func(ds []analyzer.Diagnostic) []string {
		var out []string
		for _, d := range ds {
			out = append(out, fmt.Sprintf("%s: %s", d.Pos, d.Message))
		}
		return out
	}
	want := []string{
		file + ":4:3: ClusterRole reader among 1", // cluster-scoped: a namespace of its own
		file + ":14:3: Service default/web among 2",
		file + ":22:3: Deployment default/web among 2",
	}
	if d := cmp.Diff(want, messages(cli.Diagnostics)); d != "" {
		t.Errorf("CLI path (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, messages(buffer.Diagnostics)); d != "" {
		t.Errorf("buffer path (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, messages(harness)); d != "" {
		t.Errorf("fixture harness (-want +got):\n%s", d)
	}
}

// TestHarnessCatchesWhatTheCLIMisses checks that a deliberately wrong rule,
// one that expects a Service and the Deployment it selects to meet although
// they sit in different directories (different apply sets, which the CLI
// never relates), fails under the fixture harness as it fails in the CLI.
func TestHarnessCatchesWhatTheCLIMisses(t *testing.T) {
	dir := t.TempDir()
	_, rest, _ := strings.Cut(mixed, "---\n") // the ClusterRole
	service, deployment, _ := strings.Cut(rest, "---\n")
	for name, text := range map[string]string{
		"svc/service.yaml":    strings.Replace(service, "name: web\n", "name: web # want: wrong \"among 2\"\n", 1),
		"app/deployment.yaml": deployment,
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wrong := &analyzer.Rule{
		ID: "wrong", Severity: analyzer.Warning,
		Doc: analyzer.Doc{Title: "wrong", Why: "test", Bad: "x", Good: "x"},
		CheckSet: func(p *analyzer.SetPass) error {
			for _, o := range p.Objects {
				if o.Kind == "Service" {
					p.Report(analyzer.Diagnostic{Object: o, Path: analyzer.Path{}.Key("metadata").Key("name"),
						Message: fmt.Sprintf("among %d", len(p.Objects))})
				}
			}
			return nil
		},
	}
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		analyzertest.Run(rec, dir, wrong)
	}()
	<-done
	if !slices.ContainsFunc(rec.errs, func(e string) bool { return strings.Contains(e, `no wrong matching "among 2" finding`) }) {
		t.Errorf("the harness accepted a rule that relates objects of different directories; it reported %q", rec.errs)
	}
}

// A recorder is a testing.TB that keeps the failures it is told of, so a
// test can check that the harness fails.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// TestNothingOutlivesTheSet checks that only the identity of an object
// outlives its lint, and that the findings carry what reports read of the
// text: UTF-16 columns and the source line.
func TestNothingOutlivesTheSet(t *testing.T) {
	res := lint.Bytes(t.Context(), "app.yaml", []byte(strings.Replace(mixed, "name: reader", "name: \"lecteur-é\"", 1)),
		lint.Options{Rules: []*analyzer.Rule{probe}})
	if len(res.Objects) != 3 {
		t.Fatalf("%d objects, want 3", len(res.Objects))
	}
	for _, o := range res.Objects {
		if o.Typed != nil || o.Node != nil || o.JSON != nil || o.Doc.Source != nil || o.Doc.Root != nil || o.Labels != nil {
			t.Errorf("%s: kept more than its identity", o)
		}
		if o.Kind == "" || o.Name == "" || o.Doc.File != "app.yaml" {
			t.Errorf("%s: lost its identity", o)
		}
	}
	d := res.Diagnostics[0]
	if d.SourceLine != `  name: "lecteur-é"` || d.Pos.Column16 != 3 || d.Pos.EndColumn16 != 20 {
		t.Errorf("first finding: line %q, UTF-16 columns %d-%d; want the line and 3-20", d.SourceLine, d.Pos.Column16, d.Pos.EndColumn16)
	}
}
