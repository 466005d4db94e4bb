package lint

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// IgnoreAnnotation is the annotation that silences rules for one object:
// podlint.io/ignore: "rule-a,rule-b", or "all". On a Pod template's
// metadata it silences the findings under that template.
const IgnoreAnnotation = "podlint.io/ignore"

// ignoreAll is the suppression that silences every rule.
const ignoreAll = "all"

// UnknownIgnore is reported for a suppression that names a rule podlint
// does not know: a misspelt ID would otherwise silence nothing, quietly.
var UnknownIgnore = &analyzer.Rule{
	ID:       "unknown-ignore",
	Severity: analyzer.Warning,
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "suppression names a rule podlint does not know",
		Why: "A # podlint:ignore comment or a podlint.io/ignore annotation with a misspelt rule ID " +
			"silences nothing, so the finding it was meant for is still reported, or the suppression " +
			"outlives the rule it was written for. podlint rules lists the IDs.",
		Bad:  unknownIgnoreBad,
		Good: unknownIgnoreGood,
	},
}

// UnusedIgnore is reported, with --report-unused-ignores, for a
// suppression that silences no finding: dead suppressions hide the next,
// real finding on their line.
var UnusedIgnore = &analyzer.Rule{
	ID:       "unused-ignore",
	Severity: analyzer.Warning,
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "suppression silences no finding",
		Why: "A suppression that silences nothing is left over from a finding that was fixed; it " +
			"would silently hide the next real finding of that rule on its line or object. " +
			"Reported only with --report-unused-ignores.",
		Bad:  unusedIgnoreBad,
		Good: unusedIgnoreGood,
	},
}

// Rules returns the rules whose findings lint itself makes.
func Rules() []*analyzer.Rule { return []*analyzer.Rule{UnknownIgnore, UnusedIgnore} }

var ignoreComment = regexp.MustCompile(`^#\s*podlint:ignore(?:\s+(\S+))?`)

// A suppression is one ignore comment or annotation.
type suppression struct {
	ids  []string
	used map[string]bool

	// A comment silences findings on one line of one file.
	file string
	line int
	// An annotation silences findings of one object, below a path.
	object *analyzer.Object
	under  analyzer.Path

	at     analyzer.Position // where the suppression is written
	doc    *analyzer.Document
	source string // "# podlint:ignore" or the annotation, for messages
}

func (s *suppression) silences(d analyzer.Diagnostic) (string, bool) {
	if s.object != nil {
		if d.Object != s.object || !d.Path.HasPrefix(s.under) {
			return "", false
		}
	} else if d.Pos.File != s.file || d.Pos.Line != s.line {
		return "", false
	}
	for _, id := range s.ids {
		if id == d.Rule || (id == ignoreAll && d.Rule != UnknownIgnore.ID && d.Rule != UnusedIgnore.ID) {
			return id, true
		}
	}
	return "", false
}

// collectSuppressions reads the ignore comments of docs and the ignore
// annotations of objs.
func collectSuppressions(docs []*analyzer.Document, objs []*analyzer.Object) []*suppression {
	var out []*suppression
	for _, d := range docs {
		if !bytes.Contains(d.Source, []byte("podlint:ignore")) {
			continue // most documents have none: skip the line split
		}
		lines := strings.Split(string(d.Source), "\n")
		var comments map[string]bool // the comments the parser saw, built when first needed
		for i, text := range lines {
			text = strings.TrimSuffix(text, "\r")
			c := analyzer.CommentOf(text)
			m := ignoreComment.FindStringSubmatch(c)
			if m == nil {
				continue
			}
			if comments == nil {
				comments = parsedComments(d.RootNode())
			}
			// A line of a block scalar may look like a comment: keep only the
			// comments the parser saw. Those above the first key belong to the
			// document node, which RootNode does not keep, so they pass as is.
			if root := d.RootNode(); root != nil && d.Line+i >= root.Line && !comments[strings.TrimSpace(c)] {
				continue
			}
			line := d.Line + i
			s := &suppression{ids: splitIDs(m[1]), used: map[string]bool{}, file: d.File, line: line, doc: d,
				at:     analyzer.Position{File: d.File, Line: line, Column: len(text) - len(c) + 1, EndLine: line, EndColumn: len(text) + 1},
				source: "# podlint:ignore"}
			if strings.TrimSpace(text) == strings.TrimSpace(c) {
				s.line++ // alone on its line: it is about the next one
			}
			out = append(out, s)
		}
	}
	annotationPath := func(meta analyzer.Path) analyzer.Path {
		return meta.Field("annotations").Key(IgnoreAnnotation)
	}
	for _, o := range objs {
		if v, ok := o.Annotations[IgnoreAnnotation]; ok {
			p := annotationPath(analyzer.Path{}.Field("metadata"))
			out = append(out, &suppression{ids: splitIDs(v), used: map[string]bool{}, object: o,
				at: o.Resolve(p), source: "annotation " + IgnoreAnnotation})
		}
		spec, ok := o.PodSpec()
		if !ok || spec.Meta == nil || spec.MetaPath.Len() < 2 {
			continue // a Pod's own metadata is the object's
		}
		if v, ok := spec.Meta.Annotations[IgnoreAnnotation]; ok {
			out = append(out, &suppression{ids: splitIDs(v), used: map[string]bool{}, object: o, under: spec.MetaPath.Parent(),
				at: o.Resolve(annotationPath(spec.MetaPath)), source: "annotation " + IgnoreAnnotation})
		}
	}
	return out
}

// templateIgnore reports whether the Pod template of o carries the ignore
// annotation: collectSuppressions reads it from the typed value, so a
// streamed lint keeps that value rather than shed or pack it.
func templateIgnore(o *analyzer.Object) bool {
	spec, ok := o.PodSpec()
	if !ok || spec.Meta == nil || spec.MetaPath.Len() < 2 {
		return false
	}
	_, has := spec.Meta.Annotations[IgnoreAnnotation]
	return has
}

func splitIDs(s string) []string {
	var ids []string
	for id := range strings.SplitSeq(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// suppress applies suppressions to diags. It returns the findings that
// remain, with unknown-ignore (and, when reportUnused is set,
// unused-ignore) findings added, and the findings it silenced.
func suppress(diags []analyzer.Diagnostic, sups []*suppression, known, running map[string]bool, reportUnused bool) (kept, silenced []analyzer.Diagnostic) {
	for _, d := range diags {
		hit := false
		for _, s := range sups {
			if id, ok := s.silences(d); ok {
				s.used[id] = true
				hit = true
			}
		}
		if hit {
			silenced = append(silenced, d)
		} else {
			kept = append(kept, d)
		}
	}
	for _, s := range sups {
		report := func(r *analyzer.Rule, msg string) {
			kept = append(kept, analyzer.Diagnostic{Rule: r.ID, Severity: r.Severity, Message: msg,
				Object: s.object, Doc: s.doc, Pos: s.at})
		}
		if len(s.ids) == 0 {
			report(UnknownIgnore, fmt.Sprintf("%s names no rule; write the rule IDs, comma-separated, or all", s.source))
			continue
		}
		for _, id := range s.ids {
			switch {
			case id != ignoreAll && !known[id]:
				report(UnknownIgnore, fmt.Sprintf("%s names %q, which is not a rule podlint knows; see podlint rules", s.source, id))
			case reportUnused && !s.used[id] && (id == ignoreAll || running[id]):
				report(UnusedIgnore, fmt.Sprintf("%s %s silences no finding; remove it", s.source, id))
			}
		}
	}
	return kept, silenced
}

// applyIgnores silences the findings named by the ignore comments of docs
// and the ignore annotations of objs, and reports suppressions that are
// unknown or, when asked, unused.
func applyIgnores(docs []*analyzer.Document, objs []*analyzer.Object, diags []analyzer.Diagnostic, opts Options) (kept, silenced []analyzer.Diagnostic) {
	sups := collectSuppressions(docs, objs)
	if len(sups) == 0 {
		return diags, nil
	}
	known, running := knownIDs(opts)
	return suppress(diags, sups, known, running, opts.ReportUnusedIgnores)
}

// knownIDs returns the IDs a suppression may name: the catalogue when
// given, else the rules run plus the engine's own.
func knownIDs(opts Options) (known, running map[string]bool) {
	known, running = map[string]bool{}, map[string]bool{}
	engine := slices.Concat(load.Rules(), []*analyzer.Rule{analyzer.InternalError}, Rules())
	for _, r := range slices.Concat(opts.Rules, engine) {
		running[r.ID] = true
		known[r.ID] = true
	}
	for _, r := range opts.Catalogue {
		known[r.ID] = true
	}
	return known, running
}

const unknownIgnoreBad = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx # podlint:ignore image-tags pinned by the base image
`

const unknownIgnoreGood = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27 # podlint:ignore image-tag pinned by the base image
`

const unusedIgnoreBad = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27 # podlint:ignore image-tag the tag is set now
`

const unusedIgnoreGood = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`

// parsedComments collects the comments the YAML parser attached to the
// nodes below n, one per line of text, so that a line of a block scalar
// that merely looks like a comment is not taken for one.
func parsedComments(n *yaml.Node) map[string]bool {
	out := map[string]bool{}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 256 {
			return
		}
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					out[line] = true
				}
			}
		}
		for _, child := range n.Content {
			walk(child, depth+1)
		}
	}
	walk(n, 0)
	return out
}
