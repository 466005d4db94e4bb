package lsp

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/podlint/podlint/analyzer"
)

// A fix is one code action: edits to the document of the finding.
type fix struct {
	title     string
	preferred bool
	edits     []protocol.TextEdit
}

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

// fixActions turns the fixes a finding carries (placed by the engine
// while the document's text was alive) into code actions on the buffer:
// byte columns become UTF-16 ones against the buffer's lines. The first fix
// is the one --fix applies, so it is the preferred action. A fix that also
// edits another file is left to the command line: that file's text is not
// at hand to count its columns.
func fixActions(d analyzer.Diagnostic, file string, lines []string) []fix {
	var out []fix
	buffer := bufferLines(lines)
fixes:
	for i, fx := range d.Fixes {
		var edits []protocol.TextEdit
		for _, e := range fx.Edits {
			if !e.Placed() || e.Pos.File != file {
				continue fixes
			}
			edits = append(edits, protocol.TextEdit{Range: toRange(e.Pos, buffer), NewText: e.NewText})
		}
		out = append(out, fix{title: sentence(fx.Message), preferred: i == 0, edits: edits})
	}
	return out
}

// sentence capitalises the first letter of a fix's message for a title:
// "quote yes" becomes "Quote yes".
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
