package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/lint"
)

// TestFixActions checks that the fixes a finding carries become code
// actions on the buffer, with UTF-16 columns: the engine placed them in
// bytes.
func TestFixActions(t *testing.T) {
	quote := &analyzer.Rule{
		ID: "quote-it", Severity: analyzer.Warning,
		Doc: analyzer.Doc{Title: "t", Why: "w", Bad: "b", Good: "g"},
		Check: func(p *analyzer.Pass) error {
			at := analyzer.Path{}.Field("data").Field("b")
			p.Report(analyzer.Diagnostic{Path: at, Message: "m", Fixes: []analyzer.Fix{
				{Message: "quote on", Edits: []analyzer.Edit{{Path: at, Op: analyzer.SetString, NewText: "on"}}},
				{Message: "say off", Edits: []analyzer.Edit{{Path: at, Op: analyzer.SetString, NewText: "off"}}},
				{Message: "elsewhere", Edits: []analyzer.Edit{{Path: at, Op: analyzer.SetString, NewText: "x"}, {Object: nil, Path: analyzer.Path{}.Field("nope")}}},
			}})
			return nil
		},
	}
	text := "apiVersion: v1\nkind: Widget\nmetadata: {name: w}\ndata: {a: \"😀é\", b: on}\n"
	res := lint.Bytes(t.Context(), "w.yaml", []byte(text), lint.Options{Rules: []*analyzer.Rule{quote}})
	var got []fix
	for _, d := range res.Diagnostics {
		if d.Rule == quote.ID {
			got = append(got, fixActions(d, "w.yaml", splitLines(text))...)
		}
	}
	// The third fix has an edit that cannot be placed: the engine drops it.
	if len(got) != 2 {
		t.Fatalf("got %d actions, want 2: %+v", len(got), got)
	}
	want := protocol.Range{Start: protocol.Position{Line: 3, Character: 20}, End: protocol.Position{Line: 3, Character: 22}} // bytes 24:26
	if got[0].title != "Quote on" || !got[0].preferred || got[1].preferred || len(got[0].edits) != 1 ||
		got[0].edits[0].Range != want || got[0].edits[0].NewText != `"on"` {
		t.Errorf("actions %+v, want \"Quote on\" (preferred) replacing %+v with \"on\"", got, want)
	}
	moved := analyzer.Diagnostic{Fixes: []analyzer.Fix{{Message: "m", Edits: []analyzer.Edit{
		{Start: 1, End: 2, NewText: "x", Pos: analyzer.Position{File: "other.yaml", Line: 1, Column: 2, EndLine: 1, EndColumn: 3}}}}}}
	if a := fixActions(moved, "w.yaml", splitLines(text)); len(a) != 0 {
		t.Errorf("a fix of another file became an action: %+v", a)
	}
}

func TestIgnoreFixKeepsIndentation(t *testing.T) {
	text := "a:\n  - name: x\n    image: y\n"
	fx := ignoreFix(analyzer.Diagnostic{Rule: "some-rule", Pos: analyzer.Position{Line: 3, Column: 5}}, splitLines(text))
	got := applyEdits(t, text, fx.edits)
	want := "a:\n  - name: x\n    # podlint:ignore some-rule " + IgnoreReason + "\n    image: y\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(fx.title, "some-rule") {
		t.Errorf("title %q does not name the rule", fx.title)
	}
}
