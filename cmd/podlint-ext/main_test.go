package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// build compiles podlint and podlint-ext into one folder, as a release
// archive and go install lay them out, and returns podlint's path.
func build(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	for _, b := range []struct{ out, pkg string }{{"podlint", "../podlint"}, {"podlint-ext", "."}} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, b.out+exe), b.pkg)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	return filepath.Join(bin, "podlint"+exe)
}

// TestBesidePodlint runs the real executables: podlint finds podlint-ext
// beside itself and starts it for a chart, a kustomization and custom
// resources, once for all three; every finding is on a source line.
func TestBesidePodlint(t *testing.T) {
	podlint := build(t)
	cmd := exec.Command(podlint, "lint", "--format", "json",
		"testdata/host-namespaces/chart", "testdata/image-tag/kustomize", "testdata/invalid-custom-resource")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "PODLINT_EXT=")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	var rep struct {
		Diagnostics []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, d := range rep.Diagnostics {
		got = append(got, d.Rule+" "+d.File+":"+strconv.Itoa(d.Line))
	}
	for _, want := range []string{
		"host-namespaces testdata/host-namespaces/chart/templates/daemonset.yaml:16",
		"image-tag testdata/image-tag/kustomize/overlay/latest.yaml:11",
		"invalid-custom-resource testdata/invalid-custom-resource/widgets.yaml:14",
		"invalid-custom-resource testdata/invalid-custom-resource/widgets.yaml:34",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s in:\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, g := range got {
		if strings.HasPrefix(g, "render-error") || strings.HasPrefix(g, "internal-error") {
			t.Errorf("unexpected %s", g)
		}
	}

	// The companion says what it is, and refuses to be run by hand.
	ext := filepath.Join(filepath.Dir(podlint), "podlint-ext")
	if out, err := exec.Command(ext, "version").Output(); err != nil || !strings.HasPrefix(string(out), "podlint-ext ") {
		t.Errorf("version: %q, %v", out, err)
	}
	if err := exec.Command(ext, "lint").Run(); err == nil {
		t.Error("podlint-ext lint: no error")
	}
}
