package report

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/podlint/podlint/analyzer"
)

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

func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c\n<&>", "\u2028\xff", "\x00\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
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
