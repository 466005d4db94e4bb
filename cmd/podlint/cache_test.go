package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podlint/podlint/analyzer/report"
)

// useCache turns the cache on for a test, in a folder of its own.
func useCache(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("PODLINT_CACHE_DIR", dir)
	cacheInTests = true
	t.Cleanup(func() { cacheInTests = false })
	return dir
}

// cachedRun runs podlint and says whether the cache had the result.
func cachedRun(t *testing.T, args ...string) (out string, hit bool) {
	t.Helper()
	hits, misses := cacheStats.hits, cacheStats.misses
	code, out, errOut := podlint(t, "", args...)
	if code > 1 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	switch {
	case cacheStats.hits == hits+1 && cacheStats.misses == misses:
		return out, true
	case cacheStats.misses == misses+1 && cacheStats.hits == hits:
		return out, false
	}
	t.Fatalf("%v: %d hits and %d misses; want one lookup", args, cacheStats.hits-hits, cacheStats.misses-misses)
	return "", false
}

// TestCacheReportsAlike checks that a result read from the cache writes
// every format byte for byte as the run that linted: plain files, a chart
// and a kustomization.
func TestCacheReportsAlike(t *testing.T) {
	useCache(t)
	td := filepath.Join("..", "..", "testdata")
	inputs := []string{filepath.Join(td, "examples"), filepath.Join(td, "host-namespaces", "chart"), filepath.Join(td, "image-tag", "kustomize"),
		filepath.Join(td, "invalid-custom-resource")}
	outDir := t.TempDir()
	formats := func(run string) []string {
		var args []string
		for _, f := range report.Formats {
			if f != "text" {
				args = append(args, "-f", f+"="+filepath.Join(outDir, run+"."+f))
			}
		}
		return append(args, "-f", "text", "--color", "always")
	}
	args := func(run string) []string {
		return append(append([]string{"lint", "--show-suppressed"}, formats(run)...), inputs...)
	}
	// The reports name their files, so each run writes to names of its
	// own; the flags differ, and so does the key: the second pair of runs
	// repeats the first one's flags.
	cold, hit := cachedRun(t, args("a")...)
	if hit {
		t.Fatal("the first run found a result in an empty cache")
	}
	saveAs := func(run string) map[string]string {
		m := map[string]string{}
		for _, f := range report.Formats {
			if f == "text" {
				continue
			}
			data, err := os.ReadFile(filepath.Join(outDir, run+"."+f))
			if err != nil {
				t.Fatal(err)
			}
			m[f] = string(data)
		}
		return m
	}
	coldFiles := saveAs("a")
	warm, hit := cachedRun(t, args("a")...)
	if !hit {
		t.Fatal("the repeat run over the same files missed the cache")
	}
	warmFiles := saveAs("a")
	if warm != cold {
		t.Errorf("text differs:\ncold:\n%s\nwarm:\n%s", cold, warm)
	}
	for f, c := range coldFiles {
		if warmFiles[f] != c {
			t.Errorf("%s differs:\ncold:\n%.2000s\nwarm:\n%.2000s", f, c, warmFiles[f])
		}
	}
	for _, want := range []string{"image-tag", "host-namespaces", "invalid-custom-resource"} {
		if !strings.Contains(cold, want) {
			t.Errorf("the run reported no %s finding:\n%s", want, cold)
		}
	}
}

// TestCompanionAnswersKept checks that a run whose whole result is not
// in the cache (a file changed) takes podlint-ext's answers of an earlier
// run for the CRDs and custom resources that did not change, and reports
// what a run without the cache reports; and that a changed CRD is judged
// again.
func TestCompanionAnswersKept(t *testing.T) {
	useCache(t)
	ws := t.TempDir()
	for _, dir := range []string{"invalid-custom-resource", "invalid-crd"} {
		src := filepath.Join("..", "..", "testdata", dir)
		if err := os.CopyFS(filepath.Join(ws, dir), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	extra := filepath.Join(ws, "invalid-custom-resource", "extra.yaml")
	t.Chdir(ws)
	args := []string{"lint", "invalid-custom-resource", "invalid-crd"}
	run := func(note string) string {
		t.Helper()
		if err := os.WriteFile(extra, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "+note+"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, hit := cachedRun(t, args...)
		if hit {
			t.Fatalf("%s: the whole result was in the cache", note)
		}
		return out
	}
	first := run("first")
	answered := cacheStats.answered
	second := run("second")
	if cacheStats.answered == answered {
		t.Error("the second run read none of podlint-ext's answers back")
	}
	_, cold, errOut := podlint(t, "", append([]string{"lint", "--no-cache"}, args[1:]...)...)
	if second != cold {
		t.Errorf("with the companion's answers:\n%s\nwithout the cache:\n%s%s", second, cold, errOut)
	}
	for _, want := range []string{"invalid-custom-resource", "invalid-crd"} {
		if !strings.Contains(second, want) {
			t.Errorf("no %s finding:\n%s", want, second)
		}
	}
	if strings.ReplaceAll(first, "first", "second") != second {
		t.Errorf("the first and second runs differ beyond the ConfigMap's name:\n%s\n%s", first, second)
	}
	// A CRD that changes is a question not asked before.
	crds, err := filepath.Glob(filepath.Join("invalid-crd", "*.yaml"))
	if err != nil || len(crds) == 0 {
		t.Fatal("no CRD fixtures", err)
	}
	for _, f := range crds {
		if err := os.WriteFile(f, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if third := run("third"); strings.Contains(third, "invalid-crd") {
		t.Errorf("the CRDs are gone, their findings stayed:\n%s", third)
	}
}

// TestCacheNeverStale changes each part of the key in turn and checks
// that the next run misses and finds what the change makes, and that a
// run after it, with nothing changed, reads its result back.
func TestCacheNeverStale(t *testing.T) {
	useCache(t)
	ws := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(ws, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		// A file a build read beyond the files of the key is stored only
		// once it is older than the run (it may have changed after the
		// build read it): these are as old as a checkout's.
		old := time.Now().Add(-time.Hour)
		for _, f := range []string{p, filepath.Dir(p)} {
			if err := os.Chtimes(f, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	deployment := func(name, labels, image string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  labels: {" + labels + "}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {" + labels +
			"}\n  template:\n    metadata:\n      labels: {" + labels + "}\n    spec:\n      containers:\n        - name: app\n          image: " + image + "\n"
	}
	write("app/deploy.yaml", deployment("web", "app: web", "nginx:1.27"))
	write("app/pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: api}\n")
	write("app/api.yaml", deployment("api", "app: api", "nginx:1.27"))
	write("app/ingress.yaml", "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    serviceName: web\n    servicePort: 80\n")
	write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n")
	write("chart/values.yaml", "image: nginx:1.27\n")
	write("chart/templates/deploy.yaml", strings.Replace(deployment("chart", "app: chart", "{{ .Values.image }}"), "name: chart", "name: {{ .Release.Name }}", 1))
	write("kust/base/kustomization.yaml", "resources: [deploy.yaml]\n")
	write("kust/base/deploy.yaml", deployment("kbase", "app: kbase", "nginx:1.27"))
	write("kust/overlay/kustomization.yaml", "resources: [../base]\npatches:\n  - path: patch.yaml\n")
	write("kust/overlay/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kbase\nspec:\n  replicas: 3\n")
	write("crds/widget.yaml", `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: string, enum: [small, large]}
`)
	write("cr/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: medium\n")
	write("policy/p.rego", "package main\n\ndeny contains msg if {\n  input.kind == \"Deployment\"\n  msg := \"policy-marker-one\"\n}\n")
	write(".podlint.yaml", "policies: [policy]\n")
	t.Chdir(ws)

	args := []string{"lint", "--kube-version", "1.21", "--context", "app/api.yaml", "--crd", "crds",
		"app/deploy.yaml", "app/pdb.yaml", "app/ingress.yaml", "chart", "kust/overlay", "cr"}
	prev, hit := cachedRun(t, args...)
	if hit {
		t.Fatal("the first run found a result in an empty cache")
	}
	for _, want := range []string{"policy-marker-one", "invalid-custom-resource", "deprecated-api"} {
		if !strings.Contains(prev, want) {
			t.Fatalf("the first run reports no %q:\n%s", want, prev)
		}
	}
	if again, hit := cachedRun(t, args...); !hit || again != prev {
		t.Fatalf("a repeat run: hit %v, same report %v", hit, again == prev)
	}

	steps := []struct {
		name   string
		change func()
		args   []string
		// found and gone are in the report after the change, and not.
		found, gone string
	}{
		{"an input's bytes", func() { write("app/deploy.yaml", deployment("web", "app: web", "nginx:latest")) }, nil,
			"app/deploy.yaml", ""},
		{"a context file", func() { write("app/api.yaml", deployment("api", "app: other", "nginx:1.27")) }, nil,
			"dangling-pdb", ""},
		{"a user policy", func() {
			write("policy/p.rego", "package main\n\ndeny contains msg if {\n  input.kind == \"Deployment\"\n  msg := \"policy-marker-two\"\n}\n")
		}, nil,
			"policy-marker-two", "policy-marker-one"},
		{"--kube-version", nil, []string{"--kube-version", "1.25"}, "a 1.25 cluster rejects it", "is deprecated since"},
		{"the configuration", func() { write(".podlint.yaml", "policies: [policy]\nrules:\n  deprecated-api: off\n") }, nil,
			"", "deprecated-api"},
		{"a chart template", func() {
			write("chart/templates/deploy.yaml", strings.Replace(deployment("chart", "app: chart", "busybox"), "name: chart", "name: {{ .Release.Name }}", 1))
		}, nil, `image "busybox"`, ""},
		{"a kustomization patch", func() {
			write("kust/overlay/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kbase\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: redis\n")
		}, nil, `image "redis"`, ""},
		{"a kustomization base outside the root", func() {
			write("kust/base/deploy.yaml", strings.Replace(deployment("kbase", "app: kbase", "nginx:1.27"), "    spec:\n", "    spec:\n      hostNetwork: true\n", 1))
		}, nil, "hostNetwork", ""},
		{"a CRD given with --crd", func() {
			text, _ := os.ReadFile(filepath.Join(ws, "crds", "widget.yaml"))
			write("crds/widget.yaml", strings.Replace(string(text), "[small, large]", "[small, medium, large]", 1))
		}, nil, "", "invalid-custom-resource"},
		{"podlint's executable", func() { executableIdentity = func() string { return "another build" } }, nil, "", ""},
		{"podlint's version", func() { version = "v0.0.0-cache-test" }, nil, "", ""},
	}
	t.Cleanup(func() { executableIdentity, version = currentExecutable, "" })
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		a := args
		if s.args != nil {
			a = append(append([]string{"lint"}, s.args...), args[3:]...)
			args = a
		}
		out, hit := cachedRun(t, a...)
		if hit {
			t.Errorf("%s changed: the run read a stale result", s.name)
		}
		if s.found != "" && !strings.Contains(out, s.found) {
			t.Errorf("%s changed: no %q in the report:\n%s", s.name, s.found, out)
		}
		if s.gone != "" && strings.Contains(out, s.gone) {
			t.Errorf("%s changed: %q is still in the report:\n%s", s.name, s.gone, out)
		}
		if (s.found != "" || s.gone != "") && out == prev {
			t.Errorf("%s changed: the report did not", s.name)
		}
		again, hit := cachedRun(t, a...)
		if !hit || again != out {
			t.Errorf("after %s changed, a repeat run: hit %v, same report %v", s.name, hit, again == out)
		}
		prev = out
	}
}

// TestCacheCommand checks podlint cache dir and clean, and that
// --no-cache, --diff and standard input neither read nor write the cache.
func TestCacheCommand(t *testing.T) {
	dir := useCache(t)
	web := filepath.Join("..", "..", "testdata", "examples", "web.yaml")
	if code, out, errOut := podlint(t, "", "cache", "dir"); code != 0 || out != dir+"\n" {
		t.Fatalf("cache dir: exit %d, %q, %s; want %s", code, out, errOut, dir)
	}
	text, err := os.ReadFile(web)
	if err != nil {
		t.Fatal(err)
	}
	lookups := cacheStats.hits + cacheStats.misses
	for _, args := range [][]string{{"lint", "--no-cache", web}, {"lint", "--diff", web}, {"lint", "--stdin-filename", "web.yaml", "-"}} {
		if code, _, errOut := podlint(t, string(text), args...); code > 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	if n := cacheStats.hits + cacheStats.misses; n != lookups {
		t.Errorf("%d lookups by runs that do not use the cache", n-lookups)
	}
	if _, err := os.Stat(dir); err == nil {
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("runs that do not use the cache wrote %d entries", len(entries))
		}
	}
	if _, hit := cachedRun(t, "lint", web); hit {
		t.Fatal("a hit in an empty cache")
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Fatalf("%d entries after one run (%v), want 1", len(entries), err)
	}
	if code, _, errOut := podlint(t, "", "cache", "clean"); code != 0 {
		t.Fatalf("cache clean: exit %d: %s", code, errOut)
	}
	if _, hit := cachedRun(t, "lint", web); hit {
		t.Error("a hit after cache clean")
	}
}

// TestCacheSkipsPipes checks that an input that is a pipe, such as
// podlint lint <(helm template ...), is linted, not read by the cache.
func TestCacheSkipsPipes(t *testing.T) {
	useCache(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	text, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", "numbers-api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = w.Write(text)
		w.Close()
	}()
	pipe := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(pipe); err != nil {
		t.Fatalf("no /dev/fd: %v", err)
	}
	lookups := cacheStats.hits + cacheStats.misses
	code, out, errOut := podlint(t, "", "lint", pipe)
	if code != 1 || !strings.Contains(out, "error") {
		t.Errorf("exit %d, stderr %s, stdout:\n%s\nwant the pipe's findings", code, errOut, out)
	}
	if cacheStats.hits+cacheStats.misses != lookups {
		t.Error("the cache looked up a run with a pipe among its inputs")
	}
}

// TestCacheInsideTheTree checks that a cache folder below a kustomization
// linted (PODLINT_CACHE_DIR=.podlint-cache in CI) is not part of its key:
// the entry a run stores must not make the next one miss.
func TestCacheInsideTheTree(t *testing.T) {
	useCache(t)
	ws := t.TempDir()
	text, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", "web.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "web.yaml"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "kustomization.yaml"), []byte("resources: [web.yaml]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // as old as a checkout (see TestCacheNeverStale)
	for _, f := range []string{"web.yaml", "kustomization.yaml", "."} {
		if err := os.Chtimes(filepath.Join(ws, f), old, old); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(ws)
	t.Setenv("PODLINT_CACHE_DIR", ".podlint-cache")
	if _, hit := cachedRun(t, "lint", "."); hit {
		t.Fatal("a hit in an empty cache")
	}
	if _, err := os.Stat(".podlint-cache"); err != nil {
		t.Fatalf("no entry stored: %v", err)
	}
	if _, hit := cachedRun(t, "lint", "."); !hit {
		t.Error("the second run missed: the cache's own folder changed its key")
	}
}
