package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
)

// IgnoreAnnotation is the annotation that silences rules for one object:
// podlint.io/ignore: "rule-a,rule-b", or "all". On a Pod template's
// metadata it silences the findings under that template.
const IgnoreAnnotation = "podlint.io/ignore"

// IgnoreReasonAnnotation says why the suppression of IgnoreAnnotation, on
// the same metadata, is right. An annotation value holds no room for
// prose beside a list of IDs, and YAML comments do not survive JSON or
// kubectl apply, so the reason is an annotation of its own; it travels
// to the cluster with the object, where kubectl describe shows it.
const IgnoreReasonAnnotation = "podlint.io/ignore-reason"

// ignoreAll is the suppression that silences every rule.
const ignoreAll = "all"

// UnknownIgnore is reported for a suppression that names a rule podlint
// does not know: a misspelt ID would otherwise silence nothing, quietly.
var UnknownIgnore = &analyzer.Rule{
	ID:       "unknown-ignore",
	Severity: analyzer.Warning,
	Family:   "correctness",
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

// UnusedIgnore is reported for a suppression that silences no finding of
// a rule that ran: dead suppressions hide the next, real finding on their
// line. Options.ReportUnusedIgnores asks for it; podlint lint and the
// language server ask by default.
var UnusedIgnore = &analyzer.Rule{
	ID:       "unused-ignore",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "suppression silences no finding",
		Why: "A suppression that silences nothing is left over from a finding that was fixed; it " +
			"would silently hide the next real finding of that rule on its line or object. " +
			"Turn the report off for one run with --report-unused-ignores=false, or for a " +
			"repository with unused-ignore: off under rules: in .podlint.yaml.",
		Bad:  unusedIgnoreBad,
		Good: unusedIgnoreGood,
	},
}

// IgnoreWithoutReason is reported for a suppression that does not say why,
// as staticcheck requires of its //lint:ignore directives: a reviewer
// cannot tell a considered exception from a finding swept under the rug,
// and no one can tell later whether it still holds. The suppression still
// silences what it names.
var IgnoreWithoutReason = &analyzer.Rule{
	ID:       "ignore-without-reason",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "suppression does not say why",
		Why: "A suppression without a reason cannot be reviewed: nothing tells a considered exception " +
			"from a finding silenced to make the build pass, or says when the exception stops holding. " +
			"Write the reason after the rule IDs (# podlint:ignore image-tag the mirror pins it by " +
			"digest), or, beside the podlint.io/ignore annotation, in podlint.io/ignore-reason. " +
			"The suppression still silences what it names.",
		Bad:  ignoreWithoutReasonBad,
		Good: ignoreWithoutReasonGood,
	},
}

// ignoreComment matches an ignore comment: the rule IDs, then the reason.
var ignoreComment = regexp.MustCompile(`^#\s*podlint:ignore(?:\s+(\S+)(\s.*)?)?`)

// A suppression is one ignore comment or annotation.
type suppression struct {
	ids    []string
	reason bool // says why
	used   map[string]bool

	// A comment silences findings on one line of one file.
	file string
	line int
	// An annotation silences findings of one object, below a path.
	object *analyzer.Object
	under  analyzer.Path

	at     analyzer.Position // where the suppression is written
	doc    *analyzer.Document
	source string // "# podlint:ignore" or the annotation, for messages

	// A peer's annotation (peer.go) names the peer's check, and ids are
	// the rules the table maps it to; it is unused when none of them
	// silenced anything. unmapped says why podlint has no rule for the
	// check, when the table maps it to none.
	peer     string
	unmapped string
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
		if id == d.Rule || (id == ignoreAll && !aboutSuppressions(d.Rule)) {
			return id, true
		}
	}
	return "", false
}

// collectSuppressions reads the ignore comments of docs and the ignore
// annotations of objs.
func collectSuppressions(docs []*analyzer.Document, objs []*analyzer.Object, peers bool) []*suppression {
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
			s := &suppression{ids: splitIDs(m[1]), reason: commentReason(m[2]) != "", used: map[string]bool{}, file: d.File, line: line, doc: d,
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
	annotated := func(o *analyzer.Object, annotations map[string]string, meta analyzer.Path) *suppression {
		v, ok := annotations[IgnoreAnnotation]
		if !ok {
			return nil
		}
		s := &suppression{ids: splitIDs(v), reason: strings.TrimSpace(annotations[IgnoreReasonAnnotation]) != "",
			used: map[string]bool{}, object: o, at: o.Resolve(annotationPath(meta)), source: "annotation " + IgnoreAnnotation}
		if meta.Len() >= 2 {
			s.under = meta.Parent() // a Pod template's: the findings under the template
		}
		return s
	}
	for _, o := range objs {
		meta := analyzer.Path{}.Field("metadata")
		if s := annotated(o, o.Annotations, meta); s != nil {
			out = append(out, s)
		}
		if peers {
			out = append(out, peerSuppressions(o, o.Annotations, meta)...)
		}
		spec, ok := o.PodSpec()
		if !ok || spec.Meta == nil || spec.MetaPath.Len() < 2 {
			continue // a Pod's own metadata is the object's
		}
		if s := annotated(o, spec.Meta.Annotations, spec.MetaPath); s != nil {
			out = append(out, s)
		}
		if peers {
			out = append(out, peerSuppressions(o, spec.Meta.Annotations, spec.MetaPath)...)
		}
	}
	return out
}

// The peers' suppression annotations, which podlint honours through
// PeerChecks so that a repository moving over keeps its exceptions.
const (
	kubeLinterIgnoreCheck = "ignore-check.kube-linter.io/" // + check; the value is the reason
	kubeLinterIgnoreAll   = "kube-linter.io/ignore-all"
	kubeScoreIgnore       = "kube-score/ignore" // comma-separated test names
	polarisPrefix         = "polaris.fairwinds.com/"
	polarisExempt         = polarisPrefix + "exempt" // "true"
	polarisCheckExempt    = "-exempt"                // polaris.fairwinds.com/<check>-exempt: "true"
)

// peerSuppressions reads the peers' suppression annotations of one
// metadata (the object's, or a Pod template's, whose findings they then
// silence). Each silences the rules PeerChecks maps its check to; one
// that silences all of a peer's checks silences every rule the peer's
// checks map to. A check the table does not know is no mistake of
// podlint's to report (the peer may have checks podlint has never heard
// of), so it is skipped. Their formats have no room for a reason beside
// kube-linter's value, so none is asked for.
func peerSuppressions(o *analyzer.Object, annotations map[string]string, meta analyzer.Path) []*suppression {
	var out []*suppression
	add := func(key, peer, check string, ids []string, unmapped string) {
		s := &suppression{ids: ids, reason: true, used: map[string]bool{}, object: o, peer: peer, unmapped: unmapped,
			at: o.Resolve(meta.Field("annotations").Key(key)), source: "annotation " + key}
		if check != "" {
			s.source = fmt.Sprintf("annotation %s (%s's %s)", key, peer, check)
		}
		if meta.Len() >= 2 {
			s.under = meta.Parent()
		}
		out = append(out, s)
	}
	byCheck := func(key, peer, check string) {
		c, ok := PeerCheckFor(peer, check)
		if !ok {
			return
		}
		unmapped := ""
		if len(c.Rules) == 0 {
			unmapped = cmp.Or(c.Note, "no podlint rule covers it yet")
		}
		add(key, peer, check, c.Rules, unmapped)
	}
	for _, key := range slices.Sorted(maps.Keys(annotations)) {
		v := annotations[key]
		switch {
		case strings.HasPrefix(key, kubeLinterIgnoreCheck):
			byCheck(key, KubeLinter, strings.TrimPrefix(key, kubeLinterIgnoreCheck))
		case key == kubeLinterIgnoreAll:
			add(key, KubeLinter, "", PeerRules(KubeLinter), "")
		case key == kubeScoreIgnore:
			for _, check := range splitIDs(v) {
				byCheck(key, KubeScore, check)
			}
		case key == polarisExempt && strings.EqualFold(v, "true"):
			add(key, Polaris, "", PeerRules(Polaris), "")
		case strings.HasPrefix(key, polarisPrefix) && strings.HasSuffix(key, polarisCheckExempt) && strings.EqualFold(v, "true"):
			byCheck(key, Polaris, strings.TrimSuffix(strings.TrimPrefix(key, polarisPrefix), polarisCheckExempt))
		}
	}
	return out
}

// commentReason returns the reason of an ignore comment, the text after
// its rule IDs, up to a comment that follows it (# want: in fixtures).
func commentReason(rest string) string {
	rest = " " + rest
	if i := strings.Index(rest, " #"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.Index(rest, "\t#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSpace(rest)
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
// remain, with the findings about the suppressions themselves added
// (unknown-ignore, ignore-without-reason and, when reportUnused is set,
// unused-ignore), and the findings it silenced. Those about suppressions
// are never silenced: "all" does not reach them, and they are added once
// the others are silenced.
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
		if s.peer != "" {
			if !reportUnused {
				continue
			}
			if s.unmapped != "" {
				report(UnusedIgnore, fmt.Sprintf("%s silences nothing: podlint has no rule for it (%s)", s.source, s.unmapped))
				continue
			}
			ran := slices.ContainsFunc(s.ids, func(id string) bool { return running[id] })
			if ran && !slices.ContainsFunc(s.ids, func(id string) bool { return s.used[id] }) {
				report(UnusedIgnore, fmt.Sprintf("%s silences no finding of %s; remove it", s.source, strings.Join(s.ids, ", ")))
			}
			continue
		}
		if len(s.ids) == 0 {
			report(UnknownIgnore, fmt.Sprintf("%s names no rule; write the rule IDs, comma-separated, or all", s.source))
			continue
		}
		if !s.reason {
			if s.object != nil {
				report(IgnoreWithoutReason, fmt.Sprintf("%s gives no reason; say why the findings do not apply in the annotation %s beside it", s.source, IgnoreReasonAnnotation))
			} else {
				report(IgnoreWithoutReason, fmt.Sprintf("%s %s gives no reason; say why the finding does not apply after the rule IDs", s.source, strings.Join(s.ids, ",")))
			}
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
// unknown, give no reason or, when asked, silence nothing.
func applyIgnores(docs []*analyzer.Document, objs []*analyzer.Object, diags []analyzer.Diagnostic, opts Options) (kept, silenced []analyzer.Diagnostic) {
	sups := collectSuppressions(docs, objs, !opts.NoPeerSuppressions)
	if len(sups) == 0 {
		return diags, nil
	}
	known, running := knownIDs(opts)
	return suppress(diags, sups, known, running, opts.ReportUnusedIgnores)
}

// knownIDs returns the IDs a suppression may name, and those of the rules
// that ran (whose suppressions may be unused): the rules run and the
// engine's own, and the catalogue, which names rules turned off too. A
// check that reports under several IDs counts for each of them.
func knownIDs(opts Options) (known, running map[string]bool) {
	known, running = map[string]bool{}, map[string]bool{}
	for _, r := range analyzer.Catalogue(slices.Concat(opts.Rules, EngineRules())) {
		running[r.ID] = true
		known[r.ID] = true
	}
	for _, r := range analyzer.Catalogue(opts.Catalogue) {
		known[r.ID] = true
	}
	return known, running
}

// aboutSuppressions reports whether id is a rule of lint's own, whose
// findings are about suppressions: no suppression silences them.
func aboutSuppressions(id string) bool {
	return slices.ContainsFunc(Rules(), func(r *analyzer.Rule) bool { return r.ID == id })
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

const ignoreWithoutReasonBad = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx # podlint:ignore image-tag
`

const ignoreWithoutReasonGood = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx # podlint:ignore image-tag the registry mirror pins nginx by digest
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
