package policies_test

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/policies"
)

// writePolicies writes files into a new directory and returns it.
func writePolicies(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const twoPods = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
    - name: a
      image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  containers:
    - name: b
      image: nginx:1.27
`

// lintWith runs the user policies of dir on twoPods, each policy allowed
// timeout per object, and returns the findings as line rule message.
func lintWith(t *testing.T, dir string, timeout time.Duration) []string {
	t.Helper()
	set, err := policies.LoadSet(t.Context(), []string{dir}, policies.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res := load.Bytes("pods.yaml", []byte(twoPods), load.Options{})
	var got []string
	for _, d := range analyzer.Run(t.Context(), res.Objects, set.RulesWithin(timeout), analyzer.Options{}) {
		got = append(got, fmt.Sprintf("%d %s %s", d.Pos.Line, d.Rule, d.Message))
	}
	return got
}

// TestHostilePolicies checks that a policy that would run for hours or
// take gigabytes is stopped on each object, reported there as a
// policy-error naming the policy, its file and the object, while the
// other policies of the set still report on the same objects.
func TestHostilePolicies(t *testing.T) {
	good := `package main

deny contains msg if {
	msg := sprintf("pod %s", [input.metadata.name])
}
`
	for _, tc := range []struct {
		name, src, want string
		timeout         time.Duration // long, but for the policy that only takes time
	}{{
		name: "nested ranges run for hours",
		src: `package main

deny_slow contains "never" if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j < 0
}
`,
		want:    "took longer than 200ms, the time one policy may take on one object",
		timeout: 200 * time.Millisecond,
	}, {
		name: "a range of 1e8 numbers would take gigabytes",
		src: `package main

deny_big contains "big" if {
	count([x | some x in numbers.range(1, 1e8)]) > 0
}
`,
		want: "evil.rego:4:23: numbers.range(1, 100000000): 100000000 numbers, more than the 100000 podlint lets a policy generate",
	}, {
		name: "a string written out 20,000 times over",
		src: `package main

deny_double contains "double" if {
	a := concat("", [input.metadata.name | some _ in numbers.range(1, 1000)])
	b := concat("", [a | some _ in numbers.range(1, 20000)])
	count(b) > 0
}
`,
		want: "evil.rego:5:7: concat: its operands hold more than 16 MiB of text",
	}, {
		name: "a shift by a gigabit",
		src: `package main

deny_shift contains "shift" if {
	bits.lsh(1, 1e10) > 0
}
`,
		want: "bits.lsh: a shift by 10000000000 bits",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writePolicies(t, map[string]string{"good.rego": good, "evil.rego": tc.src})
			timeout := cmp.Or(tc.timeout, time.Minute)
			got := lintWith(t, dir, timeout)
			if len(got) != 4 {
				t.Fatalf("got %d findings, want a policy-error and a finding on each Pod:\n%s", len(got), strings.Join(got, "\n"))
			}
			for i, pod := range []struct {
				line int
				name string
			}{{1, "a"}, {10, "b"}} {
				f := got[2*i : 2*i+2]
				var deny, perr string
				for _, g := range f {
					if strings.Contains(g, " policy-error ") {
						perr = g
					} else {
						deny = g
					}
				}
				if want := fmt.Sprintf("%d main-deny pod %s", pod.line, pod.name); deny != want {
					t.Errorf("the good policy on Pod %s: got %q, want %q", pod.name, deny, want)
				}
				for _, want := range []string{fmt.Sprintf("%d policy-error policy main-deny-", pod.line), "evil.rego:3)", "Pod default/" + pod.name, tc.want} {
					if !strings.Contains(perr, want) {
						t.Errorf("policy-error on Pod %s: %q does not say %q", pod.name, perr, want)
					}
				}
			}
		})
	}
}

// TestPolicyFileRefused checks that a policy file that is a device, or too
// large, is refused with its path and why, before any of it is read.
func TestPolicyFileRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := writePolicies(t, map[string]string{"good.rego": "package main\n\ndeny contains \"x\" if false\n"})
	evil := filepath.Join(dir, "evil.rego")
	if err := os.Symlink("/dev/zero", evil); err != nil {
		t.Fatal(err)
	}
	_, err := policies.LoadSet(t.Context(), []string{dir}, policies.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), evil+": not a regular file (a character device): refused") {
		t.Errorf("a policy linked to /dev/zero: got %v", err)
	}
	if _, err := policies.RunTests(t.Context(), []string{dir}, policies.LoadOptions{}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("podlint test, a policy linked to /dev/zero: got %v", err)
	}

	big := writePolicies(t, map[string]string{"big.rego": "package main\n\n" + strings.Repeat("# padding\n", policies.MaxFileSize/10+1)})
	_, err = policies.LoadSet(t.Context(), []string{big}, policies.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "larger than the 4 MiB podlint reads from a policy file: refused") {
		t.Errorf("a policy file over 4 MiB: got %v", err)
	}
}

// TestCappedBuiltinsKeepTheirResults checks that the capped builtins
// answer as OPA's own do within the limits.
func TestCappedBuiltinsKeepTheirResults(t *testing.T) {
	dir := writePolicies(t, map[string]string{"p.rego": `package main

deny contains msg if {
	input.metadata.name == "a"
	r := numbers.range(1, 65535)
	s := numbers.range_step(10, 1, 3)
	msg := sprintf("%d %d %v %s %s %d", [count(r), r[65534], s, replace("a-b-c", "-", "+"), regex.replace("abc", "[b]", "<$0>"), bits.lsh(1, 10)])
}
`})
	got := lintWith(t, dir, time.Minute)
	if diff := gocmp.Diff([]string{"1 main-deny 65535 65535 [10, 7, 4, 1] a+b+c a<b>c 1024"}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
