package rules

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
)

// corpusDir is the shared corpus of real manifests beside the project;
// PODLINT_CORPUS names another place (a worktree elsewhere).
func corpusDir(t *testing.T) string {
	dir := os.Getenv("PODLINT_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no corpus at %s: CI lays shared/ beside the clone", dir)
		}
		t.Skipf("no corpus at %s", dir)
	}
	return dir
}

// TestCustomResourcesOfTheCorpus lints every custom resource of the corpus
// against the CRDs of the corpus, as one lint (CRDs apply cluster-wide):
// each must validate or have a finding read and found true, listed here
// with why. A new finding, or one gone, fails until it is read.
func TestCustomResourcesOfTheCorpus(t *testing.T) {
	dir := corpusDir(t)
	var files []string
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".json")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range analyzertest.Lint(t, files, []*analyzer.Rule{InvalidCustomResource, InvalidCRD}) {
		if d.Rule == InvalidCustomResource.ID || d.Rule == InvalidCRD.ID || d.Rule == analyzer.InternalError.ID {
			rel, _ := filepath.Rel(dir, d.Pos.File)
			got = append(got, fmt.Sprintf("%s:%d %s %s", filepath.ToSlash(rel), d.Pos.Line, d.Rule, d.Message))
		}
	}
	slices.Sort(got)
	const model = "GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model"
	// The InferenceModels are written for a later schema (modelSource,
	// resources) than the v1alpha2 CRD beside them, which requires
	// modelName and poolRef; the trust domain's className is no field of
	// the SPIRE CRD; rook's examples leave <endpoint> to fill in.
	want := []string{
		model + "-variables.yaml:23 invalid-custom-resource spec.modelName: Required value",
		model + "-variables.yaml:23 invalid-custom-resource spec.poolRef: Required value",
		model + "-variables.yaml:24 invalid-custom-resource unknown field \"spec.modelSource\"",
		model + "-variables.yaml:28 invalid-custom-resource unknown field \"spec.resources\"",
		model + ".yaml:23 invalid-custom-resource spec.modelName: Required value",
		model + ".yaml:23 invalid-custom-resource spec.poolRef: Required value",
		model + ".yaml:24 invalid-custom-resource unknown field \"spec.modelSource\"",
		model + ".yaml:28 invalid-custom-resource unknown field \"spec.resources\"",
		"istio__istio/samples/security/spire-trust-domain-federation/cluster-federated-trust-domain.yaml:6 invalid-custom-resource unknown field \"spec.className\"",
		"rook__rook/deploy/examples/object-multisite-pull-realm-test.yaml:28 invalid-custom-resource spec.pull.endpoint: Invalid value: \"<endpoint>\"",
		"rook__rook/deploy/examples/object-multisite-pull-realm.yaml:29 invalid-custom-resource spec.pull.endpoint: Invalid value: \"<endpoint>\"",
	}
	var trimmed []string
	for i, g := range got {
		if i < len(want) && strings.HasPrefix(g, want[i]) {
			g = want[i]
		}
		trimmed = append(trimmed, g)
	}
	if diff := cmp.Diff(want, trimmed); diff != "" {
		t.Errorf("findings on the corpus (-reviewed +now):\n%s", diff)
	}
}

// TestCRDNames checks the early read of a CRD's group and kind against
// decoding the whole CRD.
func TestCRDNames(t *testing.T) {
	for _, js := range []string{
		`{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"ws.example.com","annotations":{"a":"{\"spec\":1}"}},"spec":{"group":"example.com","names":{"plural":"ws","kind":"Widget"},"versions":[{"name":"v1"}]}}`,
		`{"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"properties":{"group":{"type":"string"}}}}}],"names":{"kind":"Widget"},"group":"example.com"}}`,
		`{"spec":{"group":"example.com"}}`,
		`{"kind":"CustomResourceDefinition"}`,
		`{"spec":{"names":{"kind":"Widget","plural":"ws"},"group":"example.com","scope":"Namespaced"}}`,
	} {
		var whole struct {
			Spec struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
			} `json:"spec"`
		}
		if err := json.Unmarshal([]byte(js), &whole); err != nil {
			t.Fatal(err)
		}
		got, err := crdNames([]byte(js))
		if want := (schema.GroupKind{Group: whole.Spec.Group, Kind: whole.Spec.Names.Kind}); err != nil || got != want {
			t.Errorf("%s: %v, %v; want %v", js, got, err, want)
		}
	}
	for _, bad := range []string{`[]`, `{"spec":[]}`, `{"spec":{"group":1}}`, `{"spec":`} {
		if _, err := crdNames([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
