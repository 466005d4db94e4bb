package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/podlint/podlint/analyzer"
)

// WriteJUnit writes the report as JUnit XML, which CI systems (GitLab,
// Jenkins, Azure DevOps) show as test results: a test suite per file, a
// test case per object and each rule that applies to it (its Checks), and
// a failure for each pair with findings. So a clean object shows as passed
// checks, not as nothing, and an Ingress passes no check about containers.
// A large run has hundreds of thousands of test cases: the suites are built
// and written one file at a time, after a first pass that counts them for
// the totals.
func WriteJUnit(w io.Writer, r *Report) error {
	type fileEntries struct {
		objects []*analyzer.Object
		diags   []analyzer.Diagnostic
	}
	byFile := map[string]*fileEntries{}
	get := func(file string) *fileEntries {
		e := byFile[file]
		if e == nil {
			e = &fileEntries{}
			byFile[file] = e
		}
		return e
	}
	for _, o := range r.Objects {
		e := get(o.Doc.File)
		e.objects = append(e.objects, o)
	}
	for _, d := range r.Diagnostics {
		e := get(d.Pos.File)
		e.diags = append(e.diags, d)
	}
	files := slices.Sorted(maps.Keys(byFile))

	tests, failures := 0, 0
	for _, f := range files {
		s := newJUnitSuite(byFile[f].objects, byFile[f].diags)
		tests += len(s.cases)
		for _, ds := range s.findings {
			if failing(ds, r.FailOn) {
				failures++
			}
		}
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "\t")
	// The attributes junit.Testsuites would write, in its order.
	start := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{{Name: xml.Name{Local: "name"}, Value: "podlint"}}}
	if tests > 0 {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(tests)})
	}
	skipped := r.SkippedFiles()
	if len(skipped) > 0 && tests == 0 {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(len(skipped))})
	} else if len(skipped) > 0 {
		start.Attr[len(start.Attr)-1].Value = strconv.Itoa(tests + len(skipped))
	}
	if failures > 0 {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(failures)})
	}
	if len(skipped) > 0 {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "skipped"}, Value: strconv.Itoa(len(skipped))})
	}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for i, f := range files {
		ts := newJUnitSuite(byFile[f].objects, byFile[f].diags).testsuite(f, i, r.FailOn)
		if err := enc.EncodeElement(ts, xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
			return err
		}
	}
	// A file not linted at all is a suite with one skipped case, so CI
	// shows it rather than nothing.
	for i, s := range skipped {
		ts := junit.Testsuite{Name: oneLine(s.File), File: oneLine(s.File), ID: len(files) + i, Time: "0"}
		ts.AddTestcase(junit.Testcase{Name: "podlint", Classname: "file", Time: "0",
			Skipped: &junit.Result{Message: oneLine("not linted: " + s.Reason)}})
		if err := enc.EncodeElement(ts, xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n\n")
	return err
}

// A junitCase is one test case: an object (or the document or file, for
// findings without one) and a rule.
type junitCase struct {
	object string
	rule   string
}

// A junitSuite is the test cases of one file, in the order they were
// first seen, and the findings of each.
type junitSuite struct {
	cases    []junitCase
	findings map[junitCase][]analyzer.Diagnostic
}

func newJUnitSuite(objects []*analyzer.Object, diags []analyzer.Diagnostic) *junitSuite {
	s := &junitSuite{findings: map[junitCase][]analyzer.Diagnostic{}}
	add := func(k junitCase) {
		if _, ok := s.findings[k]; !ok {
			s.findings[k] = nil
			s.cases = append(s.cases, k)
		}
	}
	for _, o := range objects {
		name := o.String()
		for _, id := range o.Checks {
			add(junitCase{name, id})
		}
	}
	for _, d := range diags {
		k := junitCase{rule: d.Rule}
		switch {
		case d.Object != nil:
			k.object = d.Object.String()
		case d.Doc != nil:
			k.object = fmt.Sprintf("document %d", d.Doc.Index+1)
		default:
			k.object = "file"
		}
		add(k)
		s.findings[k] = append(s.findings[k], d)
	}
	return s
}

// failing reports whether findings fail their test case: one of them is
// at or above failOn, the severity from which the run exits 1.
func failing(ds []analyzer.Diagnostic, failOn analyzer.Severity) bool {
	for _, d := range ds {
		if d.Severity >= failOn {
			return true
		}
	}
	return false
}

// testsuite returns the suite of file f, the i-th file of the report. A
// case whose findings all fall below failOn passes, with the findings in
// its output, as the run's exit code passes them.
func (s *junitSuite) testsuite(f string, i int, failOn analyzer.Severity) junit.Testsuite {
	ts := junit.Testsuite{Name: oneLine(f), File: oneLine(f), ID: i, Time: "0"}
	for _, k := range s.cases {
		tc := junit.Testcase{Name: oneLine(k.rule), Classname: oneLine(k.object), Time: "0"}
		if ds := s.findings[k]; len(ds) > 0 {
			var data strings.Builder
			worst := ds[0].Severity
			for _, d := range ds {
				worst = max(worst, d.Severity)
				fmt.Fprintf(&data, "%s: %s: %s (%s)\n", oneLine(d.Pos.String()), d.Severity, oneLine(d.Message), oneLine(d.Rule))
				for _, rel := range d.Related {
					fmt.Fprintf(&data, "    %s: note: %s\n", oneLine(rel.Pos.String()), oneLine(rel.Message))
				}
			}
			if failing(ds, failOn) {
				tc.Failure = &junit.Result{Message: oneLine(ds[0].Message), Type: worst.String(), Data: data.String()}
			} else {
				tc.SystemOut = &junit.Output{Data: data.String()}
			}
		}
		ts.AddTestcase(tc)
	}
	return ts
}
