// Package report writes findings in the formats podlint offers: text for
// people, JSON for programs, SARIF for code scanning, GitHub workflow
// commands for annotations, GitLab Code Quality for merge requests and
// JUnit XML for CI test reports.
package report

import (
	"fmt"
	"io"

	"github.com/podlint/podlint/analyzer"
)

// A Report is what a run found, ready to be written.
type Report struct {
	Diagnostics []analyzer.Diagnostic
	// Suppressed lists the findings an ignore comment or annotation
	// silenced; JSON shows them with Options.ShowSuppressed.
	Suppressed []analyzer.Diagnostic
	Summary    Summary
	// Rules is the catalogue of rules run, for the metadata of SARIF.
	Rules []*analyzer.Rule
	// Objects are the objects linted, for JUnit's passing test cases: one
	// per object and each of its Checks.
	Objects []*analyzer.Object
	// ToolVersion is podlint's version, named in SARIF.
	ToolVersion string
	// FailOn is the severity from which the run fails (--fail-on): JUnit
	// fails a test case only for findings at or above it. Zero means Info.
	FailOn analyzer.Severity
}

// Summary accounts for what a run read and found.
// Its counts add up as load.Summary's do: documents = loaded + skipped +
// failed, with objects (List items included) and files skipped whole
// counted apart.
type Summary struct {
	Files        int    `json:"files"`
	Documents    int    `json:"documents"`
	Loaded       int    `json:"loaded"`
	Skipped      int    `json:"skipped"` // documents that are no Kubernetes object
	Failed       int    `json:"failed"`  // documents that yielded no object (parse-error, no kind)
	Objects      int    `json:"objects"`
	SkippedFiles int    `json:"skippedFiles"`
	Baselined    int    `json:"baselined"` // findings hidden by the baseline (--baseline)
	Errors       int    `json:"errors"`
	Warnings     int    `json:"warnings"`
	Infos        int    `json:"infos"`
	Skips        []Skip `json:"skips"`
	// WithoutSchema counts, by "group/version Kind", the custom resources
	// that no CRD or schema of the lint defines: they were not validated.
	WithoutSchema map[string]int `json:"customResourcesWithoutSchema,omitempty"`
}

// A Skip is a document or file that was read but not linted.
type Skip struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}

// SkippedFiles returns the files skipped whole (binary, too large, not a
// regular file), which every format shows: a file nobody linted must not
// pass for a clean one.
func (r *Report) SkippedFiles() []Skip {
	var out []Skip
	for _, s := range r.Summary.Skips {
		if s.Line == 0 {
			out = append(out, s)
		}
	}
	return out
}

// Count fills in the counts by severity.
func (r *Report) Count() {
	r.Summary.Errors, r.Summary.Warnings, r.Summary.Infos = 0, 0, 0
	for _, d := range r.Diagnostics {
		switch d.Severity {
		case analyzer.Error:
			r.Summary.Errors++
		case analyzer.Warning:
			r.Summary.Warnings++
		default:
			r.Summary.Infos++
		}
	}
}

// Options tunes the writers.
type Options struct {
	Color bool // ANSI colour and source excerpts in text output
	Quiet bool // findings only: no summary
	// ShowSuppressed lists suppressed findings in JSON, under "suppressed".
	ShowSuppressed bool
}

// Formats lists the names Write accepts.
var Formats = []string{"text", "json", "sarif", "github", "gitlab", "junit"}

// Write writes r in the named format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	switch format {
	case "text":
		return WriteText(w, r, opts)
	case "json":
		return WriteJSON(w, r, opts)
	case "sarif":
		return WriteSARIF(w, r)
	case "github":
		return WriteGitHub(w, r)
	case "gitlab":
		return WriteGitLab(w, r)
	case "junit":
		return WriteJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q", format)
}
