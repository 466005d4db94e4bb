package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNewFromRev checks --new-from-rev in a scratch repository: findings
// on lines committed before the revision are not reported, findings on
// lines changed since are, and so are those of a file added since.
func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not on PATH")
	}
	repo := t.TempDir()
	t.Chdir(repo)
	t.Setenv("GIT_AUTHOR_NAME", "t")
	t.Setenv("GIT_AUTHOR_EMAIL", "t@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "t")
	t.Setenv("GIT_COMMITTER_EMAIL", "t@example.com")
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	pod := func(name, image string) string {
		return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  containers:\n    - name: a\n      image: " + image + "\n"
	}
	run("init", "-q")
	if err := os.WriteFile("old.yaml", []byte(pod("old", "nginx")+"---\n"+pod("kept", "redis:7")), 0o644); err != nil {
		t.Fatal(err)
	}
	run("add", ".")
	run("commit", "-qm", "base")
	// Change the second Pod's image to one without a tag; add a new file.
	if err := os.WriteFile("old.yaml", []byte(pod("old", "nginx")+"---\n"+pod("kept", "redis")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("new.yaml", []byte(pod("new", "busybox")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, all, _ := podlint(t, "", "lint", "--no-builtin-policies", ".")
	code, out, errOut := podlint(t, "", "lint", "--no-builtin-policies", "--new-from-rev", "HEAD", ".")
	tag := strings.Contains
	if !tag(all, "old.yaml:8:") || !tag(all, "old.yaml:17:") {
		t.Fatalf("without --new-from-rev both image-tag findings of old.yaml are reported:\n%s", all)
	}
	if tag(out, "old.yaml:8:") || !tag(out, "old.yaml:17:") || !tag(out, "new.yaml:8:") {
		t.Errorf("exit %d, stderr %q; with --new-from-rev HEAD want old.yaml:17 and new.yaml, not old.yaml:8:\n%s", code, errOut, out)
	}
	if code, _, errOut := podlint(t, "", "lint", "--new-from-rev", "no-such-rev", "."); code != 2 || !strings.Contains(errOut, "no-such-rev") {
		t.Errorf("a bad revision: exit %d, stderr %q; want a usage error naming it", code, errOut)
	}
}
