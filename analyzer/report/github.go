package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// WriteGitHub writes one GitHub Actions workflow command per finding
// (::error file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::message),
// which the runner turns into annotations on the pull request's diff.
// Related positions are appended to the message, since an annotation has
// one place only.
func WriteGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, d := range r.Diagnostics {
		props := []string{"file=" + escapeProperty(oneLine(d.Pos.File))}
		if d.Pos.IsValid() {
			doc := sourceDoc(d)
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line), fmt.Sprintf("col=%d", utf16Col(doc, d.Pos.Line, d.Pos.Column, d.Pos.Column16)))
			if d.Pos.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", d.Pos.EndLine), fmt.Sprintf("endColumn=%d", utf16Col(doc, d.Pos.EndLine, d.Pos.EndColumn, d.Pos.EndColumn16)))
			}
		}
		props = append(props, "title="+escapeProperty(oneLine(d.Rule)))
		msg := lines(d.Message)
		for _, rel := range d.Related {
			msg += fmt.Sprintf("\n%s: note: %s", oneLine(rel.Pos.String()), oneLine(rel.Message))
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", githubLevel(d.Severity), strings.Join(props, ","), escapeData(msg))
	}
	for _, s := range r.SkippedFiles() {
		fmt.Fprintf(bw, "::warning file=%s,title=podlint::%s\n", escapeProperty(oneLine(s.File)), escapeData("not linted: "+oneLine(s.Reason)))
	}
	return bw.Flush()
}

func githubLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "notice"
}

// lines cleans each line of a multi-line message, as oneLine does: an
// annotation may span lines, which escapeData encodes.
func lines(s string) string {
	parts := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, p := range parts {
		parts[i] = oneLine(p)
	}
	return strings.Join(parts, "\n")
}

// escapeData escapes a workflow command's message as the runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value, where ':' and ',' also end it.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
