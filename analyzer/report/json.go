package report

import (
	"encoding/json"
	"io"

	"github.com/podlint/podlint/analyzer"
)

// The JSON format is a contract: fields are added, never renamed or removed.
type jsonReport struct {
	Diagnostics []jsonDiagnostic  `json:"diagnostics"`
	Suppressed  *[]jsonDiagnostic `json:"suppressed,omitempty"` // with Options.ShowSuppressed
	Summary     Summary           `json:"summary"`
}

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
// "summary", and "suppressed" when opts.ShowSuppressed is set.
func WriteJSON(w io.Writer, r *Report, opts Options) error {
	out := jsonReport{Diagnostics: jsonDiagnostics(r.Diagnostics), Summary: r.Summary}
	if out.Summary.Skips == nil {
		out.Summary.Skips = []Skip{}
	}
	if opts.ShowSuppressed {
		s := jsonDiagnostics(r.Suppressed)
		out.Suppressed = &s
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func jsonDiagnostics(ds []analyzer.Diagnostic) []jsonDiagnostic {
	out := []jsonDiagnostic{}
	for _, d := range ds {
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
		out = append(out, jd)
	}
	return out
}
