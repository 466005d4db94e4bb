package report

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/podlint/podlint/analyzer"
)

// jsonDiagnostic is a finding of the JSON report as Go types: the oracle
// that appendJSONDiagnostic must match.
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

// oracleJSON is how encoding/json writes a finding in the diagnostics
// array: the hand-written encoder must match it byte for byte.
func oracleJSON(t testing.TB, d analyzer.Diagnostic) string {
	b, err := json.MarshalIndent(jsonDiagnosticOf(d), "    ", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return "\n    " + string(b)
}

func TestJSONEncoderMatchesEncodingJSON(t *testing.T) {
	p, _ := analyzer.ParsePath(`metadata.labels["app.kubernetes.io/name"]`)
	o := &analyzer.Object{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "ns", Name: "web"}
	odd := "a\"b\\c\n\r\t\x00\x1f<>&\u2028\u2029é😀\xff\xfe end"
	for _, d := range []analyzer.Diagnostic{
		{Rule: "r", Message: "m"},
		{Rule: "r", Severity: analyzer.Error, Message: odd, Path: p, Pos: analyzer.Position{File: odd, Line: 3, Column: 4}},
		{Rule: "r", Message: "m", Object: o, Pos: analyzer.Position{File: "f", Line: 1, Column: 1, EndLine: 2, EndColumn: 9}},
		{Rule: "r", Message: "m", Object: o, Related: []analyzer.Related{{Message: odd, Pos: analyzer.Position{File: "g", Line: 5, Column: 6}}, {Message: "x"}}},
		{Rule: "r", Message: "m", Related: []analyzer.Related{{Message: "only"}}},
	} {
		if got, want := string(appendJSONDiagnostic(nil, d)), oracleJSON(t, d); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	}
}

// BenchmarkJSON writes 30,000 findings, as a lint of 20,000 documents does.
func BenchmarkJSON(b *testing.B) {
	o := &analyzer.Object{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "default", Name: "web"}
	p, _ := analyzer.ParsePath("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation")
	ds := make([]analyzer.Diagnostic, 30000)
	for i := range ds {
		ds[i] = analyzer.Diagnostic{Rule: "privilege-escalation", Severity: analyzer.Warning, Object: o, Path: p,
			Message: `container "web" may gain privileges: set securityContext.allowPrivilegeEscalation to false`,
			Pos:     analyzer.Position{File: "manifests/deployment.yaml", Line: 20, Column: 11, EndLine: 20, EndColumn: 40}}
	}
	r := &Report{Diagnostics: ds}
	for b.Loop() {
		if err := WriteJSON(io.Discard, r, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
