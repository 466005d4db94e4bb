package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/podlint/podlint/analyzer/config"
)

// TestMigrateKubeLinter turns kube-linter configurations, as repositories
// write them, into .podlint.yaml files: each must load as podlint's
// configuration, lint with it, and say what it carried over.
func TestMigrateKubeLinter(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // lines of the output
		not      []string
	}{
		{"include and exclude", `checks:
  include:
    - no-rolling-update-strategy   # off by default in both
    - unsafe-proc-mount
    - use-namespace
  exclude:
    - latest-tag
    - host-ipc                     # host-network and host-pid still run
  ignorePaths:
    - "charts/**"
    - ~/vendor/**
`, []string{
			"  image-tag: off  # not run: latest-tag",
			"  recreate-strategy: on  # no-rolling-update-strategy",
			`  - "charts/**"`,
			`  - "~/vendor/**"  # absolute in kube-linter: make it relative to this file`,
			"#   use-namespace: the namespace is usually chosen when applying",
		}, []string{"host-namespaces", "unmasked-proc-mount"}},
		{"only what is included", `checks:
  doNotAutoAddDefaults: true
  include: [privileged-container, dangling-ingress, run-as-non-root]
`, []string{
			"  host-namespaces: off  # not run: host-ipc, host-network, host-pid",
			"  image-tag: off  # not run: latest-tag",
			"# deprecated-api, deprecated-service-account, duplicate-env, invalid-value,",
		}, []string{"run-as-root", "privileged-container", "dangling-ingress:"}},
		{"everything but", `checks:
  add-all-built-in: true
  exclude: [minimum-three-replicas, no-anti-affinity]
customChecks:
  - name: team-label
    template: required-label
    params: {key: team}
`, []string{
			"enableAll: true  # addAllBuiltIn: every podlint rule, those off by default too",
			"  single-replica: off  # not run: minimum-three-replicas",
			"  no-anti-affinity: off  # not run: no-anti-affinity",
			"# customChecks (team-label) are kube-linter templates: write them as Rego policies",
		}, nil},
		{"a check podlint's table does not know", "checks:\n  include: [some-future-check]\n",
			[]string{"# Checks podlint's table does not know (newer than it, or misspelt): some-future-check",
				// A default of kube-linter's that podlint leaves off by default.
				"  no-anti-affinity: on  # no-anti-affinity"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, ".kube-linter.yaml")
			writeFile(t, in, tc.in)
			code, out, errOut := podlint(t, "", "migrate", "kube-linter", in)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			lines := strings.Split(out, "\n")
			for _, w := range tc.want {
				if !containsLine(lines, w) {
					t.Errorf("no line starting %q in:\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("%q in:\n%s", n, out)
				}
			}
			cfg := filepath.Join(dir, config.FileName)
			writeFile(t, cfg, out)
			if _, err := config.Parse(cfg, []byte(out), idsOf(catalogue())); err != nil {
				t.Fatalf("the output is no valid %s: %v\n%s", config.FileName, err, out)
			}
			writeFile(t, filepath.Join(dir, "pod.yaml"), barePod)
			if code, _, errOut := podlint(t, "", "lint", "--config", cfg, filepath.Join(dir, "pod.yaml")); code == 2 {
				t.Errorf("podlint lint refuses the output: %s", errOut)
			}
		})
	}
}

func containsLine(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestMigrateKubeLinterErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "checks:\n  include: latest-tag\n  addAllBuiltin: yes please\n  excludes: [x]\n")
	code, _, errOut := podlint(t, "", "migrate", "kube-linter", bad)
	for _, want := range []string{"checks.include: want a list", "checks.addAllBuiltin: want true or false", "checks.excludes: not a key"} {
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, stderr %s; want 2 and %q", code, errOut, want)
		}
	}
	t.Chdir(dir)
	code, _, errOut = podlint(t, "", "migrate", "kube-linter")
	if code != 2 || !strings.Contains(errOut, "no .kube-linter.yaml") {
		t.Errorf("no file: exit %d, stderr %s", code, errOut)
	}
	writeFile(t, filepath.Join(dir, ".kube-linter.yml"), "checks:\n  exclude: [latest-tag]\n")
	if code, out, errOut := podlint(t, "", "migrate", "kube-linter"); code != 0 || !strings.Contains(out, "image-tag: off") {
		t.Errorf(".kube-linter.yml found: exit %d, stderr %s, output %s", code, errOut, out)
	}
}
