package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/podlint/podlint/analyzer"
)

// WriteJUnit writes the report as JUnit XML, which CI systems (GitLab,
// Jenkins, Azure DevOps) show as test results: a test suite per file, a
// test case per object and rule, and a failure for each pair with findings.
// So a clean object shows as passed checks, not as nothing.
func WriteJUnit(w io.Writer, r *Report) error {
	type caseKey struct {
		object string // the object, or the document for findings without one
		rule   string
	}
	type suite struct {
		cases    []caseKey
		findings map[caseKey][]analyzer.Diagnostic
	}
	suites := map[string]*suite{}
	var files []string
	get := func(file string) *suite {
		s := suites[file]
		if s == nil {
			s = &suite{findings: map[caseKey][]analyzer.Diagnostic{}}
			suites[file] = s
			files = append(files, file)
		}
		return s
	}
	add := func(s *suite, k caseKey) {
		if _, ok := s.findings[k]; !ok {
			s.findings[k] = nil
			s.cases = append(s.cases, k)
		}
	}
	ruleIDs := make([]string, 0, len(r.Rules))
	for _, rule := range r.Rules {
		if rule.Check != nil || rule.CheckSet != nil {
			ruleIDs = append(ruleIDs, rule.ID)
		}
	}
	slices.Sort(ruleIDs)
	for _, o := range r.Objects {
		s := get(o.Doc.File)
		for _, id := range ruleIDs {
			add(s, caseKey{o.String(), id})
		}
	}
	for _, d := range r.Diagnostics {
		s := get(d.Pos.File)
		k := caseKey{rule: d.Rule}
		switch {
		case d.Object != nil:
			k.object = d.Object.String()
		case d.Doc != nil:
			k.object = fmt.Sprintf("document %d", d.Doc.Index+1)
		default:
			k.object = "file"
		}
		add(s, k)
		s.findings[k] = append(s.findings[k], d)
	}
	slices.Sort(files)
	var out junit.Testsuites
	for i, f := range files {
		s := suites[f]
		ts := junit.Testsuite{Name: f, File: f, ID: i, Time: "0"}
		for _, k := range s.cases {
			tc := junit.Testcase{Name: k.rule, Classname: k.object, Time: "0"}
			if ds := s.findings[k]; len(ds) > 0 {
				var data strings.Builder
				worst := ds[0].Severity
				for _, d := range ds {
					worst = max(worst, d.Severity)
					fmt.Fprintf(&data, "%s: %s: %s (%s)\n", d.Pos, d.Severity, d.Message, d.Rule)
					for _, rel := range d.Related {
						fmt.Fprintf(&data, "    %s: note: %s\n", rel.Pos, rel.Message)
					}
				}
				tc.Failure = &junit.Result{Message: ds[0].Message, Type: worst.String(), Data: data.String()}
			}
			ts.AddTestcase(tc)
		}
		out.AddSuite(ts)
	}
	out.Name = "podlint"
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	if err := out.WriteXML(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
