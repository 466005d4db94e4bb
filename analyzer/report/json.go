package report

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"

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
	b = appendField(b, in, "path", d.Path.String(), d.Object != nil || len(d.Related) > 0)
	if o := d.Object; o != nil {
		b = append(b, in+`"object": {`...)
		const in2 = "\n        "
		b = appendField(b, in2, "apiVersion", o.APIVersion, true)
		b = appendField(b, in2, "kind", o.Kind, true)
		b = appendField(b, in2, "namespace", o.Namespace, true)
		b = appendField(b, in2, "name", o.Name, false)
		b = append(b, "\n      }"...)
		if len(d.Related) > 0 {
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
	}
	return append(b, "\n    }"...)
}

func appendField(b []byte, indent, key, value string, comma bool) []byte {
	b = append(b, indent...)
	b = appendJSONString(b, key)
	b = append(b, ": "...)
	b = appendJSONString(b, value)
	if comma {
		b = append(b, ',')
	}
	return b
}

func appendIntField(b []byte, indent, key string, v int) []byte {
	b = append(b, indent...)
	b = appendJSONString(b, key)
	b = append(b, ": "...)
	b = strconv.AppendInt(b, int64(v), 10)
	return append(b, ',')
}

// appendJSONString appends s quoted as encoding/json does by default:
// HTML-sensitive characters, control characters, U+2028 and U+2029
// escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
