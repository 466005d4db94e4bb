package report

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/podlint/podlint/analyzer"
)

// The JSON format is a contract: fields are added, never renamed or removed.
// A report is {"diagnostics": [...], "suppressed": [...], "summary": {...}},
// with "suppressed" only when Options.ShowSuppressed is set.
type jsonDiagnostic struct {
	Rule      string        `json:"rule"`
	Severity  string        `json:"severity"`
	Message   string        `json:"message"`
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"endLine,omitempty"`
	EndColumn int           `json:"endColumn,omitempty"`
	Path      string        `json:"path"`
	Object    *jsonObject   `json:"object,omitempty"`
	Related   []jsonRelated `json:"related,omitempty"`
}

type jsonObject struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// WriteJSON writes the report as one JSON object with "diagnostics" and
// "summary", and "suppressed" when opts.ShowSuppressed is set. Findings are
// encoded one at a time, so a run with tens of thousands of them never holds
// the whole document in memory.
func WriteJSON(w io.Writer, r *Report, opts Options) error {
	summary := r.Summary
	if summary.Skips == nil {
		summary.Skips = []Skip{}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("{\n  \"diagnostics\": ")
	if err := writeJSONArray(bw, r.Diagnostics); err != nil {
		return err
	}
	if opts.ShowSuppressed {
		bw.WriteString(",\n  \"suppressed\": ")
		if err := writeJSONArray(bw, r.Suppressed); err != nil {
			return err
		}
	}
	bw.WriteString(",\n  \"summary\": ")
	b, err := json.MarshalIndent(summary, "  ", "  ")
	if err != nil {
		return err
	}
	bw.Write(b)
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// writeJSONArray writes ds as the indented array json.Encoder would.
func writeJSONArray(w *bufio.Writer, ds []analyzer.Diagnostic) error {
	if len(ds) == 0 {
		_, err := w.WriteString("[]")
		return err
	}
	w.WriteString("[")
	for i, d := range ds {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n    ")
		b, err := json.MarshalIndent(jsonDiagnosticOf(d), "    ", "  ")
		if err != nil {
			return err
		}
		w.Write(b)
	}
	_, err := w.WriteString("\n  ]")
	return err
}

func jsonDiagnosticOf(d analyzer.Diagnostic) jsonDiagnostic {
	jd := jsonDiagnostic{
		Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message,
		File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Column,
		EndLine: d.Pos.EndLine, EndColumn: d.Pos.EndColumn, Path: d.Path.String(),
	}
	if o := d.Object; o != nil {
		jd.Object = &jsonObject{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
	}
	for _, rel := range d.Related {
		jd.Related = append(jd.Related, jsonRelated{File: rel.Pos.File, Line: rel.Pos.Line, Column: rel.Pos.Column, Message: rel.Message})
	}
	return jd
}
