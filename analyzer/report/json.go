package report

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/internal/jsonstr"
)

// The JSON format is a contract: fields are added, never renamed or removed.
// A report is {"diagnostics": [...], "suppressed": [...], "summary": {...}},
// with "suppressed" only when Options.ShowSuppressed is set. A finding is
// {"rule", "severity", "message", "file", "line", "column", "endLine" and
// "endColumn" (when known), "path", "object" {"apiVersion", "kind",
// "namespace", "name"} (when it has one), "related" [{"file", "line",
// "column", "message"}] (when any)}, in that order; json_test.go holds the
// same as Go types and checks the encoder against encoding/json.

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

// writeJSONArray writes ds as the indented array json.Encoder would,
// encoding each finding by hand: reflection made the JSON report the
// slowest step after linting on large runs.
func writeJSONArray(w *bufio.Writer, ds []analyzer.Diagnostic) error {
	if len(ds) == 0 {
		_, err := w.WriteString("[]")
		return err
	}
	w.WriteString("[")
	var buf []byte
	for i, d := range ds {
		if i > 0 {
			w.WriteString(",")
		}
		buf = appendJSONDiagnostic(buf[:0], d)
		w.Write(buf)
	}
	_, err := w.WriteString("\n  ]")
	return err
}

// appendJSONDiagnostic appends one finding as an element of the
// diagnostics array, byte for byte as json.MarshalIndent would with the
// array's indentation, fields in the order of jsonDiagnostic.
func appendJSONDiagnostic(b []byte, d analyzer.Diagnostic) []byte {
	const in = "\n      "
	b = append(b, "\n    {"...)
	b = appendField(b, in, "rule", d.Rule, true)
	b = appendField(b, in, "severity", d.Severity.String(), true)
	b = appendField(b, in, "message", d.Message, true)
	b = appendField(b, in, "file", d.Pos.File, true)
	b = appendIntField(b, in, "line", d.Pos.Line)
	b = appendIntField(b, in, "column", d.Pos.Column)
	if d.Pos.EndLine != 0 {
		b = appendIntField(b, in, "endLine", d.Pos.EndLine)
	}
	if d.Pos.EndColumn != 0 {
		b = appendIntField(b, in, "endColumn", d.Pos.EndColumn)
	}
	b = appendField(b, in, "path", d.Path.String(), d.Object != nil || len(d.Related) > 0 || d.Rendered != nil)
	if o := d.Object; o != nil {
		b = append(b, in+`"object": {`...)
		const in2 = "\n        "
		b = appendField(b, in2, "apiVersion", o.APIVersion, true)
		b = appendField(b, in2, "kind", o.Kind, true)
		b = appendField(b, in2, "namespace", o.Namespace, true)
		b = appendField(b, in2, "name", o.Name, false)
		b = append(b, "\n      }"...)
		if len(d.Related) > 0 || d.Rendered != nil {
			b = append(b, ',')
		}
	}
	if len(d.Related) > 0 {
		b = append(b, in+`"related": [`...)
		for i, rel := range d.Related {
			if i > 0 {
				b = append(b, ',')
			}
			const in3 = "\n          "
			b = append(b, "\n        {"...)
			b = appendField(b, in3, "file", rel.Pos.File, true)
			b = appendIntField(b, in3, "line", rel.Pos.Line)
			b = appendIntField(b, in3, "column", rel.Pos.Column)
			b = appendField(b, in3, "message", rel.Message, false)
			b = append(b, "\n        }"...)
		}
		b = append(b, "\n      ]"...)
		if d.Rendered != nil {
			b = append(b, ',')
		}
	}
	if r := d.Rendered; r != nil {
		// Where podlint rendered the object from, and the rendered line.
		const in2 = "\n        "
		b = append(b, in+`"rendered": {`...)
		b = appendField(b, in2, "from", r.From, true)
		if len(r.Variants) > 0 {
			b = append(b, in2+`"variants": [`...)
			for i, v := range r.Variants {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = jsonstr.Append(b, v)
			}
			b = append(b, "],"...)
		}
		b = appendIntField(b, in2, "line", r.Line)
		b = appendField(b, in2, "text", r.Text, false)
		b = append(b, "\n      }"...)
	}
	return append(b, "\n    }"...)
}

func appendField(b []byte, indent, key, value string, comma bool) []byte {
	b = append(b, indent...)
	b = jsonstr.Append(b, key)
	b = append(b, ": "...)
	b = jsonstr.Append(b, value)
	if comma {
		b = append(b, ',')
	}
	return b
}

func appendIntField(b []byte, indent, key string, v int) []byte {
	b = append(b, indent...)
	b = jsonstr.Append(b, key)
	b = append(b, ": "...)
	b = strconv.AppendInt(b, int64(v), 10)
	return append(b, ',')
}
