// Package report writes findings in the formats podlint offers: text for
// people, JSON for programs.
package report

import (
	"fmt"
	"io"

	"github.com/podlint/podlint/analyzer"
)

// A Report is what a run found, ready to be written.
type Report struct {
	Diagnostics []analyzer.Diagnostic
	Summary     Summary
}

// Summary accounts for what a run read and found.
type Summary struct {
	Files     int    `json:"files"`
	Documents int    `json:"documents"`
	Objects   int    `json:"objects"`
	Skipped   int    `json:"skipped"`
	Errors    int    `json:"errors"`
	Warnings  int    `json:"warnings"`
	Infos     int    `json:"infos"`
	Skips     []Skip `json:"skips"`
}

// A Skip is a document or file that was read but not linted.
type Skip struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
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
}

// Formats lists the names Write accepts.
var Formats = []string{"text", "json"}

// Write writes r in the named format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	switch format {
	case "text":
		return WriteText(w, r, opts)
	case "json":
		return WriteJSON(w, r)
	}
	return fmt.Errorf("unknown format %q", format)
}
