package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

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
		fmt.Fprintf(bw, "%s: %s: %s %s\n", paint(ansiBold, d.Pos.String()), sev, d.Message, paint(ansiDim, "("+d.Rule+")"))
		if opts.Color {
			writeExcerpt(bw, sourceDoc(d), d.Pos, paint)
		}
		for _, rel := range d.Related {
			fmt.Fprintf(bw, "    %s: %s %s\n", rel.Pos.String(), paint(ansiGreen, "note:"), rel.Message)
		}
	}
	if !opts.Quiet {
		fmt.Fprintln(bw, summaryLine(r.Summary))
		for _, s := range r.Summary.Skips {
			if s.Reason != "empty document" && s.Reason != "not a Kubernetes object (no apiVersion or kind)" {
				fmt.Fprintf(bw, "%s: skipped: %s\n", Position(s.File, s.Line), s.Reason)
			}
		}
	}
	return bw.Flush()
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

func writeExcerpt(w io.Writer, doc *analyzer.Document, pos analyzer.Position, paint func(string, string) string) {
	if doc == nil || !pos.IsValid() {
		return
	}
	line := doc.LineText(pos.Line)
	if line == "" {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	fmt.Fprintf(w, "  %s\n", line)
	col := analyzer.UTF16Column(line, pos.Column)
	fmt.Fprintf(w, "  %s%s\n", strings.Repeat(" ", max(col-1, 0)), paint(ansiGreen, "^"))
}

func summaryLine(s Summary) string {
	found := "no problems"
	if n := s.Errors + s.Warnings + s.Infos; n > 0 {
		found = fmt.Sprintf("%s, %s", plural(s.Errors, "error"), plural(s.Warnings, "warning"))
		if s.Infos > 0 {
			found += ", " + plural(s.Infos, "info")
		}
	}
	failed := ""
	if s.Failed > 0 {
		failed = fmt.Sprintf(", %d failed to load", s.Failed)
	}
	return fmt.Sprintf("%s in %s (%s, %s, %d skipped%s)", found, plural(s.Files, "file"),
		plural(s.Documents, "document"), plural(s.Objects, "object"), s.Skipped, failed)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
