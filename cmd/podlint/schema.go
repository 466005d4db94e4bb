package main

import (
	"encoding/json"
	"slices"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
)

// configSchema returns the JSON Schema (draft-07, which yaml-language-server
// reads) of .podlint.yaml, so editors complete and check the file: every
// key the parser accepts, and every rule ID with its title. docs/
// podlint.schema.json is this, kept current by a test.
func configSchema(rules []*analyzer.Rule) ([]byte, error) {
	type obj = map[string]any
	strings := obj{"type": "array", "items": obj{"type": "string"}}
	ruleProps := obj{}
	for _, r := range rules {
		desc := r.Doc.Title
		if r.DefaultOff {
			desc += " (off by default)"
		}
		ruleProps[r.ID] = obj{"description": desc, "$ref": "#/definitions/setting"}
	}
	familyProps := obj{}
	for _, f := range analyzer.Families {
		familyProps[f] = obj{"$ref": "#/definitions/onOff"}
	}
	props := obj{
		"rules": obj{
			"description":          "Turn rules on or off (on, off) or change their severity (error, warning, info), by rule ID; any setting but off turns a rule on.",
			"type":                 "object",
			"properties":           ruleProps,
			"additionalProperties": false,
		},
		"families": obj{
			"description":          "Turn whole families of rules on or off; a rule's own setting under rules wins.",
			"type":                 "object",
			"properties":           familyProps,
			"additionalProperties": false,
		},
		"peerSuppressions": obj{"description": "Honour the suppression annotations of kube-linter, kube-score and Polaris (true, the default), through the table of docs/migrating.md.", "type": "boolean"},
		"enableAll":        obj{"description": "Turn on every rule, those off by default too; families and rules set to off stay off.", "type": "boolean"},
		"policies":         obj{"description": "Folders of your own Rego policies, relative to this file.", "type": "array", "items": obj{"type": "string"}},
		"policyTimeout":    obj{"description": "How long one policy may take on one object, as a Go duration (2s, 500ms).", "type": "string", "pattern": `^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`},
		"exclude":          obj{"description": "Globs of files not to lint, relative to this file; ** matches any folders.", "type": "array", "items": obj{"type": "string"}},
		"kubeVersion":      obj{"description": "The Kubernetes version to check against, MAJOR.MINOR.", "type": "string", "pattern": `^v?[1-9][0-9]*\.[0-9]+`},
		"podSecurity":      obj{"description": "The cluster's default Pod Security level for pod-security, LEVEL[:VERSION] (restricted, baseline:v1.30).", "type": "string", "pattern": `^(privileged|baseline|restricted)(:(latest|v1\.[0-9]+))?$`},
		"crds":             obj{"description": "Files or folders of CustomResourceDefinitions, or of JSON schemas laid out {group}/{kind}_{version}.json, relative to this file.", "type": "array", "items": obj{"type": "string"}},
		"baseline":         obj{"description": "A baseline file written by podlint lint --write-baseline, relative to this file: the findings it records are hidden.", "type": "string", "minLength": 1},
		"namespace":        obj{"description": "The namespace of objects that name none.", "type": "string", "maxLength": 63, "pattern": `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`},
		"imageRoles": obj{
			"description":          "More image name patterns for the roles multi-container-grouping gives containers.",
			"type":                 "object",
			"properties":           obj{"datastore": strings, "helper": strings},
			"additionalProperties": false,
		},
		"workloads": obj{
			"description": "Custom kinds that create Pods, with where their Pod template and selector are.",
			"type":        "array",
			"items": obj{
				"type":                 "object",
				"required":             []string{"apiVersion", "kind", "templatePath"},
				"additionalProperties": false,
				"properties": obj{
					"apiVersion":   obj{"type": "string"},
					"kind":         obj{"type": "string"},
					"templatePath": obj{"type": "string", "description": "Field path of the Pod template, such as spec.template."},
					"selectorPath": obj{"type": "string", "description": "Field path of the label selector, such as spec.selector."},
				},
			},
		},
		"render": obj{"description": "auto renders Helm charts and kustomizations in-process and lints what they produce; never lints their files raw.", "enum": []any{"auto", "never"}},
		"charts": obj{
			"description": "How each chart is rendered, by its directory relative to this file: as its release is installed.",
			"type":        "object",
			"additionalProperties": obj{
				"type":                 "object",
				"additionalProperties": false,
				"properties": obj{
					"values":      obj{"type": "object", "description": "Values merged over the chart's values.yaml (and its ci/*-values.yaml variants)."},
					"valueFiles":  obj{"type": "array", "items": obj{"type": "string"}, "description": "Values files, relative to this file, after values."},
					"releaseName": obj{"type": "string", "description": "The release name (.Release.Name); release-name by default, as helm template."},
					"namespace":   obj{"type": "string", "description": "The release namespace (.Release.Namespace); --namespace by default."},
				},
			},
		},
	}
	for _, k := range config.Keys {
		if props[k] == nil {
			panic("configSchema: no schema for key " + k) // caught by the schema test
		}
	}
	schema := obj{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"$id":                  "https://raw.githubusercontent.com/podlint/podlint/main/docs/podlint.schema.json",
		"title":                ".podlint.yaml",
		"description":          "The configuration of podlint, the Kubernetes manifest linter.",
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
		"definitions": obj{
			"setting": obj{"enum": []any{"on", true, "off", false, "error", "warning", "info"}},
			"onOff":   obj{"enum": []any{"on", true, "off", false}},
		},
	}
	out, err := json.MarshalIndent(schema, "", "  ")
	return append(out, '\n'), err
}

// schemaKeys returns the top-level keys a schema produced by configSchema
// lists, sorted.
func schemaKeys(schema []byte) ([]string, error) {
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, err
	}
	var keys []string
	for k := range s.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, nil
}
