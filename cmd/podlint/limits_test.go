package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const limitsPod = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
    - name: a
      image: nginx:1.27
`

// writeFiles writes files (slash paths) into a new directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPolicyTimeout checks that a policy that never ends is stopped on
// each object after --policy-timeout (or policyTimeout in the file), and
// reported there as a policy-error naming the policy, its file and the
// object, while the other policy still reports: exit 1, not 2, since the
// policies compiled and ran.
func TestPolicyTimeout(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"p/slow.rego": `package main

deny_slow contains "never" if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j < 0
}
`,
		"p/good.rego": "package main\n\ndeny contains \"pod seen\" if input.kind == \"Pod\"\n",
		"pod.yaml":    limitsPod,
	})
	want := []string{
		"pod.yaml:1:1: error: pod seen (main-deny)",
		"pod.yaml:1:1: error: policy main-deny-slow (data.main.deny_slow, p/slow.rego:3) could not finish on Pod default/a: took longer than 100ms, the time one policy may take on one object (--policy-timeout, or policyTimeout in the configuration); its findings on this object are missing (policy-error)",
	}
	t.Chdir(dir)
	for _, tc := range []struct {
		name, config string
		args         []string
	}{
		{"flag", "", []string{"--policy-timeout", "100ms"}},
		{"file", "policyTimeout: 100ms\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"lint", "--no-builtin-policies", "--color", "never", "-q", "--policy", "p"}
			if tc.config != "" {
				if err := os.WriteFile("podlint.yaml", []byte(tc.config), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--config", "podlint.yaml")
			}
			code, out, errOut := podlint(t, "", append(append(args, tc.args...), "pod.yaml")...)
			if code != exitFindings {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if strings.HasSuffix(l, "(policy-error)") || strings.Contains(l, "(main-") { // not the Go rules
					got = append(got, l)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
	if code, _, errOut := podlint(t, "", "lint", "--policy-timeout", "0s", "pod.yaml"); code != exitError || !strings.Contains(errOut, "--policy-timeout 0s: want a positive duration") {
		t.Errorf("--policy-timeout 0s: exit %d, stderr %s", code, errOut)
	}
}

// TestUnboundedFilesRefused checks that a configuration or policy file
// that is not a regular file (here a link to /dev/zero) is refused with
// its path and why, exit 2, without reading it: found automatically,
// named with --config, or met in a policy directory.
func TestUnboundedFilesRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := writeFiles(t, map[string]string{
		"p/good.rego": "package main\n\ndeny contains \"x\" if false\n",
		"pod.yaml":    limitsPod,
	})
	for _, link := range []string{".podlint.yaml", "p/evil.rego"} {
		if err := os.Symlink("/dev/zero", filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	cfg := filepath.Join(dir, ".podlint.yaml")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"found .podlint.yaml", []string{"lint", "pod.yaml"}, "read config: " + cfg + ": not a regular file (a character device): refused"},
		{"--config /dev/zero", []string{"lint", "--config", "/dev/zero", "pod.yaml"}, "read config: /dev/zero: not a regular file (a character device): refused"},
		{"test --policy", []string{"test", "--policy", "p"}, "read policy: p/evil.rego: not a regular file (a character device): refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := podlint(t, "", tc.args...)
			if code != exitError || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, exitError, tc.want)
			}
		})
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := podlint(t, "", "lint", "--policy", "p", "pod.yaml")
	if want := "read policy: p/evil.rego: not a regular file (a character device): refused"; code != exitError || !strings.Contains(errOut, want) {
		t.Errorf("lint --policy with p/evil.rego -> /dev/zero: exit %d, stderr %q; want %q", code, errOut, want)
	}
}

// TestConfigValuesBlamed checks that a bad value from the configuration
// names the file and line, and that an invalid namespace is refused as a
// usage error whether it comes from -n or from the file.
func TestConfigValuesBlamed(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"kube.yaml": "rules: {}\nkubeVersion: banana\n",
		"ns.yaml":   "namespace: Not_A_Valid/NS\n",
		"pod.yaml":  limitsPod,
	})
	t.Chdir(dir)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"kubeVersion in the file", []string{"--config", "kube.yaml"}, `kube.yaml:2: kubeVersion "banana": `},
		{"--kube-version", []string{"--kube-version", "banana"}, "--kube-version: "},
		{"-n", []string{"-n", "Not_A_Valid/NS"}, `--namespace "Not_A_Valid/NS": not a valid namespace: a lowercase RFC 1123 label`},
		{"namespace in the file", []string{"--config", "ns.yaml"}, `ns.yaml:1: namespace "Not_A_Valid/NS": a lowercase RFC 1123 label`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := podlint(t, "", append(append([]string{"lint"}, tc.args...), "pod.yaml")...)
			if code != exitError || !strings.Contains(errOut, tc.want) || strings.Contains(out, "Not_A_Valid") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, exitError, tc.want)
			}
		})
	}
}
