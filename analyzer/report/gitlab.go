package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/podlint/podlint/analyzer"
)

// gitlabIssue is one entry of a GitLab Code Quality report.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// WriteGitLab writes the report as a GitLab Code Quality report, which a
// merge request shows beside the diff. A finding's fingerprint hashes what
// it is about (rule, file, object, field path, message), not its line, so
// it stays the same when lines above it move, and GitLab tells new findings
// from old ones; findings that would hash alike are numbered apart.
func WriteGitLab(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	seen := map[string]int{}
	for i, d := range r.Diagnostics {
		key := d.Rule + "\x00" + d.Pos.File + "\x00" + objectKey(d) + "\x00" + d.Path.String() + "\x00" + d.Message
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		issue := gitlabIssue{
			Description: d.Message,
			CheckName:   d.Rule,
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    gitlabSeverity(d.Severity),
			Location:    gitlabLocation{Path: repoPath(d.Pos.File), Lines: gitlabLines{Begin: max(d.Pos.Line, 1)}},
		}
		js, err := json.MarshalIndent(issue, "  ", "  ")
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		bw.Write(js)
	}
	if len(r.Diagnostics) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// objectKey names a finding's object, or its document.
func objectKey(d analyzer.Diagnostic) string {
	switch {
	case d.Object != nil:
		return d.Object.APIVersion + "/" + d.Object.String()
	case d.Doc != nil:
		return "document " + strconv.Itoa(d.Doc.Index)
	}
	return ""
}

// gitlabSeverity maps podlint's severities onto Code Quality's scale.
func gitlabSeverity(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "major"
	case analyzer.Warning:
		return "minor"
	}
	return "info"
}

// repoPath returns a file's path relative to the working directory, where
// CI runs at the repository's root, with forward slashes; GitLab matches
// it against the repository's files.
func repoPath(file string) string {
	if filepath.IsAbs(file) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, file); err == nil && filepath.IsLocal(rel) {
				file = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}
