package main

import (
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// junitReport is the part of a JUnit report the tests read.
type junitReport struct {
	Suites []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string    `xml:"name,attr"`
			Classname string    `xml:"classname,attr"`
			Failure   *struct{} `xml:"failure"`
			SystemOut *struct{} `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitCasesApply checks that JUnit gives an object a test case for
// each rule that can report on it, and no other: an Ingress has no
// containers to check, a Deployment no backends. The Deployment's
// warnings pass below --fail-on error and fail at --fail-on warning.
func TestJUnitCasesApply(t *testing.T) {
	file := filepath.Join("testdata", "junit", "app.yaml")
	wantCases := map[string][]string{
		"Deployment default/web": {
			"dangerous-capabilities", "deprecated-api", "deprecated-service-account", "duplicate-container-name",
			"duplicate-container-port", "duplicate-env", "duplicate-port-name", "host-namespaces", "host-port",
			"host-process", "hpa-replicas-conflict", "identical-probes", "image-tag", "invalid-image",
			"invalid-metadata", "invalid-value", "missing-config-reference", "missing-containers", "missing-image",
			"missing-probes", "missing-resources", "missing-service-account", "multi-container-grouping",
			"net-raw-not-dropped", "node-pinned", "overlapping-selectors", "pod-security", "privilege-escalation",
			"privileged-container", "probe-port", "run-as-root", "secret-in-env", "selector-mismatch",
			"sensitive-host-path", "ssh-port", "undefined-volume", "unmasked-proc-mount", "unsafe-sysctl",
			"writable-root-fs",
		},
		"Ingress default/web": {"dangling-ingress", "deprecated-api", "invalid-metadata", "invalid-value"},
	}
	// The Deployment's findings: warnings, each on its own case.
	warned := []string{"missing-probes", "missing-resources", "net-raw-not-dropped", "privilege-escalation", "run-as-root", "writable-root-fs"}

	for _, tc := range []struct {
		failOn string
		code   int
	}{{"error", 0}, {"warning", 1}} {
		t.Run("fail-on "+tc.failOn, func(t *testing.T) {
			code, out, errOut := podlint(t, "", "lint", "-f", "junit", "--fail-on", tc.failOn, file)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, errOut)
			}
			var rep junitReport
			if err := xml.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("not valid XML: %v\n%s", err, out)
			}
			if len(rep.Suites) != 1 {
				t.Fatalf("%d suites, want 1:\n%s", len(rep.Suites), out)
			}
			s := rep.Suites[0]
			got := map[string][]string{}
			var failed, noted []string
			for _, c := range s.Cases {
				got[c.Classname] = append(got[c.Classname], c.Name)
				if c.Failure != nil {
					failed = append(failed, c.Name)
				}
				if c.SystemOut != nil {
					noted = append(noted, c.Name)
				}
			}
			if diff := cmp.Diff(wantCases, got); diff != "" {
				t.Errorf("test cases by object (-want +got):\n%s", diff)
			}
			wantFailed, wantNoted := []string(nil), warned
			if tc.failOn == "warning" {
				wantFailed, wantNoted = warned, nil
			}
			if diff := cmp.Diff(wantFailed, failed); diff != "" {
				t.Errorf("failed cases (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantNoted, noted); diff != "" {
				t.Errorf("cases passing with their warnings in system-out (-want +got):\n%s", diff)
			}
			if s.Tests != len(s.Cases) || s.Failures != len(wantFailed) {
				t.Errorf("suite counts tests=%d failures=%d, want %d and %d", s.Tests, s.Failures, len(s.Cases), len(wantFailed))
			}
			if !strings.HasPrefix(out, "<?xml") {
				t.Errorf("no XML header: %.40q", out)
			}
		})
	}
}
