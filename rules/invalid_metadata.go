package rules

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/validate/content"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podlint/podlint/analyzer"
)

// InvalidMetadata reports names, namespaces, labels and annotation keys
// that the API server would reject.
var InvalidMetadata = &analyzer.Rule{
	ID:       "invalid-metadata",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "name, namespace, label or annotation the API server rejects",
		Why: "Names and namespaces must be DNS names, label keys qualified names of at most 63 characters " +
			"with an optional DNS prefix, and label values at most 63 characters of letters, digits, '-', '_' " +
			"and '.'. The API server refuses the whole object otherwise, often only at deploy time. The namespace of a " +
			"cluster-scoped object is not checked but noted (info): the API server ignores it.",
		Bad:  invalidMetadataBad,
		Good: invalidMetadataGood,
	},
	Applies: analyzer.AnyObject,
	Check:   checkInvalidMetadata,
}

// rbacKinds take path segment names ("system:controller:x"), not DNS names.
var rbacKinds = map[string]bool{"Role": true, "ClusterRole": true, "RoleBinding": true, "ClusterRoleBinding": true}

func checkInvalidMetadata(pass *analyzer.Pass) error {
	o := pass.Object
	meta := analyzer.Path{}.Field("metadata")
	if name := o.Meta.GetName(); name != "" {
		var errs []string
		switch {
		case rbacKinds[o.Kind]:
			errs = content.IsPathSegmentName(name)
		case o.Kind == "Namespace":
			errs = validation.IsDNS1123Label(name)
		case o.Kind == "Service" && o.GVK.Group == "":
			errs = validation.IsDNS1035Label(name)
		default:
			errs = validation.IsDNS1123Subdomain(name)
		}
		reportAll(pass, meta.Field("name"), "name %q: ", name, errs)
	}
	if ns := o.Meta.GetNamespace(); ns != "" && o.ClusterScoped {
		// The API server clears the namespace of a cluster-scoped object,
		// whatever it holds: a hint, never a rejection.
		pass.Report(analyzer.Diagnostic{Path: meta.Field("namespace"), Severity: analyzer.Info, Message: fmt.Sprintf(
			"%s is cluster-scoped, so its namespace %q is ignored%s", o.Kind, ns, analyzer.TemplateHint(ns))})
	} else if ns != "" {
		reportAll(pass, meta.Field("namespace"), "namespace %q: ", ns, validation.IsDNS1123Label(ns))
	}
	checkLabels(pass, meta.Field("labels"), o.Labels)
	for _, k := range sortedKeys(o.Annotations) {
		reportAll(pass, meta.Field("annotations").Key(k), "annotation key %q: ", k, validation.IsQualifiedName(strings.ToLower(k)))
	}
	if spec, ok := o.PodSpec(); ok && !spec.MetaPath.HasPrefix(meta) {
		checkLabels(pass, spec.MetaPath.Field("labels"), spec.Meta.Labels)
	}
	return nil
}

func checkLabels(pass *analyzer.Pass, at analyzer.Path, labels map[string]string) {
	for _, k := range sortedKeys(labels) {
		reportAll(pass, at.Key(k), "label key %q: ", k, validation.IsQualifiedName(k))
		reportAll(pass, at.Key(k), "label value %q: ", labels[k], validation.IsValidLabelValue(labels[k]))
	}
}

func reportAll(pass *analyzer.Pass, at analyzer.Path, prefix, value string, errs []string) {
	if len(errs) > 0 {
		pass.Reportf(at, prefix+"%s%s", value, strings.Join(errs, "; "), analyzer.TemplateHint(value))
	}
}

const invalidMetadataBad = `apiVersion: v1
kind: ConfigMap
metadata:
  name: Web_Config
  labels:
    app: web frontend
`

const invalidMetadataGood = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  labels:
    app: web-frontend
`
