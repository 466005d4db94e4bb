package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/podlint/podlint/analyzer"
)

// DocsURL is prefixed to a rule ID to link its documentation.
const DocsURL = "https://github.com/podlint/podlint/blob/main/docs/rules.md#"

// informationURI is the tool's home, named in SARIF.
const informationURI = "https://github.com/podlint/podlint"

// WriteSARIF writes the report as SARIF 2.1.0, the format code scanning
// (GitHub, GitLab, Azure DevOps) imports: every rule with its metadata, and
// one result per finding with its region in UTF-16 columns, as SARIF counts
// them, and its related locations.
func WriteSARIF(w io.Writer, r *Report) error {
	run := sarif.NewRunWithInformationURI("podlint", informationURI)
	if r.ToolVersion != "" {
		run.Tool.Driver.WithVersion(r.ToolVersion)
	}
	byID := map[string]*analyzer.Rule{}
	for _, rule := range r.Rules {
		byID[rule.ID] = rule
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	for _, d := range r.Diagnostics {
		if byID[d.Rule] == nil {
			byID[d.Rule] = &analyzer.Rule{ID: d.Rule, Severity: d.Severity, Doc: analyzer.Doc{Title: d.Rule}}
			ids = append(ids, d.Rule)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		rule := byID[id]
		help := rule.Doc.Why
		if help == "" {
			help = rule.Doc.Title
		}
		run.AddRule(id).
			WithName(ruleName(id)).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(rule.Doc.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(help)).
			WithHelp(sarif.NewMultiformatMessageString().WithText(help)).
			WithHelpURI(DocsURL + id).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(rule.Severity)))
	}
	// Artifacts come before results in a run: name them all first.
	seen := map[string]bool{}
	for _, d := range r.Diagnostics {
		if uri := artifactURI(d.Pos.File); d.Pos.File != "" && !seen[uri] {
			seen[uri] = true
			run.AddDistinctArtifact(uri)
		}
	}
	// Files not linted at all are tool notifications, so code scanning
	// shows them rather than a clean run.
	if skipped := r.SkippedFiles(); len(skipped) > 0 {
		inv := sarif.NewInvocation().WithExecutionSuccessful(true)
		for _, s := range skipped {
			loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(s.File))))
			inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel("warning").
				WithMessage(sarif.NewTextMessage("not linted: " + s.Reason)).AddLocation(loc))
		}
		run.AddInvocation(inv)
	}
	rep := sarif.NewReport()
	rep.AddRun(run)
	var skeleton bytes.Buffer
	if err := rep.PrettyWrite(&skeleton); err != nil {
		return err
	}
	// A large run has tens of thousands of results: rather than hold them
	// all and their JSON, write each as it is made, where the library
	// writes the run's empty list, indented as it would indent them.
	head, tail, ok := bytes.Cut(dropUnset(skeleton.Bytes()), []byte(sarifResultsIndent+`"results": []`))
	if !ok {
		return errors.New("sarif: the library wrote no results list")
	}
	bw := bufio.NewWriter(w)
	bw.Write(head)
	bw.WriteString(sarifResultsIndent + `"results": [`)
	for i, d := range r.Diagnostics {
		res := sarif.NewRuleResult(d.Rule).WithRuleIndex(run.GetRuleIndex(d.Rule)).
			WithLevel(sarifLevel(d.Severity)).
			WithMessage(sarif.NewTextMessage(d.Message))
		if d.Pos.File != "" {
			res.AddLocation(sarifLocation(sourceDoc(d), d.Pos, ""))
		}
		for _, rel := range d.Related {
			doc := sourceDoc(d)
			if rel.Object != nil {
				doc = rel.Object.Doc
			}
			if rel.Pos.File != "" {
				res.AddRelatedLocation(sarifLocation(doc, rel.Pos, rel.Message))
			}
		}
		js, err := json.MarshalIndent(res, sarifResultIndent, "  ")
		if err != nil {
			return err
		}
		js = dropUnset(js)
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n" + sarifResultIndent)
		bw.Write(js)
	}
	if len(r.Diagnostics) > 0 {
		bw.WriteString(sarifResultsIndent + "]")
	} else {
		bw.WriteString("]")
	}
	bw.Write(tail)
	return bw.Flush()
}

// sarifResultsIndent starts the line of a run's results list in the
// library's indented output (report, runs, run), and sarifResultIndent
// the lines of each result.
const (
	sarifResultsIndent = "\n      "
	sarifResultIndent  = "        "
)

func sarifLocation(doc *analyzer.Document, pos analyzer.Position, msg string) *sarif.Location {
	region := sarif.NewRegion()
	if pos.IsValid() {
		region.WithStartLine(pos.Line).WithStartColumn(utf16Col(doc, pos.Line, pos.Column, pos.Column16))
		if pos.EndLine > 0 {
			region.WithEndLine(pos.EndLine).WithEndColumn(utf16Col(doc, pos.EndLine, pos.EndColumn, pos.EndColumn16))
		}
	}
	loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(pos.File))).
		WithRegion(region))
	if msg != "" {
		loc.WithMessage(sarif.NewTextMessage(msg))
	}
	return loc
}

// utf16Col returns a column in UTF-16 code units: col16 when the engine
// counted it, else the byte column col converted using the line's text
// when the document is at hand.
func utf16Col(doc *analyzer.Document, line, col, col16 int) int {
	if col16 > 0 {
		return col16
	}
	if doc == nil || col < 1 {
		return max(col, 1)
	}
	return analyzer.UTF16Column(doc.LineText(line), col)
}

// artifactURI turns a file name into the relative URI reference SARIF
// wants: slashes, and spaces and other reserved characters escaped.
func artifactURI(file string) string {
	if filepath.IsAbs(file) {
		// An absolute path is a file URI: a bare "/..." reads as relative
		// to a base the log does not define.
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(file)}).String()
}

// unsetProperties are the properties go-sarif writes as -1, SARIF's
// "unset" sentinel (§3.4), which validators ask to leave out.
var unsetProperties = regexp.MustCompile(`^\s*"(index|parentIndex|length|byteOffset|charOffset|rank|id)": -1(,?)$`)

// dropUnset removes the -1 sentinel properties from indented JSON as
// go-sarif writes it, one property a line, and the comma that then ends
// an object or a list too early.
func dropUnset(js []byte) []byte {
	lines := bytes.Split(js, []byte("\n"))
	out := make([][]byte, 0, len(lines))
	for _, l := range lines {
		m := unsetProperties.FindSubmatch(l)
		if m == nil {
			out = append(out, l)
			continue
		}
		if len(m[2]) == 0 && len(out) > 0 { // it was the last: the one before is now
			out[len(out)-1] = bytes.TrimSuffix(out[len(out)-1], []byte(","))
		}
	}
	return bytes.Join(out, []byte("\n"))
}

func sarifLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "note"
}

// ruleName turns a kebab-case ID into the PascalCase name SARIF viewers
// show: image-tag becomes ImageTag.
func ruleName(id string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	if strings.EqualFold(b.String(), id) {
		// A one-word ID: SARIF asks that the name differ from the ID.
		b.WriteString("Check")
	}
	return b.String()
}
