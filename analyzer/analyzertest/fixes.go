package analyzertest

import (
	"errors"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/fix"
)

// GoldenSuffix ends the name of the golden file that holds a fixture as
// its fixes leave it: X.yaml.fixed for X.yaml.
const GoldenSuffix = ".fixed"

// UpdateEnv names the environment variable that, set to 1, makes the
// harness write the golden files of fixes instead of comparing with them.
const UpdateEnv = "PODLINT_UPDATE_GOLDEN"

// updating reports whether golden files are to be rewritten: with -update,
// when the test binary defines that flag, or with PODLINT_UPDATE_GOLDEN=1.
func updating() bool {
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		return true
	}
	return os.Getenv(UpdateEnv) == "1"
}

// checkFixes applies the first fix of every finding in a set of fixture
// files, as --fix does, and compares each file that changes with its
// golden file; a golden file that no fix matches is stale, and a fix the
// harness cannot apply (it overlaps another) is a failure. It then lints
// the fixed files again with the same rules: each rule must report at
// least as many findings fewer as its fixes resolved.
func checkFixes(t testing.TB, files []string, rules []*analyzer.Rule, diags []analyzer.Diagnostic) {
	t.Helper()
	var fixes []analyzer.Fix
	resolved := map[string]int{}
	for _, d := range diags {
		if len(d.Fixes) > 0 {
			fixes = append(fixes, d.Fixes[0])
			resolved[d.Rule]++
		}
	}
	res := fix.Apply(fixes, os.ReadFile)
	for _, s := range res.Skipped {
		t.Errorf("fix %q not applied: %s", s.Fix.Message, s.Reason)
	}
	changed := map[string][]byte{}
	for _, f := range res.Files {
		changed[f.Name] = f.New
	}
	for _, name := range files {
		golden := name + GoldenSuffix
		got, fixed := changed[name]
		want, err := os.ReadFile(golden)
		missing := errors.Is(err, fs.ErrNotExist)
		if err != nil && !missing {
			t.Errorf("%s: %v", golden, err)
			continue
		}
		switch {
		case updating() && fixed:
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Errorf("%s: %v", golden, err)
			}
		case updating() && !missing:
			if err := os.Remove(golden); err != nil {
				t.Errorf("%s: %v", golden, err)
			}
		case fixed && missing:
			t.Errorf("%s: its findings carry fixes but there is no golden file %s; run the test with %s=1 to write it",
				name, filepath.Base(golden), UpdateEnv)
		case !fixed && !missing:
			t.Errorf("%s: no fix changes the file, but %s exists; delete it", name, filepath.Base(golden))
		case fixed:
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s: the fixed file differs from %s (-want +got):\n%s", name, filepath.Base(golden), diff)
			}
		}
	}
	if len(res.Files) > 0 && len(res.Skipped) == 0 {
		relint(t, files, changed, rules, diags, resolved)
	}
}

// relint lints the fixed files, copied to a temporary folder in the same
// layout (so the apply sets stay as they were), and checks that each
// rule's findings went down by the number its fixes resolved.
func relint(t testing.TB, files []string, changed map[string][]byte, rules []*analyzer.Rule, diags []analyzer.Diagnostic, resolved map[string]int) {
	t.Helper()
	abs := make([]string, len(files))
	for i, name := range files {
		var err error
		if abs[i], err = filepath.Abs(name); err != nil {
			t.Fatalf("%v", err)
		}
	}
	root := commonDir(abs)
	tmp := t.TempDir()
	var copies []string
	for i, name := range files {
		data, ok := changed[name]
		if !ok {
			var err error
			if data, err = os.ReadFile(name); err != nil {
				t.Fatalf("%v", err)
			}
		}
		rel, err := filepath.Rel(root, abs[i])
		if err != nil {
			t.Fatalf("%v", err)
		}
		path := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("%v", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatalf("%v", err)
		}
		copies = append(copies, path)
	}
	before, after := map[string]int{}, map[string]int{}
	for _, d := range diags {
		before[d.Rule]++
	}
	for _, d := range Lint(t, copies, rules) {
		after[d.Rule]++
	}
	for _, rule := range slices.Sorted(maps.Keys(resolved)) {
		if want := before[rule] - resolved[rule]; after[rule] > want {
			t.Errorf("%s: %d findings before the fixes, %d fixed, %d after them; want at most %d", rule, before[rule], resolved[rule], after[rule], want)
		}
	}
}

// commonDir returns the deepest folder that holds every file, given by
// absolute paths.
func commonDir(files []string) string {
	dir := filepath.Dir(files[0])
	for _, f := range files[1:] {
		for dir != filepath.Dir(dir) && !strings.HasPrefix(f, dir+string(filepath.Separator)) {
			dir = filepath.Dir(dir)
		}
	}
	return dir
}
