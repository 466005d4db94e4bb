package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/podlint/podlint/analyzer"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const source = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {note: "🚀 launch"}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: web
          image: nginx
`

// sample builds a report by hand, so the writers are tested without the
// loader: a Deployment with a selector finding (with a related position),
// an image warning, a finding after a 4-byte character (UTF-16 columns),
// and a parse error in a second file.
func sample() *Report {
	doc := &analyzer.Document{File: "deploy/web.yaml", Line: 1, Source: []byte(source)}
	obj := &analyzer.Object{Doc: doc, APIVersion: "apps/v1", Kind: "Deployment", Namespace: "default", Name: "web",
		Checks: []string{"image-tag", "selector-mismatch"}} // as lint records them
	broken := &analyzer.Document{File: "deploy/bad, name.yaml", Line: 1, Source: []byte("a: [\n")}
	check := func(*analyzer.Pass) error { return nil }
	rules := []*analyzer.Rule{
		{ID: "image-tag", Severity: analyzer.Warning, Doc: analyzer.Doc{Title: "image has no tag", Why: "The image can change under you."}, Check: check},
		{ID: "selector-mismatch", Severity: analyzer.Error, Doc: analyzer.Doc{Title: "selector does not match the template", Why: "The controller owns no Pods."}, Check: check},
		{ID: "parse-error", Severity: analyzer.Error, Source: "engine", Doc: analyzer.Doc{Title: "document does not parse", Why: "Nothing in it is applied."}},
	}
	return &Report{
		Rules:   rules,
		Objects: []*analyzer.Object{obj},
		Diagnostics: []analyzer.Diagnostic{
			{Rule: "parse-error", Severity: analyzer.Error, Message: "did not find expected node content: 50% done\nsecond line", Doc: broken,
				Pos: analyzer.Position{File: broken.File, Line: 2, Column: 1}},
			{Rule: "note-rule", Severity: analyzer.Info, Message: "annotation mentions a rocket", Object: obj, Path: analyzer.MustParsePath("metadata.annotations.note"),
				Pos: analyzer.Position{File: doc.File, Line: 5, Column: 17, EndLine: 5, EndColumn: 36}},
			{Rule: "selector-mismatch", Severity: analyzer.Error, Message: `selector app=web matches no template label; template has app="api"`, Object: obj,
				Path: analyzer.MustParsePath("spec.selector"), Pos: analyzer.Position{File: doc.File, Line: 7, Column: 3, EndLine: 8, EndColumn: 28},
				Related: []analyzer.Related{{Message: "template labels", Pos: analyzer.Position{File: doc.File, Line: 11, Column: 7, EndLine: 11, EndColumn: 25}}}},
			{Rule: "image-tag", Severity: analyzer.Warning, Message: `container "web" uses image "nginx" with no tag`, Object: obj,
				Path: analyzer.MustParsePath("spec.template.spec.containers[0].image"), Pos: analyzer.Position{File: doc.File, Line: 15, Column: 11, EndLine: 15, EndColumn: 23}},
		},
		Suppressed: []analyzer.Diagnostic{
			{Rule: "image-tag", Severity: analyzer.Warning, Message: "silenced", Object: obj, Pos: analyzer.Position{File: doc.File, Line: 14, Column: 11}},
		},
		Summary: Summary{Files: 3, Documents: 2, Loaded: 1, Failed: 1, Objects: 1, SkippedFiles: 1, Errors: 2, Warnings: 1, Infos: 1,
			Skips: []Skip{{File: "deploy/logo.yaml", Reason: "binary file"}}},
	}
}

func TestGolden(t *testing.T) {
	// empty is a run that found nothing: SARIF and JUnit, written in
	// pieces, must still close every list they open.
	empty := func() *Report {
		r := sample()
		r.Diagnostics, r.Suppressed, r.Objects = nil, nil, nil
		r.Summary = Summary{Files: 1, Documents: 1, Loaded: 1, Objects: 1}
		return r
	}
	tests := []struct {
		name, format string
		opts         Options
		report       func() *Report
	}{
		{"text", "text", Options{}, sample},
		{"text-quiet", "text", Options{Quiet: true}, sample},
		{"json", "json", Options{}, sample},
		{"json-suppressed", "json", Options{ShowSuppressed: true}, sample},
		{"sarif", "sarif", Options{}, sample},
		{"sarif-empty", "sarif", Options{}, empty},
		{"github", "github", Options{}, sample},
		{"gitlab", "gitlab", Options{}, sample},
		{"junit", "junit", Options{}, sample},
		{"junit-empty", "junit", Options{}, empty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, tt.report(), tt.opts); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s output (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// TestSARIFSchema validates the SARIF output, read back from its bytes,
// against the official SARIF 2.1.0 JSON schema that go-sarif embeds.
func TestSARIFSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	rep, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Errorf("SARIF output does not validate: %v", err)
	}
	// The Microsoft SARIF Multitool warns about -1 "unset" sentinels
	// (SARIF2004) and names equal to IDs (SARIF1001).
	if bytes.Contains(buf.Bytes(), []byte(": -1")) {
		t.Error("SARIF output holds -1 sentinels")
	}
	for _, rule := range rep.Runs[0].Tool.Driver.Rules {
		if rule.Name != nil && rule.ID != nil && strings.EqualFold(*rule.Name, *rule.ID) {
			t.Errorf("rule %s is named %s", *rule.ID, *rule.Name)
		}
	}
	run := rep.Runs[0]
	if got := len(run.Results); got != 4 {
		t.Fatalf("%d results, want 4", got)
	}
	// The rocket is one character, four bytes and two UTF-16 code units.
	region := run.Results[1].Locations[0].PhysicalLocation.Region
	if *region.StartColumn != 17 || *region.EndColumn != 34 {
		t.Errorf("region columns %d-%d, want 17-34 in UTF-16 units", *region.StartColumn, *region.EndColumn)
	}
	if n := len(run.Results[2].RelatedLocations); n != 1 {
		t.Errorf("%d related locations, want 1", n)
	}
}

func TestJUnitParses(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name string `xml:"name,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// web: image-tag and selector-mismatch pass or fail, note-rule fails;
	// the broken file: parse-error fails; the binary file is one skipped case.
	if got.Tests != 5 || got.Failures != 4 || len(got.Suites) != 3 {
		t.Errorf("tests=%d failures=%d suites=%d, want 5, 4, 3", got.Tests, got.Failures, len(got.Suites))
	}
}

func TestEscapeGitHub(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"a%b", "a%25b", "a%25b"},
		{"l1\r\nl2", "l1%0D%0Al2", "l1%0D%0Al2"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

// TestGitLabFingerprints checks that Code Quality fingerprints are unique
// per finding, even for two alike, and do not change when lines move.
func TestGitLabFingerprints(t *testing.T) {
	fingerprints := func(r *Report) []string {
		var buf bytes.Buffer
		if err := WriteGitLab(&buf, r); err != nil {
			t.Fatal(err)
		}
		var issues []gitlabIssue
		if err := json.Unmarshal(buf.Bytes(), &issues); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		var out []string
		for _, is := range issues {
			out = append(out, is.Fingerprint)
		}
		return out
	}
	r := sample()
	r.Diagnostics = append(r.Diagnostics, r.Diagnostics[3]) // the same finding twice
	before := fingerprints(r)
	if uniq := slices.Compact(slices.Sorted(slices.Values(before))); len(uniq) != len(before) {
		t.Errorf("fingerprints are not unique: %v", before)
	}
	for i := range r.Diagnostics {
		r.Diagnostics[i].Pos.Line += 3 // lines added above
	}
	if after := fingerprints(r); !slices.Equal(before, after) {
		t.Errorf("fingerprints changed when lines moved:\n%v\n%v", before, after)
	}
}

// TestJUnitFailsAsTheExitCode checks that with --fail-on error a warning
// or an info does not fail its test case: it passes with the finding in
// its output, as the run passes with exit 0.
func TestJUnitFailsAsTheExitCode(t *testing.T) {
	r := sample()
	r.FailOn = analyzer.Error
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name      string    `xml:"name,attr"`
				Failure   *struct{} `xml:"failure"`
				SystemOut string    `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Failures != 2 {
		t.Errorf("%d failures, want 2 (parse-error and selector-mismatch)", got.Failures)
	}
	for _, s := range got.Suites {
		for _, c := range s.Cases {
			if c.Name == "image-tag" && (c.Failure != nil || !strings.Contains(c.SystemOut, "no tag")) {
				t.Errorf("image-tag, a warning: failure %v, output %q; want a pass that shows the finding", c.Failure != nil, c.SystemOut)
			}
		}
	}
}
