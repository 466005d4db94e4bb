package report

import (
	"encoding/json"
	"io"
)

// The JSON format is a contract: fields are added, never renamed or removed.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     Summary          `json:"summary"`
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
// "summary".
func WriteJSON(w io.Writer, r *Report) error {
	out := jsonReport{Diagnostics: []jsonDiagnostic{}, Summary: r.Summary}
	if out.Summary.Skips == nil {
		out.Summary.Skips = []Skip{}
	}
	for _, d := range r.Diagnostics {
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
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
