package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitHook runs the real pre-commit program with this checkout as
// the hook repository (pre-commit try-repo) in a scratch git repository: a
// broken manifest is refused with podlint's findings, a clean one passes,
// and a Service whose Deployment did not change is not reported, because
// the hook reads the repository as context. .ci/run installs pre-commit;
// elsewhere the test is skipped without it.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds podlint through pre-commit")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not on PATH, and .ci/run installs it")
		}
		t.Skip("pre-commit is not on PATH")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH", tool)
		}
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	// pre-commit installs the hook with go install under its own GOPATH;
	// point it at the module and build caches of this Go, so it builds
	// offline and fast.
	env := append(os.Environ(), "PRE_COMMIT_HOME="+t.TempDir(), "GOFLAGS=-mod=mod",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	for _, v := range []string{"GOMODCACHE", "GOCACHE"} {
		out, err := exec.Command("go", "env", v).Output()
		if err != nil {
			t.Fatal(err)
		}
		env = append(env, v+"="+strings.TrimSpace(string(out)))
	}
	runIn := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(name string, args ...string) {
		t.Helper()
		if out, err := runIn(name, args...); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	must("git", "init", "-q")
	writeFile(t, filepath.Join(repo, "deploy.yaml"), deployment)
	must("git", "add", "deploy.yaml")
	must("git", "commit", "-qm", "deployment")

	// A clean change: the Service selects the committed Deployment.
	writeFile(t, filepath.Join(repo, "svc.yaml"), service)
	must("git", "add", "svc.yaml")
	if out, err := runIn("pre-commit", "try-repo", root, "podlint", "--files", "svc.yaml"); err != nil {
		t.Fatalf("clean change refused: %v\n%s", err, out)
	}
	must("git", "commit", "-qm", "service")

	// A broken change: a typo the API server would reject.
	writeFile(t, filepath.Join(repo, "broken.yaml"), strings.Replace(deployment, "containers:", "contianers:", 1))
	must("git", "add", "broken.yaml")
	out, err := runIn("pre-commit", "try-repo", root, "podlint", "--files", "broken.yaml")
	if err == nil {
		t.Fatalf("broken change passed:\n%s", out)
	}
	if !strings.Contains(out, `broken.yaml:12:`) || !strings.Contains(out, "(schema)") || !strings.Contains(out, "Failed") {
		t.Errorf("the hook's output lacks podlint's finding:\n%s", out)
	}

	// The system hook runs the podlint on PATH and builds nothing.
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "podlint"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env = append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := runIn("pre-commit", "try-repo", root, "podlint-system", "--files", "svc.yaml"); err != nil {
		t.Fatalf("system hook, clean change refused: %v\n%s", err, out)
	}
	out, err = runIn("pre-commit", "try-repo", root, "podlint-system", "--files", "broken.yaml")
	if err == nil || !strings.Contains(out, `broken.yaml:12:`) {
		t.Errorf("system hook: the broken change passed, or its output lacks the finding (%v):\n%s", err, out)
	}
}
