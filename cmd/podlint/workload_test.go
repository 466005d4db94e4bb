package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCustomWorkload checks that a kind declared with --workload gets the
// Pod rules and takes part in selector matching.
func TestCustomWorkload(t *testing.T) {
	dir := t.TempDir()
	manifest := `apiVersion: apps.example.com/v1
kind: Widget
metadata:
  name: w
spec:
  selector:
    matchLabels: {app: widget}
  template:
    metadata:
      labels: {app: widget}
    spec:
      containers:
        - name: w
          image: example/widget:latest
---
apiVersion: v1
kind: Service
metadata:
  name: widget
spec:
  selector: {app: widget}
  ports:
    - port: 80
      targetPort: http
`
	path := filepath.Join(dir, "widget.yaml")
	if err := os.WriteFile(path, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	_, without, _ := podlint(t, "", "lint", "--fail-on", "error", path)
	if strings.Contains(without, "image-tag") {
		t.Errorf("an unknown kind got Pod rules:\n%s", without)
	}
	_, with, _ := podlint(t, "", "lint", "--workload", "apps.example.com/v1,Widget,spec.template,spec.selector", path)
	for _, want := range []string{"widget.yaml:14:11: warning", "(image-tag)", "(service-port-mismatch)"} {
		if !strings.Contains(with, want) {
			t.Errorf("with --workload, output lacks %q:\n%s", want, with)
		}
	}
	if code, _, _ := podlint(t, "", "lint", "--workload", "v1,Widget", path); code != 2 {
		t.Errorf("a malformed --workload gave exit %d, want 2", code)
	}
}
