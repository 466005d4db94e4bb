package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/rules"
)

// polarisFixtures holds Polaris's own fixtures, one folder per check, in
// shared/ beside the clone as the corpus is.
var polarisFixtures = filepath.Join("..", "..", "..", "shared", "peer-fixtures", "polaris")

// needFixtures skips a test without Polaris's fixtures, and fails it
// under CI, which lays shared/ beside the clone.
func needFixtures(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(polarisFixtures); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no Polaris fixtures at %s: CI lays shared/ beside the clone", polarisFixtures)
		}
		t.Skipf("no Polaris fixtures at %s", polarisFixtures)
	}
}

// TestPeerTable keeps the table of peer checks in step with the rule
// catalogue: every rule a row names exists, every pending rule does not
// yet (once it lands, it moves to Rules), and a row without a rule says
// why.
func TestPeerTable(t *testing.T) {
	known := map[string]bool{}
	for _, r := range catalogue() {
		known[r.ID] = true
	}
	seen := map[string]bool{}
	for _, c := range lint.PeerChecks {
		key := c.Peer + " " + c.Check
		if seen[key] {
			t.Errorf("%s: two rows", key)
		}
		seen[key] = true
		if !slices.Contains(lint.Peers, c.Peer) {
			t.Errorf("%s: unknown peer", key)
		}
		for _, id := range c.Rules {
			if !known[id] {
				t.Errorf("%s: rule %q is not in podlint's catalogue", key, id)
			}
		}
		for _, id := range c.Pending {
			if known[id] {
				t.Errorf("%s: pending rule %q has landed; move it to Rules", key, id)
			}
		}
		if len(c.Rules) == 0 && len(c.Pending) == 0 && c.Note == "" {
			t.Errorf("%s: no rule and no note saying why", key)
		}
		if len(c.Fixtures) > 0 && c.Peer != lint.Polaris {
			t.Errorf("%s: fixtures are Polaris's", key)
		}
	}
}

// TestPeerTableFixtures checks that every fixture the table explains is
// one of Polaris's.
func TestPeerTableFixtures(t *testing.T) {
	needFixtures(t)
	for _, c := range lint.PeerChecks {
		for file := range c.Fixtures {
			if _, err := os.Stat(filepath.Join(polarisFixtures, c.Check, file)); err != nil {
				t.Errorf("%s %s: fixture %s: %v", c.Peer, c.Check, file, err)
			}
		}
	}
}

// TestPolarisFixtures runs the podlint rules each Polaris check maps to,
// default-off ones included, over Polaris's own fixtures for the check: a
// failure file must get a finding of one of them, a success file none,
// unless the table explains the fixture; an explanation of a fixture on
// which podlint agrees is stale and fails too.
func TestPolarisFixtures(t *testing.T) {
	needFixtures(t)
	o := lintOptions{kubeVersion: rules.DefaultKubeVersion().String(), namespace: "default", enable: enableOptions{all: true}}
	o.policy.prepareBuiltin(o.builtinOff(nil))
	opts, err := o.options(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var checked, differ int
	for _, c := range lint.PeerChecks {
		if c.Peer != lint.Polaris || len(c.Rules) == 0 {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(polarisFixtures, c.Check, "*.yaml"))
		for _, file := range files {
			base := filepath.Base(file)
			fail := strings.HasPrefix(base, "failure")
			if !fail && !strings.HasPrefix(base, "success") {
				continue
			}
			inputs, err := load.Expand([]string{file}, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			res, err := lint.Inputs(t.Context(), inputs, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Diagnostics {
				if slices.Contains(c.Rules, d.Rule) {
					got = append(got, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Column, d.Rule))
				}
			}
			checked++
			agree := (len(got) > 0) == fail
			why, explained := c.Fixtures[base]
			switch {
			case !agree && !explained:
				t.Errorf("%s/%s: Polaris says %s, podlint's %v say %v; fix the rule or explain it in lint.PeerChecks",
					c.Check, base, map[bool]string{true: "fail", false: "pass"}[fail], c.Rules, got)
			case agree && explained:
				t.Errorf("%s/%s: podlint agrees with Polaris now; drop the stale explanation %q", c.Check, base, why)
			case !agree:
				differ++
			}
		}
	}
	t.Logf("%d Polaris fixtures of mapped checks run, %d judged differently, each explained", checked, differ)
}

// migratingTable matches a generated table of docs/migrating.md.
var migratingTable = regexp.MustCompile(`(?s)<!-- table (\S+) -->\n.*?<!-- end -->\n`)

// TestMigratingDoc keeps the tables of docs/migrating.md equal to the
// table of peer checks and the rule catalogue (go test ./cmd/podlint -run
// TestMigratingDoc -update rewrites them).
func TestMigratingDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "migrating.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var peers []string
	got := migratingTable.ReplaceAllStringFunc(string(data), func(m string) string {
		peer := migratingTable.FindStringSubmatch(m)[1]
		peers = append(peers, peer)
		return "<!-- table " + peer + " -->\n" + peerTable(peer, catalogue()) + "<!-- end -->\n"
	})
	if d := cmp.Diff(lint.Peers, peers); d != "" {
		t.Errorf("docs/migrating.md has tables for other peers (-want +got):\n%s", d)
	}
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff(string(data), got); d != "" {
		t.Errorf("docs/migrating.md is stale; run go test ./cmd/podlint -run TestMigratingDoc -update (-file +generated):\n%s", d)
	}
}

// peerTable renders the rows of one peer.
func peerTable(peer string, catalogue []*analyzer.Rule) string {
	byID := map[string]*analyzer.Rule{}
	for _, r := range catalogue {
		byID[r.ID] = r
	}
	var b, fixtures strings.Builder
	var n, mapped int
	b.WriteString("| check | default there | podlint | default in podlint | note |\n|---|---|---|---|---|\n")
	for _, c := range lint.PeerChecks {
		if c.Peer != peer {
			continue
		}
		n++
		var ids, states []string
		for _, id := range c.Rules {
			ids = append(ids, fmt.Sprintf("[`%s`](rules.md#%s)", id, id))
			states = append(states, defaultState(byID[id]))
		}
		for _, id := range c.Pending {
			ids = append(ids, fmt.Sprintf("`%s` (planned)", id))
		}
		if len(c.Rules) > 0 {
			mapped++
		}
		podlint := strings.Join(ids, ", ")
		if podlint == "" {
			podlint = "none"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.Check, map[bool]string{true: "yes", false: "no"}[c.Default],
			podlint, strings.Join(slices.Compact(states), ", "), c.Note)
		for _, file := range slices.Sorted(mapsKeys(c.Fixtures)) {
			fmt.Fprintf(&fixtures, "- `%s/%s`: %s\n", c.Check, file, c.Fixtures[file])
		}
	}
	fmt.Fprintf(&b, "\n%d checks, %d covered by a podlint rule.\n", n, mapped)
	if fixtures.Len() > 0 {
		b.WriteString("\nPolaris's own fixtures on which podlint's verdict differs, and why:\n\n" + fixtures.String())
	}
	return b.String()
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestPeerSuppressionsConfig checks that podlint lint honours a peer's
// suppression annotation by default and that peerSuppressions: false in
// .podlint.yaml turns it off.
func TestPeerSuppressionsConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pod.yaml"), strings.Replace(barePod, "  name: web\n",
		"  name: web\n  annotations:\n    ignore-check.kube-linter.io/latest-tag: the mirror pins it\n", 1))
	configs := t.TempDir()
	empty, off := filepath.Join(configs, "empty.yaml"), filepath.Join(configs, "off.yaml")
	writeFile(t, empty, "")
	writeFile(t, off, "peerSuppressions: false\n")
	for _, tt := range []struct {
		config string
		want   []string
	}{
		{empty, []string{"bare-pod:warning:pod.yaml"}},
		{off, []string{"bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml"}},
	} {
		_, got, errOut := ruleIDs(t, "--config", tt.config, dir)
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s: stderr %s, findings (-want +got):\n%s", filepath.Base(tt.config), errOut, d)
		}
	}
}
