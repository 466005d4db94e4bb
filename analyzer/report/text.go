package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/podlint/podlint/analyzer"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
)

// WriteText writes one line per finding, file:line:col: severity: message
// (rule), with related positions as note lines and a summary line last. With
// colour on, each finding also shows its source line and a caret.
func WriteText(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, d := range r.Diagnostics {
		sev := d.Severity.String()
		switch d.Severity {
		case analyzer.Error:
			sev = paint(ansiBold+ansiRed, sev)
		case analyzer.Warning:
			sev = paint(ansiBold+ansiYellow, sev)
		default:
			sev = paint(ansiBold+ansiBlue, sev)
		}
		fmt.Fprintf(bw, "%s: %s: %s %s\n", paint(ansiBold, oneLine(d.Pos.String())), sev, oneLine(d.Message), paint(ansiDim, "("+oneLine(d.Rule)+")"))
		if opts.Color {
			writeExcerpt(bw, excerpt(d), d.Pos, paint)
		}
		for _, rel := range d.Related {
			fmt.Fprintf(bw, "    %s: %s %s\n", oneLine(rel.Pos.String()), paint(ansiGreen, "note:"), oneLine(rel.Message))
		}
		if r := d.Rendered; r != nil {
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiGreen, "note:"), oneLine(renderedNote(r)))
		}
	}
	if !opts.Quiet {
		fmt.Fprintln(bw, summaryLine(r.Summary))
	}
	// Files not linted at all show even with -q: a run that skipped them
	// must not look clean. Skipped documents show without -q.
	for _, s := range r.Summary.Skips {
		whole := s.Line == 0
		if whole || !opts.Quiet && s.Reason != "empty document" && s.Reason != "not a Kubernetes object (no apiVersion or kind)" {
			fmt.Fprintf(bw, "%s: skipped: %s\n", oneLine(Position(s.File, s.Line)), oneLine(s.Reason))
		}
	}
	return bw.Flush()
}

// renderedNote says where a finding sits in what podlint rendered.
func renderedNote(r *analyzer.RenderedAt) string {
	s := "rendered from " + r.From
	switch n := len(r.Variants); {
	case n > 3:
		s += fmt.Sprintf(" with %s and %d more values files", strings.Join(r.Variants[:2], ", "), n-2)
	case n > 0:
		s += " with " + strings.Join(r.Variants, ", ")
	}
	return fmt.Sprintf("%s, line %d: %s", s, r.Line, strings.TrimSpace(r.Text))
}

// Position formats file:line, or the file alone when the line is unknown.
func Position(file string, line int) string {
	if line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}

func sourceDoc(d analyzer.Diagnostic) *analyzer.Document {
	if d.Object != nil {
		return d.Object.Doc
	}
	return d.Doc
}

// excerpt returns the source line of a finding: the one the engine kept,
// or the document's when it is at hand.
func excerpt(d analyzer.Diagnostic) string {
	if d.SourceLine != "" {
		return d.SourceLine
	}
	if doc := sourceDoc(d); doc != nil {
		return doc.LineText(d.Pos.Line)
	}
	return ""
}

func writeExcerpt(w io.Writer, line string, pos analyzer.Position, paint func(string, string) string) {
	if !pos.IsValid() || line == "" {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	prefix := line[:min(max(pos.Column-1, 0), len(line))]
	fmt.Fprintf(w, "  %s\n", oneLine(line))
	fmt.Fprintf(w, "  %s%s\n", strings.Repeat(" ", cells(oneLine(prefix))+max(pos.Column-1-len(line), 0)), paint(ansiGreen, "^"))
}

// cells returns the width of s on a terminal: two cells for a wide or
// full-width character (Hangul, CJK, most emoji), none for a combining
// mark or a zero-width joiner, one for the rest.
func cells(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200d || r >= 0xfe00 && r <= 0xfe0f:
		case wide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// wide reports whether r takes two cells: East Asian wide and full-width
// characters, and the emoji planes, which terminals draw wide.
func wide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return r >= 0x1f300 && r <= 0x1faff
}

func summaryLine(s Summary) string {
	found := "no problems"
	if n := s.Errors + s.Warnings + s.Infos; n > 0 {
		found = fmt.Sprintf("%s, %s", plural(s.Errors, "error"), plural(s.Warnings, "warning"))
		if s.Infos > 0 {
			found += ", " + plural(s.Infos, "info")
		}
	}
	notes := ""
	if s.SkippedFiles > 0 {
		notes = fmt.Sprintf("; %s skipped whole", plural(s.SkippedFiles, "file"))
	}
	if n := sumValues(s.WithoutSchema); n > 0 {
		notes += fmt.Sprintf("; %s without a schema, not validated", plural(n, "custom resource"))
	}
	if s.Baselined > 0 {
		notes += fmt.Sprintf("; %s hidden by the baseline", plural(s.Baselined, "finding"))
	}
	return fmt.Sprintf("%s in %s (%s: %d loaded, %d skipped, %d failed; %s%s)", found, plural(s.Files, "file"),
		plural(s.Documents, "document"), s.Loaded, s.Skipped, s.Failed, plural(s.Objects, "object"), notes)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
