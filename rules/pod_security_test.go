package rules

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	psapolicy "k8s.io/pod-security-admission/policy"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
)

// TestPodSecurityLibraryFixtures runs pod-security over the fixtures that
// k8s.io/pod-security-admission ships and its own tests generate
// (test/testdata/{level}/v1.N/{pass,fail}): at each level and version, a
// passing Pod has no finding; a failing one has an error naming the check
// the fixture was written for (its file name, or the restricted check
// that overrides it), at the field the check reads, never the whole spec.
func TestPodSecurityLibraryFixtures(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/pod-security-admission").Output()
	if err != nil {
		t.Fatalf("find k8s.io/pod-security-admission: %v", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "test", "testdata")
	files, _ := filepath.Glob(filepath.Join(root, "*", "v1.*", "*", "*.yaml"))
	if len(files) < 1000 {
		t.Fatalf("%d fixtures under %s, want the library's thousands", len(files), root)
	}
	// At restricted, a restricted check replaces the baseline check it
	// overrides (restrictedVolumes for hostPathVolumes): either may be named.
	overrides := map[string]map[string]bool{}
	for _, c := range psapolicy.DefaultChecks() {
		for _, v := range c.Versions {
			for _, o := range v.OverrideCheckIDs {
				id := strings.ToLower(string(c.ID))
				if overrides[id] == nil {
					overrides[id] = map[string]bool{}
				}
				overrides[id][strings.ToLower(string(o))] = true
			}
		}
	}
	rulesFor := map[string]*analyzer.Rule{}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		parts := strings.Split(filepath.ToSlash(rel), "/") // level, version, pass|fail, name
		key := parts[0] + ":" + parts[1]
		r := rulesFor[key]
		if r == nil {
			policy, err := ParsePodSecurity(key)
			if err != nil {
				t.Fatal(err)
			}
			r = NewPodSecurity(policy)
			rulesFor[key] = r
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check := strings.TrimRight(strings.TrimSuffix(parts[3], ".yaml"), "0123456789")
		var named bool
		for _, d := range analyzertest.LintBytes(t, rel, data, []*analyzer.Rule{r}) {
			if d.Rule != r.ID {
				continue
			}
			if parts[2] == "pass" {
				t.Errorf("%s: %s", rel, d.Message)
				continue
			}
			id, _, _ := strings.Cut(strings.TrimPrefix(d.Message, "Pod Security "), " ")
			if strings.ToLower(id) == check || overrides[strings.ToLower(id)][check] {
				named = true
				if d.Severity != analyzer.Error {
					t.Errorf("%s: %s is a %v, want an error under enforce", rel, id, d.Severity)
				}
				if d.Path.String() == "spec" {
					t.Errorf("%s: %s placed at the spec, not at a field: %s", rel, id, d.Message)
				}
			}
		}
		if parts[2] == "fail" && !named {
			t.Errorf("%s: no pod-security finding of check %s", rel, check)
		}
	}
}

// TestPodSecurityNamespaceLabels checks the labels' semantics, which are
// api.PolicyToEvaluate's: warn inherits a stricter enforce, and a
// Namespace without labels leaves the default in force.
func TestPodSecurityNamespaceLabels(t *testing.T) {
	const pod = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/LABEL
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  hostPID: true
  containers:
    - name: web
      image: nginx:1.27
`
	for _, tt := range []struct {
		label string
		want  []analyzer.Severity // hostNamespaces first, then restricted checks when any
	}{
		{"enforce: baseline", []analyzer.Severity{analyzer.Error}},
		{"warn: baseline", []analyzer.Severity{analyzer.Warning}},
		{"audit: privileged", nil},
		{"enforce: nonsense", nil}, // a bad enforce level falls back to restricted: every restricted check fails too
	} {
		data := strings.Replace(pod, "LABEL", tt.label, 1)
		var got []analyzer.Severity
		for _, d := range analyzertest.LintBytes(t, "p.yaml", []byte(data), []*analyzer.Rule{PodSecurity}) {
			if strings.HasPrefix(d.Message, "Pod Security hostNamespaces ") {
				got = append(got, d.Severity)
			}
		}
		if tt.label == "enforce: nonsense" {
			if len(got) != 1 || got[0] != analyzer.Error {
				t.Errorf("%s: hostNamespaces findings %v, want one error (restricted)", tt.label, got)
			}
			continue
		}
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("%s: hostNamespaces findings %v, want %v", tt.label, got, tt.want)
		}
	}
}
