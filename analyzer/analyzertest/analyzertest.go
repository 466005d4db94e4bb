// Package analyzertest runs rules over fixture files through package lint,
// exactly as the CLI runs them (apply sets, suppressions, positions), and
// checks their findings against expectations written in the fixtures
// themselves, in the tradition of golang.org/x/tools/go/analysis/analysistest.
//
// A line ending in a YAML comment "# want: rule-id" must get exactly one
// finding of that rule; several IDs may be listed, an ID repeated for two
// findings, and an ID may be followed by a quoted regular expression that
// the message must match: # want: image-tag "no tag". "# want +N: ..."
// puts the expectation N lines below, for lines that cannot carry a comment
// (inside a block scalar). Every finding of the rules under test, and of the
// engine's own rules (parse-error, schema, ambiguous-scalar, the
// suppression rules, internal-error: lint.EngineRules), must be wanted; so
// a fixture with an accidental typo, or a suppression without a reason,
// fails instead of passing quietly. "# related: rule-id" on a line asks that a finding of that rule
// carries a related position on it.
//
// Fixes are checked as analysistest.RunWithSuggestedFixes checks them,
// against golden files: when the findings of a fixture X.yaml carry fixes,
// the harness applies the first fix of each (as podlint lint --fix does)
// and compares the result with X.yaml.fixed. A fixture with fixes but no
// golden file fails, as does a golden file no fix produces, or a fix that
// overlaps another. The fixed files are then linted again: each rule must
// report at least as many findings fewer as its fixes resolved. To write
// or rewrite the golden files, run the tests with PODLINT_UPDATE_GOLDEN=1
// (go test ./rules/... ./analyzer/load/...), or with -update in a package
// whose tests define that flag; review them like code.
package analyzertest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/extserver"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// Run lints every fixture file below dir as the CLI lints a directory
// (each folder is an apply set, see package lint), and checks the
// findings against the fixtures' expectations.
func Run(t testing.TB, dir string, rules ...*analyzer.Rule) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && load.IsManifestName(path) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read fixtures: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("%s: no fixture files", dir)
	}
	// The inputs are what the CLI reads from dir: a chart or a
	// kustomization in it is rendered, and its expectations sit in its
	// templates and resources.
	inputs, err := load.ExpandRoots([]string{dir}, nil, "", 0, true)
	if err != nil {
		t.Fatalf("read fixtures: %v", err)
	}
	checkSet(t, files, inputs, rules)
}

// Lint runs rules on files through lint.Inputs, the pipeline the CLI
// runs, and returns every finding, sorted. It also checks that no rule
// changes the objects it reads.
func Lint(t testing.TB, files []string, rules []*analyzer.Rule) []analyzer.Diagnostic {
	t.Helper()
	var inputs []load.Input
	for _, f := range files {
		inputs = append(inputs, load.Input{Name: f, Path: f})
	}
	return lintInputs(t, inputs, rules)
}

// companion answers charts, kustomizations and CRDs in the test process
// (see extserver.InProcess), for the life of the test binary.
var companion = sync.OnceFunc(func() { extserver.InProcess() })

func lintInputs(t testing.TB, inputs []load.Input, rules []*analyzer.Rule) []analyzer.Diagnostic {
	companion()
	t.Helper()
	res, err := lint.Inputs(context.Background(), inputs, lint.Options{Rules: rules, RecordChecks: true})
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	if err := res.Summary.Check(); err != nil {
		t.Errorf("%v", err)
	}
	checkApplies(t, res.Diagnostics, rules)
	checkReadOnly(t, inputs, rules)
	return res.Diagnostics
}

// LintBytes lints one manifest held in memory, as the language server
// lints a buffer.
func LintBytes(t testing.TB, name string, data []byte, rules []*analyzer.Rule) []analyzer.Diagnostic {
	t.Helper()
	return lint.Bytes(context.Background(), name, data, lint.Options{Rules: rules}).Diagnostics
}

// checkApplies fails for a finding on an object its rule does not apply
// to (Rule.Applies): a report listing the checks an object passed would
// leave that rule out.
func checkApplies(t testing.TB, diags []analyzer.Diagnostic, rules []*analyzer.Rule) {
	t.Helper()
	declared := map[string]bool{}
	for _, r := range analyzer.Catalogue(rules) {
		declared[r.ID] = r.Applies != nil
	}
	for _, d := range diags {
		if d.Object != nil && declared[d.Rule] && !slices.Contains(d.Object.Checks, d.Rule) {
			t.Errorf("%s: %s reports on %s, which its Applies does not take in", d.Pos, d.Rule, d.Object)
		}
	}
}

// checkReadOnly runs the rules once more over the loaded objects and
// fails if one changed an object: objects are read-only to rules. It
// looks at the objects only, never at findings, which come from Lint's
// run alone.
func checkReadOnly(t testing.TB, inputs []load.Input, rules []*analyzer.Rule) {
	t.Helper()
	inputs = slices.DeleteFunc(slices.Clone(inputs), func(in load.Input) bool { return in.Root != "" })
	res, err := load.Load(context.Background(), inputs, load.Options{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	before := snapshot(res.Objects)
	analyzer.Run(context.Background(), res.Objects, rules, analyzer.Options{})
	for i, o := range res.Objects {
		if !reflect.DeepEqual(before[i], snapshotOne(o)) {
			t.Errorf("%s: a rule changed %s; objects are read-only to rules", o.Resolve(analyzer.Path{}), o)
		}
	}
}

type objectSnapshot struct {
	typed       runtime.Object
	labels      map[string]string
	annotations map[string]string
	json        string
}

func snapshotOne(o *analyzer.Object) objectSnapshot {
	s := objectSnapshot{labels: clone(o.Labels), annotations: clone(o.Annotations), json: string(o.JSON)}
	if o.Typed != nil {
		s.typed = o.Typed.DeepCopyObject()
	}
	return s
}

func snapshot(objs []*analyzer.Object) []objectSnapshot {
	out := make([]objectSnapshot, len(objs))
	for i, o := range objs {
		out[i] = snapshotOne(o)
	}
	return out
}

func clone(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

type want struct {
	rule string
	re   *regexp.Regexp
	met  bool
}

type lineKey struct {
	file string
	line int
}

func checkSet(t testing.TB, files []string, inputs []load.Input, rules []*analyzer.Rule) {
	t.Helper()
	checked := map[string]bool{}
	for _, r := range analyzer.Catalogue(slices.Concat(lint.EngineRules(), rules)) {
		checked[r.ID] = true
	}
	wants := map[lineKey][]*want{}
	related := map[lineKey][]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, rel, err := ParseExpectations(string(data))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for line, ws := range w {
			for _, x := range ws {
				if !checked[x.Rule] {
					t.Errorf("%s:%d: want %s, a rule this test does not run", f, line, x.Rule)
				}
				wants[lineKey{f, line}] = append(wants[lineKey{f, line}], &want{rule: x.Rule, re: x.Message})
			}
		}
		for line, ids := range rel {
			related[lineKey{f, line}] = ids
		}
	}

	diags := lintInputs(t, inputs, rules)
	for _, d := range diags {
		if !checked[d.Rule] {
			continue
		}
		if !claim(wants[lineKey{d.Pos.File, d.Pos.Line}], d) {
			t.Errorf("%s: unexpected %s: %s", d.Pos, d.Rule, d.Message)
		}
	}
	for k, ws := range wants {
		for _, w := range ws {
			if !w.met {
				what := w.rule
				if w.re != nil {
					what += fmt.Sprintf(" matching %q", w.re)
				}
				t.Errorf("%s:%d: no %s finding (want)", k.file, k.line, what)
			}
		}
	}
	for k, ids := range related {
		for _, id := range ids {
			if !hasRelated(diags, id, k) {
				t.Errorf("%s:%d: no %s finding with a related position here", k.file, k.line, id)
			}
		}
	}
	checkFixes(t, files, rules, diags)
}

func claim(ws []*want, d analyzer.Diagnostic) bool {
	for _, w := range ws {
		if !w.met && w.rule == d.Rule && (w.re == nil || w.re.MatchString(d.Message)) {
			w.met = true
			return true
		}
	}
	return false
}

func hasRelated(diags []analyzer.Diagnostic, id string, k lineKey) bool {
	for _, d := range diags {
		if d.Rule != id {
			continue
		}
		for _, r := range d.Related {
			if r.Pos.File == k.file && r.Pos.Line == k.line {
				return true
			}
		}
	}
	return false
}

// An Expectation is one wanted finding.
type Expectation struct {
	Rule    string
	Message *regexp.Regexp // nil when any message will do
}

var (
	wantComment    = regexp.MustCompile(`(?:^|\s)#\s*want(?:\s*\+(\d+))?:\s*(.*)$`)
	relatedComment = regexp.MustCompile(`(?:^|\s)#\s*related:\s*(.*)$`)
)

// ParseExpectations reads the # want: and # related: comments of a fixture,
// keyed by line. A "#" inside a quoted scalar is not a comment.
func ParseExpectations(text string) (map[int][]Expectation, map[int][]string, error) {
	wants := map[int][]Expectation{}
	related := map[int][]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		lineNo := i + 1
		comment := analyzer.CommentOf(line)
		if comment == "" {
			continue
		}
		if m := wantComment.FindStringSubmatch(comment); m != nil {
			at := lineNo
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				at += n
			}
			exps, err := parseWant(m[2])
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			wants[at] = append(wants[at], exps...)
		}
		if m := relatedComment.FindStringSubmatch(comment); m != nil {
			related[lineNo] = append(related[lineNo], strings.Fields(m[1])...)
		}
	}
	return wants, related, nil
}

func parseWant(s string) ([]Expectation, error) {
	var out []Expectation
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil || len(out) == 0 {
				return nil, fmt.Errorf("bad message pattern in want: %s", s)
			}
			pat, _ := strconv.Unquote(q)
			re, err := regexp.Compile(pat)
			if err != nil {
				return nil, fmt.Errorf("want pattern %s: %w", q, err)
			}
			out[len(out)-1].Message = re
			s = s[len(q):]
			continue
		}
		id, rest, _ := strings.Cut(s, " ")
		out = append(out, Expectation{Rule: id})
		s = rest
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want: names no rule")
	}
	return out, nil
}
