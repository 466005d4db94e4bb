package lsp

import (
	"regexp"
	"strings"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// manifestKey finds apiVersion or kind at the start of a line, in YAML or
// JSON: the sign that a document that does not parse was meant to be a
// manifest.
var manifestKey = regexp.MustCompile(`(?m)^\s*"?(apiVersion|kind)"?\s*:`)

// isManifest reports whether the buffer name holds Kubernetes manifests.
// Editors open every YAML file (CI workflows, Helm values, app configs), and
// those get no diagnostics: the loader skips their documents because they
// have no apiVersion and kind. A buffer that does not parse counts only
// when it names apiVersion or kind, so half-typed manifests are still
// checked.
func isManifest(res *lint.Result, name, text string) bool {
	for _, o := range res.Objects {
		if o.Doc.File == name {
			return true
		}
	}
	parseErrors := false
	for _, d := range res.Diagnostics {
		if d.Pos.File != name {
			continue
		}
		if d.Rule != load.ParseError.ID {
			return true
		}
		parseErrors = true
	}
	return parseErrors && manifestKey.MatchString(text)
}

// splitLines returns the lines of text without their line breaks; the
// index is the 0-based LSP line.
func splitLines(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// lineSource returns the text of 1-based file lines.
type lineSource func(line int) string

func bufferLines(lines []string) lineSource {
	return func(line int) string {
		if line < 1 || line > len(lines) {
			return ""
		}
		return lines[line-1]
	}
}

// toRange converts a 1-based byte position into a 0-based UTF-16 LSP range.
// A position with no end covers the rest of its line.
func toRange(p analyzer.Position, text lineSource) protocol.Range {
	// The loader reads a file past its byte order mark, so its columns on
	// line 1 start after it; an editor's buffer may keep the mark.
	bom := 0
	if strings.HasPrefix(text(1), "\ufeff") {
		bom = 1
	}
	line := func(n int) (string, int) {
		if n == 1 && bom > 0 {
			return strings.TrimPrefix(text(1), "\ufeff"), bom
		}
		return text(n), 0
	}
	startText, shift := line(p.Line)
	col, endCol := p.UTF16()
	if p.Column16 == 0 {
		col = analyzer.UTF16Column(startText, p.Column)
	}
	start := protocol.Position{Line: uint32(max(p.Line-1, 0)), Character: uint32(max(col-1, 0) + shift)}
	end := protocol.Position{Line: start.Line, Character: uint32(utf16Len(startText) + shift)}
	if p.EndLine > 0 {
		endText, endShift := line(p.EndLine)
		if p.EndColumn16 == 0 {
			endCol = analyzer.UTF16Column(endText, p.EndColumn)
		}
		end = protocol.Position{Line: uint32(p.EndLine - 1), Character: uint32(max(endCol-1, 0) + endShift)}
	}
	if before(end, start) {
		end = start
	}
	return protocol.Range{Start: start, End: end}
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// before reports whether a comes before b.
func before(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether two ranges share a position; ranges touching at
// an end overlap, so a cursor at the end of a finding still finds it.
func overlaps(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func severity(s analyzer.Severity) protocol.DiagnosticSeverity {
	switch s {
	case analyzer.Error:
		return protocol.DiagnosticSeverityError
	case analyzer.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// docLines returns the line source for positions of object o: the buffer
// for its own file; for another file nothing, since the engine counted the
// UTF-16 columns while that file's text was alive.
func docLines(doc *analyzer.Document, file string, buffer lineSource) lineSource {
	if doc == nil || doc.File == file {
		return buffer
	}
	return func(int) string { return "" }
}

// finding converts one diagnostic of document d into its LSP form and
// works out its fixes.
func (s *server) finding(d *document, lines []string, diag analyzer.Diagnostic) finding {
	buffer := bufferLines(lines)
	pd := protocol.Diagnostic{
		Range:           toRange(diag.Pos, buffer),
		Severity:        severity(diag.Severity),
		Code:            diag.Rule,
		CodeDescription: &protocol.CodeDescription{Href: uri.URI(s.docsURL + diag.Rule)},
		Source:          "podlint",
		Message:         diag.Message,
	}
	for _, r := range diag.Related {
		if !r.Pos.IsValid() {
			continue
		}
		o := r.Object
		if o == nil {
			o = diag.Object
		}
		var doc *analyzer.Document
		if o != nil {
			doc = o.Doc
		}
		loc := protocol.Location{URI: d.uri, Range: toRange(r.Pos, docLines(doc, d.file, buffer))}
		if r.Pos.File != d.file {
			loc.URI = uri.File(r.Pos.File)
		}
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: loc, Message: r.Message})
	}
	f := finding{diag: diag, proto: pd}
	f.fixes = fixActions(diag, d.file, lines)
	if !d.json {
		f.fixes = append(f.fixes, ignoreFix(diag, lines))
	}
	return f
}
