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
		props := []string{"file=" + escapeProperty(d.Pos.File)}
		if d.Pos.IsValid() {
			doc := sourceDoc(d)
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line), fmt.Sprintf("col=%d", utf16Col(doc, d.Pos.Line, d.Pos.Column)))
			if d.Pos.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", d.Pos.EndLine), fmt.Sprintf("endColumn=%d", utf16Col(doc, d.Pos.EndLine, d.Pos.EndColumn)))
			}
		}
		props = append(props, "title="+escapeProperty(d.Rule))
		msg := d.Message
		for _, rel := range d.Related {
			msg += fmt.Sprintf("\n%s: note: %s", rel.Pos, rel.Message)
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", githubLevel(d.Severity), strings.Join(props, ","), escapeData(msg))
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

// escapeData escapes a workflow command's message as the runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value, where ':' and ',' also end it.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
