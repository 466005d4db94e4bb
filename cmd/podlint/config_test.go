package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const barePod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
`

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 8080
`

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
`

// ruleIDs runs podlint with --format json and returns the rule of each
// finding.
func ruleIDs(t *testing.T, args ...string) (int, []string, string) {
	t.Helper()
	code, out, errOut := podlint(t, "", append([]string{"lint", "--format", "json", "--no-builtin-policies"}, args...)...)
	var rep struct {
		Diagnostics []struct{ Rule, Severity, File string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d, stderr %s: %v\n%s", code, errOut, err, out)
	}
	ids := []string{}
	for _, d := range rep.Diagnostics {
		ids = append(ids, d.Rule+":"+d.Severity+":"+filepath.Base(d.File))
	}
	return code, ids, errOut
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "vendor", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "pod.yaml"), barePod)
	writeFile(t, filepath.Join(dir, "vendor", "x", "pod.yaml"), barePod)
	tests := []struct {
		name   string
		config string
		args   []string
		want   []string
		code   int
	}{
		{"no config", "", nil, []string{"bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml", "bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml"}, 0},
		{"rule off and severity", "rules:\n  bare-pod: off\n  image-tag: error\n", nil, []string{"image-tag:error:pod.yaml", "image-tag:error:pod.yaml"}, 1},
		{"exclude", "exclude: ['vendor/**']\n", nil, []string{"bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml"}, 0},
		{"flag overrides file", "namespace: other\n", []string{"--namespace", "shop"}, []string{"bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml", "bare-pod:warning:pod.yaml", "image-tag:warning:pod.yaml"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(dir, tt.name+".yaml")
			writeFile(t, cfg, tt.config)
			args := append([]string{"--config", cfg}, tt.args...)
			code, got, errOut := ruleIDs(t, append(args, dir)...)
			if diff := cmp.Diff(tt.want, got); diff != "" || code != tt.code {
				t.Errorf("exit %d (want %d), stderr %s, findings (-want +got):\n%s", code, tt.code, errOut, diff)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".podlint.yaml")
	writeFile(t, cfg, "rules:\n  bare-pods: off\n")
	code, _, errOut := podlint(t, "", "lint", "--config", cfg, dir)
	if code != 2 || !strings.Contains(errOut, `.podlint.yaml:2: unknown rule "bare-pods"; did you mean "bare-pod"?`) {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	code, _, errOut = podlint(t, "", "lint", "--config", filepath.Join(dir, "none.yaml"), dir)
	if code != 2 || !strings.Contains(errOut, "read config") {
		t.Errorf("missing config: exit %d, stderr %s", code, errOut)
	}
}

func TestImageRolesFromConfig(t *testing.T) {
	dir := t.TempDir()
	pod := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
        - name: store
          image: example/acmedb:1.0
`
	writeFile(t, filepath.Join(dir, "deploy.yaml"), pod)
	_, before, _ := ruleIDs(t, dir)
	writeFile(t, filepath.Join(dir, ".podlint.yaml"), "imageRoles:\n  datastore: [acmedb]\n")
	_, after, _ := ruleIDs(t, "--config", filepath.Join(dir, ".podlint.yaml"), dir)
	count := func(ids []string) (n int) {
		for _, id := range ids {
			if strings.HasPrefix(id, "multi-container-grouping:") {
				n++
			}
		}
		return n
	}
	if count(before) != 0 || count(after) != 1 {
		t.Errorf("multi-container-grouping findings: %d without the role, %d with it; want 0 and 1", count(before), count(after))
	}
}

func TestContext(t *testing.T) {
	dir := t.TempDir()
	svc := filepath.Join(dir, "svc.yaml")
	other := strings.ReplaceAll(strings.ReplaceAll(deployment, "web", "other"), "image: other", "image: web")
	writeFile(t, svc, service+"---\n"+other)
	writeFile(t, filepath.Join(dir, "deploy.yaml"), deployment)
	writeFile(t, filepath.Join(dir, "pod.yaml"), barePod)
	// Alone, the Service selects nothing; with its directory as context it
	// does, and the bare Pod beside it is not reported.
	_, alone, _ := ruleIDs(t, svc)
	if diff := cmp.Diff([]string{"service-selects-nothing:warning:svc.yaml"}, alone); diff != "" {
		t.Errorf("without context (-want +got):\n%s", diff)
	}
	code, withCtx, errOut := ruleIDs(t, "--context", dir, svc)
	if code != 0 || len(withCtx) != 0 {
		t.Errorf("with context: exit %d, stderr %s, findings %v", code, errOut, withCtx)
	}
	code, out, _ := podlint(t, "", "lint", "--list-files", "--context", dir, svc)
	want := svc + "\n" + filepath.Join(dir, "deploy.yaml") + " (context)\n" + filepath.Join(dir, "pod.yaml") + " (context)\n"
	if diff := cmp.Diff(want, out); diff != "" || code != 0 {
		t.Errorf("--list-files: exit %d (-want +got):\n%s", code, diff)
	}
}

func TestMaxWarnings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pod.yaml"), barePod) // two warnings
	for _, tt := range []struct {
		max  string
		want int
	}{{"-1", 0}, {"2", 0}, {"1", 1}, {"0", 1}} {
		if code, _, _ := podlint(t, "", "lint", "--no-builtin-policies", "--max-warnings", tt.max, dir); code != tt.want {
			t.Errorf("--max-warnings %s: exit %d, want %d", tt.max, code, tt.want)
		}
	}
}

func TestShowSuppressed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pod.yaml"), strings.Replace(barePod, "image: nginx", "image: nginx # podlint:ignore image-tag mirrored", 1))
	_, out, _ := podlint(t, "", "lint", "--no-builtin-policies", "--format", "json", "--show-suppressed", dir)
	var rep struct {
		Diagnostics, Suppressed []struct{ Rule string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Diagnostics) != 1 || len(rep.Suppressed) != 1 || rep.Suppressed[0].Rule != "image-tag" {
		t.Errorf("got %+v", rep)
	}
}

func TestFormats(t *testing.T) {
	broken := filepath.Join("..", "..", "testdata", "examples", "numbers-api.yaml")
	for _, f := range []struct{ format, want string }{
		{"sarif", `"version": "2.1.0"`},
		{"github", "::error file="},
		{"junit", "<testsuites"},
	} {
		code, out, errOut := podlint(t, "", "lint", "--format", f.format, broken)
		if code != 1 || !strings.Contains(out, f.want) {
			t.Errorf("--format %s: exit %d, stderr %s, output:\n%.500s", f.format, code, errOut, out)
		}
	}
}

// TestUnusedIgnores checks that a suppression that silences nothing is
// reported by default, and the two ways to turn that off: the flag, for
// one run, and the rule turned off in .podlint.yaml, for a repository.
func TestUnusedIgnores(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pod.yaml"), strings.Replace(barePod, "image: nginx", "image: nginx:1.27 # podlint:ignore image-tag pinned now", 1))
	configs := t.TempDir()
	off := filepath.Join(configs, "off.yaml")
	writeFile(t, off, "rules:\n  unused-ignore: off\n")
	empty := filepath.Join(configs, "empty.yaml")
	writeFile(t, empty, "")
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"by default", []string{"--config", empty}, []string{"bare-pod:warning:pod.yaml", "unused-ignore:warning:pod.yaml"}},
		{"asked for", []string{"--config", empty, "--report-unused-ignores"}, []string{"bare-pod:warning:pod.yaml", "unused-ignore:warning:pod.yaml"}},
		{"flag off", []string{"--config", empty, "--report-unused-ignores=false"}, []string{"bare-pod:warning:pod.yaml"}},
		{"rule off in the file", []string{"--config", off}, []string{"bare-pod:warning:pod.yaml"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, got, errOut := ruleIDs(t, append(tt.args, dir)...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("stderr %s, findings (-want +got):\n%s", errOut, diff)
			}
		})
	}
}

// TestIgnoreWithoutReason checks that podlint lint reports a suppression
// that does not say why, and that it still silences its finding.
func TestIgnoreWithoutReason(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pod.yaml"), strings.Replace(barePod, "image: nginx", "image: nginx # podlint:ignore image-tag", 1))
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	writeFile(t, empty, "")
	_, got, errOut := ruleIDs(t, "--config", empty, dir)
	if diff := cmp.Diff([]string{"bare-pod:warning:pod.yaml", "ignore-without-reason:warning:pod.yaml"}, got); diff != "" {
		t.Errorf("stderr %s, findings (-want +got):\n%s", errOut, diff)
	}
}
