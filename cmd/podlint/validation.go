package main

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/rules"
)

// validationOptions are the flags of the API server's own verdicts: Pod
// Security Admission's default level, and where CRDs and schemas are.
type validationOptions struct {
	podSecurity string
	crds        []string
}

func (o *validationOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.podSecurity, "pod-security", "", "the cluster's default Pod Security level, LEVEL[:VERSION] (restricted, baseline:v1.30),\nfor pod-security; Namespaces in the linted set with pod-security.kubernetes.io labels override it")
	f.StringArrayVar(&o.crds, "crd", nil, "a file or folder of CustomResourceDefinitions, or a folder of JSON schemas laid out\n{group}/{kind}_{version}.json (kubeconform, the CRD catalog), to validate custom resources\nagainst; read, never reported on (repeatable)")
}

// applyConfig takes the file's settings the flags did not set.
func (o *validationOptions) applyConfig(cfg *config.Config, changed func(string) bool) {
	if cfg.PodSecurity != "" && !changed("pod-security") {
		o.podSecurity = cfg.PodSecurity
	}
	if len(cfg.CRDs) > 0 && !changed("crd") {
		o.crds = cfg.CRDs
	}
}

// configure rebuilds pod-security with the level named and the CRD rules
// with the schema files found, and returns the CRD manifests to read as
// definitions. A level from the file is blamed on its line.
func (o *validationOptions) configure(ruleSet []*analyzer.Rule, cfg *config.Config, changed func(string) bool, maxSize int64) ([]*analyzer.Rule, []load.Input, error) {
	policy, err := rules.ParsePodSecurity(o.podSecurity)
	if err != nil {
		if cfg != nil && !changed("pod-security") && cfg.PodSecurity == o.podSecurity {
			return nil, nil, &exitCodeError{code: exitError, err: cfg.Errorf("podSecurity", "podSecurity %v", err)}
		}
		return nil, nil, usageError("--pod-security %v", err)
	}
	var defs []load.Input
	var schemas []rules.SchemaFile
	if len(o.crds) > 0 {
		inputs, err := load.ExpandLimit(o.crds, nil, "", maxSize)
		if err != nil {
			return nil, nil, usageError("--crd: %v", err)
		}
		for _, in := range inputs {
			if f, ok := schemaFile(in, maxSize); ok {
				schemas = append(schemas, f)
				continue
			}
			defs = append(defs, in)
		}
	}
	cr, crd := rules.NewCRDRules(schemas)
	out := make([]*analyzer.Rule, len(ruleSet))
	for i, r := range ruleSet {
		switch r.ID {
		case rules.PodSecurity.ID:
			r = rules.NewPodSecurity(policy)
		case cr.ID:
			r = cr
		case crd.ID:
			r = crd
		}
		out[i] = r
	}
	return out, defs, nil
}

// schemaFile reads in as a JSON schema of the catalog layout,
// {group}/{kind}_{version}.json: a JSON object that is no Kubernetes
// object (no apiVersion and kind) in a file so named.
func schemaFile(in load.Input, maxSize int64) (rules.SchemaFile, bool) {
	base := filepath.Base(in.Path)
	kind, version, ok := strings.Cut(strings.TrimSuffix(base, ".json"), "_")
	if !ok || !strings.HasSuffix(base, ".json") || in.Skip != "" {
		return rules.SchemaFile{}, false
	}
	data, err := analyzer.ReadRegularFile(in.Path, maxSize, "schema")
	if err != nil {
		return rules.SchemaFile{}, false
	}
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if json.Unmarshal(data, &head) != nil || head.APIVersion != "" || head.Kind != "" {
		return rules.SchemaFile{}, false
	}
	group := filepath.Base(filepath.Dir(in.Path))
	return rules.SchemaFile{Group: group, Kind: kind, Version: version, Name: in.Name, Data: data}, true
}
