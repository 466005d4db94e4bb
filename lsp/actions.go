package lsp

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// A fix is one code action: edits to the document of the finding.
type fix struct {
	title     string
	preferred bool
	edits     []protocol.TextEdit
}

// SelectorMismatchID is the rule whose findings get the "add the missing
// template labels" action. The rule lives in package rules, which this
// package must not import; the ID is the contract.
const SelectorMismatchID = "selector-mismatch"

// IgnoreReason is the placeholder reason of an inserted ignore comment: a
// reason is required, and only the user knows it.
const IgnoreReason = "(say why this finding does not apply)"

func (s *server) codeActions(ctx context.Context, p protocol.CodeActionParams) []protocol.CodeAction {
	if len(p.Context.Only) > 0 && !slices.Contains(p.Context.Only, protocol.QuickFix) {
		return []protocol.CodeAction{}
	}
	d, findings := s.current(ctx, p.TextDocument.URI)
	actions := []protocol.CodeAction{}
	if d == nil {
		return actions
	}
	for _, f := range findings {
		if !overlaps(f.proto.Range, p.Range) {
			continue
		}
		for _, fx := range f.fixes {
			actions = append(actions, protocol.CodeAction{
				Title:       fx.title,
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{f.proto},
				IsPreferred: fx.preferred,
				Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: fx.edits}},
			})
		}
	}
	return actions
}

func (s *server) hover(ctx context.Context, p protocol.HoverParams) *protocol.Hover {
	_, findings := s.current(ctx, p.TextDocument.URI)
	at := protocol.Range{Start: p.Position, End: p.Position}
	var parts []string
	var rng *protocol.Range
	seen := map[string]bool{}
	for _, f := range findings {
		if !overlaps(f.proto.Range, at) || seen[f.diag.Rule] {
			continue
		}
		seen[f.diag.Rule] = true
		if rng == nil {
			r := f.proto.Range
			rng = &r
		}
		parts = append(parts, s.explain(f.diag.Rule))
	}
	if len(parts) == 0 {
		return nil
	}
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    rng,
	}
}

// explain renders a rule's title and why as Markdown, with a link to its
// documentation.
func (s *server) explain(id string) string {
	r := s.rules[id]
	if r == nil {
		return fmt.Sprintf("**%s**\n\n[Documentation](%s%s)", id, s.docsURL, id)
	}
	return fmt.Sprintf("**%s**: %s\n\n%s\n\n[Documentation](%s%s)", id, r.Doc.Title, r.Doc.Why, s.docsURL, id)
}

// ignoreFix inserts "# podlint:ignore <rule> <reason>" on a line of its
// own above the finding, indented like the finding's line.
func ignoreFix(d analyzer.Diagnostic, lines []string) fix {
	line := d.Pos.Line - 1
	text := ""
	if line >= 0 && line < len(lines) {
		text = lines[line]
	}
	indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	comment := fmt.Sprintf("%s# podlint:ignore %s %s\n", indent, d.Rule, IgnoreReason)
	at := protocol.Position{Line: uint32(max(line, 0))}
	return fix{
		title: fmt.Sprintf("Ignore %s on this line (# podlint:ignore)", d.Rule),
		edits: []protocol.TextEdit{{Range: protocol.Range{Start: at, End: at}, NewText: comment}},
	}
}

// selectorFix adds the labels a controller's selector requires to its Pod
// template, when that is certain: every label the selector misses is absent
// from the template (none has another value, which would be a choice), the
// template would then match the whole selector, and the template's labels
// (or its metadata) are a block mapping the edit can extend. It returns the
// labels it adds.
func selectorFix(d analyzer.Diagnostic, lines []string) (fix, map[string]string, bool) {
	if d.Rule != SelectorMismatchID || d.Object == nil || d.Object.YAML() == nil {
		return fix{}, nil, false
	}
	o := d.Object
	sel, ok := o.Selector()
	if !ok {
		return fix{}, nil, false
	}
	tmpl, tpath, ok := o.PodTemplate()
	if !ok {
		return fix{}, nil, false
	}
	want := sel.Map
	if !sel.IsMap {
		if sel.Label == nil {
			return fix{}, nil, false
		}
		want = sel.Label.MatchLabels
	}
	missing := map[string]string{}
	merged := maps.Clone(tmpl.Labels)
	if merged == nil {
		merged = map[string]string{}
	}
	for k, v := range want {
		cur, has := tmpl.Labels[k]
		switch {
		case !has:
			missing[k] = v
			merged[k] = v
		case cur != v:
			return fix{}, nil, false // change the template or the selector? Not certain.
		}
	}
	if len(missing) == 0 {
		return fix{}, nil, false
	}
	if !sel.IsMap {
		selector, err := metav1.LabelSelectorAsSelector(sel.Label)
		if err != nil || !selector.Matches(labels.Set(merged)) {
			return fix{}, nil, false
		}
	}

	meta := analyzer.NodeAt(o.YAML(), tpath.Field("metadata"))
	if !isBlockMapping(meta) {
		return fix{}, nil, false
	}
	var text, indent string
	var after *yaml.Node // the node whose last line the new lines follow
	if lbl := analyzer.NodeAt(meta, analyzer.Path{}.Field("labels")); lbl != nil {
		if !isBlockMapping(lbl) {
			return fix{}, nil, false
		}
		indent = strings.Repeat(" ", lbl.Content[0].Column-1)
		after = lbl
		for _, k := range slices.Sorted(maps.Keys(missing)) {
			text += fmt.Sprintf("%s%s: %s\n", indent, yamlScalar(k), yamlScalar(missing[k]))
		}
	} else {
		indent = strings.Repeat(" ", meta.Content[0].Column-1)
		after = meta
		text = indent + "labels:\n"
		for _, k := range slices.Sorted(maps.Keys(missing)) {
			text += fmt.Sprintf("%s  %s: %s\n", indent, yamlScalar(k), yamlScalar(missing[k]))
		}
	}
	last := lastLine(after, 0)
	if last == 0 || last > len(lines) {
		return fix{}, nil, false
	}
	at := protocol.Position{Line: uint32(last)}
	if last == len(lines) { // the last line of a file without a final newline
		at = protocol.Position{Line: uint32(last - 1), Character: uint32(utf16Len(lines[last-1]))}
		text = "\n" + strings.TrimSuffix(text, "\n")
	}
	var pairs []string
	for _, k := range slices.Sorted(maps.Keys(missing)) {
		pairs = append(pairs, k+"="+missing[k])
	}
	noun := "label"
	if len(pairs) > 1 {
		noun = "labels"
	}
	return fix{
		title:     fmt.Sprintf("Add %s %s to the Pod template", noun, strings.Join(pairs, ", ")),
		preferred: true,
		edits:     []protocol.TextEdit{{Range: protocol.Range{Start: at, End: at}, NewText: text}},
	}, missing, true
}

func isBlockMapping(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && len(n.Content) >= 2
}

// lastLine returns the last file line a block node occupies, or 0 when it
// cannot tell (a block or multi-line scalar, an alias, a deep tree).
func lastLine(n *yaml.Node, depth int) int {
	if n == nil || depth > 100 {
		return 0
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.Contains(n.Value, "\n") {
			return 0
		}
		return n.Line
	case yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 || len(n.Content) == 0 {
			return 0
		}
		return lastLine(n.Content[len(n.Content)-1], depth+1)
	}
	return 0
}

// plainScalar matches label keys and values that YAML reads back as the
// same string when written unquoted.
var plainScalar = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._/-]*$`)

// yamlScalar writes s so that YAML 1.1 (what kubectl reads) and 1.2 both
// read it as the string s: plain when that is safe, double-quoted otherwise
// (yes, on, true, null and numbers would not stay strings).
func yamlScalar(s string) string {
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off", "true", "false", "null":
		return fmt.Sprintf("%q", s)
	}
	if plainScalar.MatchString(s) {
		return s
	}
	return fmt.Sprintf("%q", s)
}

// DuplicatePortNameID is the rule whose findings get the "rename the port"
// action; like SelectorMismatchID, the ID is the contract with package rules.
const DuplicatePortNameID = "duplicate-port-name"

var (
	portNameLine = regexp.MustCompile(`^(\s*(?:-\s+)?name:\s*)(["']?)([a-z0-9-]+)(["']?)(\s*(?:#.*)?)$`)
	otherName    = regexp.MustCompile(`\bname:\s*["']?([a-z0-9-]+)`)
)

// portNameFix renames the second of two ports that share a name, to a name
// no other line of the document uses: the finding points at that port's
// name, and a port named twice is ambiguous to every Service that targets
// it, so a rename cannot break what worked.
func portNameFix(d analyzer.Diagnostic, lines []string) (fix, bool) {
	line := d.Pos.Line - 1
	if d.Rule != DuplicatePortNameID || line < 0 || line >= len(lines) {
		return fix{}, false
	}
	m := portNameLine.FindStringSubmatch(lines[line])
	if m == nil || m[2] != m[4] {
		return fix{}, false
	}
	used := map[string]bool{}
	for _, l := range lines {
		for _, n := range otherName.FindAllStringSubmatch(l, -1) {
			used[n[1]] = true
		}
	}
	name := ""
	for i := 2; i < 100 && name == ""; i++ {
		candidate := fmt.Sprintf("%s-%d", m[3], i)
		if len(candidate) > 15 { // IANA service names, as the API server checks
			candidate = fmt.Sprintf("%s-%d", m[3][:15-len(fmt.Sprint(i))-1], i)
		}
		if !used[candidate] {
			name = candidate
		}
	}
	if name == "" {
		return fix{}, false
	}
	start := protocol.Position{Line: uint32(line), Character: uint32(analyzer.UTF16Column(lines[line], len(m[1])+len(m[2])+1) - 1)}
	end := protocol.Position{Line: uint32(line), Character: start.Character + uint32(len(m[3]))}
	return fix{
		title: fmt.Sprintf("Rename port %q to %q", m[3], name),
		edits: []protocol.TextEdit{{Range: protocol.Range{Start: start, End: end}, NewText: name}},
	}, true
}
