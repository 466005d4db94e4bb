package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLightBinary keeps Kubernetes' heaviest libraries out of podlint:
// Helm's SDK, kustomize and the API server's packages belong to
// podlint-ext (see package ext), which podlint starts only when an input
// needs them. Linked in, their initialisers cost about 30 ms of every
// start and their code 55 MB.
func TestLightBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	heavy := []string{"helm.sh/helm/", "sigs.k8s.io/kustomize/api", "k8s.io/apiextensions-apiserver/", "k8s.io/apiserver/",
		"k8s.io/client-go/", "github.com/podlint/podlint/analyzer/extserver"}
	for _, pkg := range strings.Fields(string(out)) {
		for _, h := range heavy {
			if strings.HasPrefix(pkg, h) {
				t.Errorf("podlint imports %s", pkg)
			}
		}
	}
}
