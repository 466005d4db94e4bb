package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"

	"github.com/podlint/podlint/analyzer/config"
)

// TestConfigSchema keeps docs/podlint.schema.json current with the config
// parser and the rule catalogue (go test -run TestConfigSchema -update
// rewrites it), and checks that the schema and the parser agree on sample
// files: what one accepts the other accepts.
func TestConfigSchema(t *testing.T) {
	got, err := configSchema(catalogue())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("..", "..", "docs", "podlint.schema.json")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/podlint -run TestConfigSchema -update)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("docs/podlint.schema.json is stale; run go test ./cmd/podlint -run TestConfigSchema -update:\n%s", d)
	}
	keys, err := schemaKeys(got)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(slices.Sorted(slices.Values(config.Keys)), keys); d != "" {
		t.Errorf("the schema's keys and the parser's differ (-parser +schema):\n%s", d)
	}

	schema, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(got))
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	var known []string
	for _, r := range catalogue() {
		known = append(known, r.ID)
	}
	for _, tc := range []struct {
		name, yaml string
		ok         bool
	}{
		{"every key", `rules: {image-tag: off, bare-pod: error, missing-probes: info, schema: on}
families: {security: off, reliability: on}
enableAll: true
peerSuppressions: false
policies: [policy]
policyTimeout: 500ms
exclude: ["charts/**"]
kubeVersion: "1.30"
namespace: team-a
baseline: ci/podlint-baseline.json
imageRoles: {datastore: ["*/postgres*"], helper: [envoy]}
workloads:
  - {apiVersion: apps.example.com/v1, kind: Widget, templatePath: spec.template, selectorPath: spec.selector}
`, true},
		{"empty", "{}\n", true},
		{"unknown key", "rulez: {}\n", false},
		{"unknown rule", "rules: {image-tags: off}\n", false},
		{"bad severity", "rules: {image-tag: loud}\n", false},
		{"unknown family", "families: {securty: on}\n", false},
		{"bad family setting", "families: {security: error}\n", false},
		{"bad enableAll", "enableAll: everything\n", false},
		{"bad namespace", "namespace: Team_A\n", false},
		{"bad duration", "policyTimeout: soon\n", false},
		{"empty baseline", "baseline: ''\n", false},
		{"baseline list", "baseline: [a.json]\n", false},
		{"workload without template", "workloads: [{apiVersion: a/v1, kind: W}]\n", false},
		{"unknown image role", "imageRoles: {cache: [redis]}\n", false},
	} {
		_, parseErr := config.Parse(".podlint.yaml", []byte(tc.yaml), known)
		js, err := yamlToJSON(tc.yaml)
		if err != nil {
			t.Fatal(err)
		}
		res, err := schema.Validate(gojsonschema.NewBytesLoader(js))
		if err != nil {
			t.Fatal(err)
		}
		if (parseErr == nil) != tc.ok || res.Valid() != tc.ok {
			t.Errorf("%s: parser error %v, schema valid %v (%v); want both to say %v", tc.name, parseErr, res.Valid(), res.Errors(), tc.ok)
		}
	}
}

// yamlToJSON turns a sample configuration into the JSON the schema checks,
// as an editor's YAML language server does.
func yamlToJSON(s string) ([]byte, error) { return yaml.YAMLToJSON([]byte(s)) }
