package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/policies"
)

// TestOffRules checks the precedence of the settings that turn rules on
// and off: the command line over the file, and in each a rule over its
// family over every rule, over the rules' defaults.
func TestOffRules(t *testing.T) {
	rules := []*analyzer.Rule{
		{ID: "sec-on", Family: "security"},
		{ID: "sec-off", Family: "security", DefaultOff: true},
		{ID: "rel-on", Family: "reliability"},
		{ID: "rel-off", Family: "reliability", DefaultOff: true},
		{ID: "user-policy"}, // a user's policy has no family
	}
	for _, tt := range []struct {
		name string
		file string
		e    enableOptions
		want []string
	}{
		{"defaults", "", enableOptions{}, []string{"rel-off", "sec-off"}},
		{"enable a rule", "", enableOptions{enable: []string{"sec-off"}}, []string{"rel-off"}},
		{"enable a family", "", enableOptions{enable: []string{"reliability"}}, []string{"sec-off"}},
		{"enable all", "", enableOptions{all: true}, nil},
		{"a rule over its family", "", enableOptions{enable: []string{"rel-on"}, disable: []string{"reliability"}}, []string{"rel-off", "sec-off"}},
		{"a family over all", "", enableOptions{all: true, disable: []string{"security"}}, []string{"sec-off", "sec-on"}},
		{"disable a user policy", "", enableOptions{disable: []string{"user-policy"}}, []string{"rel-off", "sec-off", "user-policy"}},
		{"file: rule on", "rules: {sec-off: on}\n", enableOptions{}, []string{"rel-off"}},
		{"file: a severity turns a rule on", "rules: {sec-off: error}\n", enableOptions{}, []string{"rel-off"}},
		{"file: families", "families: {security: off, reliability: on}\n", enableOptions{}, []string{"sec-off", "sec-on"}},
		{"file: a rule over its family", "families: {security: off}\nrules: {sec-on: warning}\n", enableOptions{}, []string{"rel-off", "sec-off"}},
		{"file: enableAll with a rule off", "enableAll: true\nrules: {rel-on: off}\n", enableOptions{}, []string{"rel-on"}},
		{"command line over the file's rule", "rules: {sec-on: off}\n", enableOptions{enable: []string{"security"}}, []string{"rel-off"}},
		{"command line over the file's family", "families: {reliability: on}\n", enableOptions{disable: []string{"rel-off"}}, []string{"rel-off", "sec-off"}},
		{"command line all over the file", "rules: {rel-on: off}\n", enableOptions{all: true}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var cfg *config.Config
			if tt.file != "" {
				var err error
				if cfg, err = config.Parse(".podlint.yaml", []byte(tt.file), idsOf(rules)); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for id := range tt.e.offRules(rules, cfg) {
				got = append(got, id)
			}
			slices.Sort(got)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("off (-want +got):\n%s", d)
			}
		})
	}
}

// TestEnableFlags runs podlint lint with the flags and the file settings
// that turn rules on and off.
func TestEnableFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pod.yaml"), barePod)
	configs := t.TempDir()
	families := filepath.Join(configs, "families.yaml")
	writeFile(t, families, "families:\n  reliability: off\n")
	empty := filepath.Join(configs, "empty.yaml")
	writeFile(t, empty, "")
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"defaults", []string{"--config", empty}, []string{"bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml"}},
		{"disable a rule", []string{"--config", empty, "--disable", "image-tag"}, []string{"bare-pod:warning:pod.yaml"}},
		{"disable a family", []string{"--config", empty, "--disable", "reliability"}, []string{}},
		{"a rule over its family", []string{"--config", empty, "--disable", "reliability", "--enable", "bare-pod"}, []string{"bare-pod:warning:pod.yaml"}},
		{"family off in the file", []string{"--config", families}, []string{}},
		{"the command line over the file", []string{"--config", families, "--enable", "image-tag"}, []string{"image-tag:warning:pod.yaml"}},
		{"enable all over the file", []string{"--config", families, "--enable-all"}, []string{"bare-pod:warning:pod.yaml", "missing-network-policy:warning:pod.yaml", "default-service-account:warning:pod.yaml", "image-tag:warning:pod.yaml"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, got, errOut := ruleIDs(t, append(tt.args, dir)...)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("stderr %s, findings (-want +got):\n%s", errOut, d)
			}
		})
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--enable", "image-tags"}, `--enable "image-tags": no such rule or family; did you mean "image-tag"?`},
		{[]string{"--disable", "securty"}, `--disable "securty": no such rule or family; did you mean "security"?`},
		{[]string{"--enable", "bare-pod", "--disable", "bare-pod"}, `--enable and --disable both name "bare-pod"`},
	} {
		code, _, errOut := podlint(t, "", append(append([]string{"lint", "--config", empty}, tt.args...), dir)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %s; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestBuiltinOffNotCompiled checks that a built-in policy that is off is
// left out of the set that is compiled and evaluated, not merely filtered
// from the findings.
func TestBuiltinOffNotCompiled(t *testing.T) {
	var on, security int // on by default
	for _, r := range analyzer.Catalogue(policies.Builtin()) {
		if !r.DefaultOff {
			on++
			if r.Family == "security" {
				security++
			}
		}
	}
	if security == 0 {
		t.Fatal("no built-in security policy")
	}
	pod := filepath.Join(t.TempDir(), "pod.yaml")
	writeFile(t, pod, barePod)
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	writeFile(t, empty, "")
	rulesRun := regexp.MustCompile(`built-in policies: (\d+) rules from (\d+) modules`)
	count := func(args ...string) string {
		_, _, errOut := podlint(t, "", append(append([]string{"lint", "--debug", "--config", empty}, args...), pod)...)
		m := rulesRun.FindStringSubmatch(errOut)
		if m == nil {
			t.Fatalf("%v: no stats in %s", args, errOut)
		}
		return m[1]
	}
	if got := count(); got != strconv.Itoa(on) {
		t.Errorf("by default: %s rules compiled, want %d", got, on)
	}
	if got := count("--disable", "security"); got != strconv.Itoa(on-security) {
		t.Errorf("--disable security: %s rules compiled, want %d", got, on-security)
	}
}

// TestRulesShowDefaults checks that podlint rules and podlint explain say
// each rule's family and whether it runs by default.
func TestRulesShowDefaults(t *testing.T) {
	var off *analyzer.Rule
	for _, r := range catalogue() {
		if r.DefaultOff {
			off = r
			break
		}
	}
	if off == nil {
		t.Fatal("no rule is off by default")
	}
	_, out, _ := podlint(t, "", "rules")
	if !regexp.MustCompile(`(?m)^` + off.ID + `\s+\S+\s+` + off.Family + `\s+off\s`).MatchString(out) {
		t.Errorf("podlint rules does not list %s as %s, off:\n%s", off.ID, off.Family, out)
	}
	_, out, _ = podlint(t, "", "explain", off.ID)
	for _, want := range []string{"family: " + off.Family, "default: off", "--enable " + off.ID} {
		if !strings.Contains(out, want) {
			t.Errorf("podlint explain %s lacks %q:\n%s", off.ID, want, out)
		}
	}
}
