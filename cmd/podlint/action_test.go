package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestAction runs the steps of action.yml as a GitHub runner would, against
// a release built here in GoReleaser's layout and served over HTTP: the
// archive of this machine's platform holds the commands of cmd/ at its top,
// with checksums.txt beside it. It checks that the action installs the
// release its ref names (or the latest, at main), verifies it, finds it in
// the tool cache the second time, lints once for annotations and SARIF, and
// exits as --fail-on says, renders a chart with the companion podlint-ext
// from the archive; and that a corrupted archive is refused.
func TestAction(t *testing.T) {
	const version = "1.2.3"
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	runnerOS, runnerArch, archive := releasePlatform(t, version)
	release := t.TempDir()
	bin := t.TempDir()
	// Built as GoReleaser builds the release (so .ci/run's snapshot build
	// leaves the packages compiled), with the version stamped.
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-X main.version="+version, "-o", bin+string(filepath.Separator), "./cmd/...")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files := []string{filepath.Join(root, "README.md")}
	entries, err := os.ReadDir(bin)
	if err != nil {
		t.Fatal(err)
	}
	var commands []string
	for _, e := range entries {
		files = append(files, filepath.Join(bin, e.Name()))
		commands = append(commands, e.Name())
	}
	data := releaseArchive(t, archive, files)
	sum := sha256.Sum256(data)
	sums := fmt.Sprintf("%x  %s\n%x  podlint_%s_plan9_amd64.tar.gz\n", sum, archive, sha256.Sum256(nil), version)
	for _, dir := range []string{filepath.Join("download", "v"+version), filepath.Join("latest", "download")} {
		writeRelease(t, filepath.Join(release, dir, archive), data)
		writeRelease(t, filepath.Join(release, dir, "checksums.txt"), []byte(sums))
	}
	var archiveGets atomic.Int32
	serve := http.FileServer(http.Dir(release))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, archive) {
			archiveGets.Add(1)
		}
		serve.ServeHTTP(w, r)
	}))
	defer srv.Close()

	workspace := t.TempDir()
	for _, f := range []string{"web.yaml", "numbers-api.yaml"} {
		src, err := os.ReadFile(filepath.Join(root, "testdata", "examples", f))
		if err != nil {
			t.Fatal(err)
		}
		writeRelease(t, filepath.Join(workspace, "deploy", f), src)
	}
	if err := os.CopyFS(filepath.Join(workspace, "chart"), os.DirFS(filepath.Join(root, "testdata", "host-namespaces", "chart"))); err != nil {
		t.Fatal(err)
	}
	toolCache := t.TempDir()
	r := &actionRunner{t: t, root: root, workspace: workspace, toolCache: toolCache, os: runnerOS, arch: runnerArch}

	// At v1.2.3: the release is downloaded, and one lint writes the
	// annotations and the SARIF; numbers-api.yaml has errors.
	run := r.run("v1.2.3", map[string]string{"paths": "deploy", "upload-sarif": "true", "release-url": srv.URL})
	if run.failed != "Lint" {
		t.Fatalf("failed at %q, want the Lint step to fail on errors:\n%s", run.failed, run.log)
	}
	if got := archiveGets.Load(); got != 1 {
		t.Errorf("%d archive downloads, want 1", got)
	}
	dir := filepath.Join(toolCache, "podlint", version, goarch(runnerArch))
	wantOutputs := map[string]string{"version": version, "sarif-file": "podlint.sarif"}
	if got := run.outputs(); !mapsEqual(got, wantOutputs) {
		t.Errorf("action outputs %v, want %v", got, wantOutputs)
	}
	if run.path[0] != dir {
		t.Errorf("PATH starts with %v, want the tool directory %s", run.path, dir)
	}
	for _, c := range commands {
		if _, err := os.Stat(filepath.Join(dir, c)); err != nil {
			t.Errorf("the archive's %s is not installed: %v", c, err)
		}
	}
	wantCache := fmt.Sprintf("podlint-%s-%s-%s %s", version, runnerOS, runnerArch, dir)
	if got := run.with["Restore podlint from the cache"]; got != wantCache {
		t.Errorf("cache step with key and path %q, want %q", got, wantCache)
	}
	if !slices.Contains(run.ran, "Upload SARIF") {
		t.Errorf("the SARIF upload did not run after the failed lint (always()): ran %v", run.ran)
	}
	// The annotations are podlint's, as the CLI writes them here.
	var code int
	var want string
	t.Run("the CLI in the workspace", func(t *testing.T) {
		t.Chdir(workspace)
		code, want, _ = podlint(t, "", "lint", "--format", "github", "deploy")
	})
	lint := run.stdout["Lint"]
	if code != 1 || lint != want || !strings.Contains(lint, "::error file=deploy/numbers-api.yaml,line=15,col=7") {
		t.Errorf("Lint step printed:\n%s\nwant what podlint lint --format github prints (exit %d):\n%s", lint, code, want)
	}
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	readJSON(t, filepath.Join(workspace, "podlint.sarif"), &sarif)
	if n := strings.Count(lint, "\n"); len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != n || sarif.Runs[0].Tool.Driver.Version != version {
		t.Errorf("SARIF: %d runs, %d results, version %q; want 1 run, the %d annotations' results, version %s",
			len(sarif.Runs), len(sarif.Runs[0].Results), sarif.Runs[0].Tool.Driver.Version, n, version)
	}

	// At main, with the release in the tool cache: the latest release is
	// 1.2.3, found there, not downloaded again; warnings pass below
	// --fail-on error and fail at --fail-on warning.
	for _, tc := range []struct{ failOn, failed string }{{"error", ""}, {"warning", "Lint"}} {
		run = r.run("main", map[string]string{"paths": "deploy/web.yaml", "fail-on": tc.failOn, "release-url": srv.URL})
		if run.failed != tc.failed {
			t.Errorf("fail-on %s: failed at %q, want %q:\n%s", tc.failOn, run.failed, tc.failed, run.log)
		}
		if !strings.Contains(run.stdout["Lint"], "::warning file=deploy/web.yaml,") {
			t.Errorf("fail-on %s: no warning annotation:\n%s", tc.failOn, run.stdout["Lint"])
		}
		if !strings.Contains(run.log, "podlint "+version+" found in "+dir) {
			t.Errorf("fail-on %s: the cached release was not used:\n%s", tc.failOn, run.log)
		}
	}
	if got := archiveGets.Load(); got != 1 {
		t.Errorf("%d archive downloads after the cached runs, want still 1", got)
	}
	// A chart is rendered by the companion the archive put beside podlint.
	run = r.run("main", map[string]string{"paths": "chart", "release-url": srv.URL})
	if lint := run.stdout["Lint"]; run.failed != "Lint" || !strings.Contains(lint, "title=host-namespaces::") || strings.Contains(lint, "render-error") {
		t.Errorf("chart: failed at %q, want the Lint step to fail on its host-namespaces errors, rendered:\n%s", run.failed, run.log)
	}

	// A corrupted archive fails the checksum and installs nothing.
	corrupt := slices.Clone(data)
	corrupt[len(corrupt)/2] ^= 0xff
	writeRelease(t, filepath.Join(release, "download", "v"+version, archive), corrupt)
	r.toolCache = t.TempDir()
	run = r.run("v1.2.3", map[string]string{"paths": "deploy", "release-url": srv.URL})
	if want := "::error title=podlint install::checksum mismatch for " + archive; run.failed != "Download and verify podlint" || !strings.Contains(run.log, want) {
		t.Errorf("corrupted archive: failed at %q, want the download step with %q:\n%s", run.failed, want, run.log)
	}
	if slices.Contains(run.ran, "Lint") {
		t.Errorf("the lint ran after a failed install")
	}
	if _, err := os.Stat(filepath.Join(r.toolCache, "podlint", version)); err == nil {
		t.Errorf("the corrupted archive was installed")
	}

	// Built from source: the action's own checkout, with the Go on PATH
	// (setup-go is not run here), flags as above to reuse the packages.
	r.env = []string{"CGO_ENABLED=0", "GOFLAGS=-trimpath " + os.Getenv("GOFLAGS")}
	run = r.run("main", map[string]string{"paths": "deploy/web.yaml", "build-from-source": "true", "release-url": srv.URL})
	if run.failed != "" || !slices.Contains(run.ran, "Set up Go") || slices.Contains(run.ran, "Download and verify podlint") {
		t.Errorf("build-from-source: failed at %q, ran %v:\n%s", run.failed, run.ran, run.log)
	}
	if want := filepath.Join(run.temp, "podlint-bin"); len(run.path) != 1 || run.path[0] != want {
		t.Errorf("build-from-source: PATH gets %v, want %s", run.path, want)
	}
	r.env = nil

	// A runner architecture with no release says how to do without.
	r.arch = "X86"
	run = r.run("v1.2.3", map[string]string{"release-url": srv.URL})
	if want := "no podlint release for RUNNER_ARCH=X86; set build-from-source: true"; run.failed != "Resolve the podlint release" || !strings.Contains(run.log, want) {
		t.Errorf("X86: failed at %q, want the resolve step with %q:\n%s", run.failed, want, run.log)
	}
}

// releasePlatform returns the runner's names for this machine, and the
// name of its release archive.
func releasePlatform(t *testing.T, version string) (runnerOS, runnerArch, archive string) {
	t.Helper()
	oses := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}
	arches := map[string]string{"amd64": "X64", "arm64": "ARM64"}
	runnerOS, runnerArch = oses[runtime.GOOS], arches[runtime.GOARCH]
	if runnerOS == "" || runnerArch == "" {
		t.Fatalf("podlint releases no build for %s/%s, so the action cannot run here", runtime.GOOS, runtime.GOARCH)
	}
	ext := "tar.gz"
	if runtime.GOOS == "windows" {
		ext = "zip"
	}
	return runnerOS, runnerArch, fmt.Sprintf("podlint_%s_%s_%s.%s", version, runtime.GOOS, runtime.GOARCH, ext)
}

func goarch(runnerArch string) string {
	return map[string]string{"X64": "amd64", "ARM64": "arm64"}[runnerArch]
}

// releaseArchive packs files at the top of an archive, as GoReleaser does.
func releaseArchive(t *testing.T, name string, files []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var tw *tar.Writer
	var zw *zip.Writer
	var gz *gzip.Writer
	if strings.HasSuffix(name, ".zip") {
		zw = zip.NewWriter(&buf)
	} else {
		gz = gzip.NewWriter(&buf)
		tw = tar.NewWriter(gz)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if zw != nil {
			w, err := zw.Create(filepath.Base(f))
			if err == nil {
				_, err = w.Write(data)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		hdr := &tar.Header{Name: filepath.Base(f), Mode: int64(st.Mode().Perm()), Size: int64(len(data)), ModTime: st.ModTime()}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if zw != nil {
		err = zw.Close()
	} else if err = tw.Close(); err == nil {
		err = gz.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeRelease writes a file of the release or the workspace, making its
// folders.
func writeRelease(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// An actionRunner runs a composite action's steps as the GitHub runner
// does: each run step with bash, its env and expressions evaluated, a
// fresh GITHUB_OUTPUT whose lines become the step's outputs, GITHUB_PATH
// lines put before PATH for the steps after, and if: conditions. Steps
// that use other actions (the cache, setup-go, the SARIF upload) are not
// run; their inputs are evaluated and kept for the test to read. An
// expression it does not know fails the test, so the action cannot grow
// past what the test checks.
type actionRunner struct {
	t                          *testing.T
	root, workspace, toolCache string
	os, arch                   string
	env                        []string // more environment for the steps
}

// An actionRun is what one run of the action did.
type actionRun struct {
	meta    actionMeta
	steps   map[string]map[string]string // outputs by step ID
	stdout  map[string]string            // by step name
	with    map[string]string            // a used action's inputs, by step name, values joined by spaces in key order
	ran     []string                     // step names run, in order
	failed  string                       // the name of the step that failed, "" when none did
	path    []string                     // what GITHUB_PATH added, first first
	log     string
	temp    string // RUNNER_TEMP
	inputs  map[string]string
	ref     string
	context map[string]string
}

type actionMeta struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			ID    string            `yaml:"id"`
			If    string            `yaml:"if"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			With  map[string]string `yaml:"with"`
			Run   string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func (r *actionRunner) run(ref string, inputs map[string]string) *actionRun {
	t := r.t
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	run := &actionRun{steps: map[string]map[string]string{}, stdout: map[string]string{}, with: map[string]string{}, ref: ref, inputs: map[string]string{}}
	if err := yaml.Unmarshal(data, &run.meta); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if run.meta.Runs.Using != "composite" {
		t.Fatalf("action.yml runs using %q, want composite", run.meta.Runs.Using)
	}
	for name, in := range run.meta.Inputs {
		run.inputs[name] = in.Default
	}
	for name, v := range inputs {
		if _, ok := run.meta.Inputs[name]; !ok {
			t.Fatalf("action.yml has no input %q", name)
		}
		run.inputs[name] = v
	}
	run.context = map[string]string{"github.action_ref": ref, "runner.os": r.os, "runner.arch": r.arch}
	temp := t.TempDir()
	run.temp = temp
	var log strings.Builder
	for i, s := range run.meta.Runs.Steps {
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("step %d", i+1)
		}
		if !run.condition(t, s.If) {
			continue
		}
		run.ran = append(run.ran, name)
		if s.Uses != "" {
			keys := make([]string, 0, len(s.With))
			for k := range s.With {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var vals []string
			for _, k := range keys {
				vals = append(vals, run.expand(t, s.With[k]))
			}
			run.with[name] = strings.Join(vals, " ")
			continue
		}
		if s.Shell != "bash" {
			t.Fatalf("step %q: shell %q; the runner here runs bash", name, s.Shell)
		}
		output := filepath.Join(temp, fmt.Sprintf("output-%d", i))
		addPath := filepath.Join(temp, fmt.Sprintf("path-%d", i))
		script := filepath.Join(temp, fmt.Sprintf("step-%d.sh", i))
		writeRelease(t, script, []byte(run.expand(t, s.Run)))
		writeRelease(t, output, nil)
		writeRelease(t, addPath, nil)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script) // GitHub's shell: bash
		cmd.Dir = r.workspace
		path := strings.Join(append(slices.Clone(run.path), os.Getenv("PATH")), string(os.PathListSeparator))
		cmd.Env = append(os.Environ(), "PATH="+path, "GITHUB_OUTPUT="+output, "GITHUB_PATH="+addPath,
			"GITHUB_ACTION_PATH="+r.root, "GITHUB_WORKSPACE="+r.workspace, "RUNNER_OS="+r.os, "RUNNER_ARCH="+r.arch,
			"RUNNER_TEMP="+temp, "RUNNER_TOOL_CACHE="+r.toolCache)
		cmd.Env = append(cmd.Env, r.env...)
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+run.expand(t, v))
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		run.stdout[name] = stdout.String()
		fmt.Fprintf(&log, "== %s\n%s%s", name, stdout.String(), stderr.String())
		outs := map[string]string{}
		for line := range strings.SplitSeq(readText(t, output), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outs[k] = v
			}
		}
		if s.ID != "" {
			run.steps[s.ID] = outs
		}
		for line := range strings.SplitSeq(readText(t, addPath), "\n") {
			if line != "" {
				run.path = append([]string{line}, run.path...)
			}
		}
		if err != nil {
			fmt.Fprintf(&log, "(%v)\n", err)
			run.failed = name
		}
	}
	run.log = log.String()
	return run
}

func readText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// outputs returns the action's outputs, evaluated.
func (run *actionRun) outputs() map[string]string {
	out := map[string]string{}
	for name, o := range run.meta.Outputs {
		if v := run.expand(nil, o.Value); v != "" {
			out[name] = v
		}
	}
	return out
}

var expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expand replaces the expressions of s by their values.
func (run *actionRun) expand(t *testing.T, s string) string {
	return expression.ReplaceAllStringFunc(s, func(e string) string {
		return run.value(t, expression.FindStringSubmatch(e)[1])
	})
}

// value evaluates a reference: inputs.NAME, steps.ID.outputs.NAME, or one
// of the context values the runner sets.
func (run *actionRun) value(t *testing.T, ref string) string {
	if name, ok := strings.CutPrefix(ref, "inputs."); ok {
		if v, ok := run.inputs[name]; ok {
			return v
		}
	}
	if rest, ok := strings.CutPrefix(ref, "steps."); ok {
		if id, name, ok := strings.Cut(rest, ".outputs."); ok {
			return run.steps[id][name]
		}
	}
	if v, ok := run.context[ref]; ok {
		return v
	}
	if t != nil {
		t.Fatalf("action.yml: the test runner does not know the expression %q", ref)
	}
	return ""
}

var comparison = regexp.MustCompile(`^([a-z][\w.-]*)\s*(==|!=)\s*'([^']*)'$`)

// condition evaluates an if: of terms joined by &&, each always() or a
// comparison of a reference with a string. Without if:, a step runs while
// no step has failed.
func (run *actionRun) condition(t *testing.T, cond string) bool {
	cond = strings.TrimSpace(cond)
	if m := expression.FindStringSubmatch(cond); m != nil && m[0] == cond {
		cond = m[1]
	}
	if cond == "" {
		return run.failed == ""
	}
	always := false
	ok := true
	for term := range strings.SplitSeq(cond, "&&") {
		term = strings.TrimSpace(term)
		if term == "always()" {
			always = true
			continue
		}
		m := comparison.FindStringSubmatch(term)
		if m == nil {
			t.Fatalf("action.yml: the test runner does not know the condition %q", term)
		}
		ok = ok && (run.value(t, m[1]) == m[3]) == (m[2] == "==")
	}
	return ok && (always || run.failed == "")
}
