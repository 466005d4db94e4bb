package rules

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/ext"
)

// The CRD rules with no schema files: they see the CRDs of the lint.
var (
	crdRules = func() [2]*analyzer.Rule { cr, crd := NewCRDRules(nil); return [2]*analyzer.Rule{cr, crd} }()
	// InvalidCustomResource validates custom resources against their CRDs.
	InvalidCustomResource = crdRules[0]
	// InvalidCRD reports CRDs the API server refuses.
	InvalidCRD = crdRules[1]
)

// NewCRDRules returns invalid-custom-resource and invalid-crd sharing one
// catalog of compiled CRDs and of the JSON schema files given (--crd with
// a folder in the kubeconform layout).
func NewCRDRules(files []SchemaFile) (*analyzer.Rule, *analyzer.Rule) {
	c := newCRDCatalog(files)
	cr := &analyzer.Rule{
		ID:           "invalid-custom-resource",
		Severity:     analyzer.Error,
		Family:       "correctness",
		ClusterKinds: []schema.GroupKind{crdKind},
		Applies:      IsCustomResource,
		Doc: analyzer.Doc{
			Title: "custom resource the API server rejects against its CRD",
			Why: "A ServiceMonitor with selectr:, a Rollout whose canary steps hold a typo, a value outside an enum or " +
				"a pattern, a missing required field, a broken x-kubernetes-validations rule: the API server refuses the " +
				"object (kubectl apply validates fields strictly), or prunes the unknown field silently and the controller " +
				"never sees it. Each custom resource whose CRD is in the linted set (any folder), in --crd or crds:, or in a " +
				"JSON schema folder laid out as kubeconform and the CRD catalog lay it out ({group}/{kind}_{version}.json), " +
				"is validated by k8s.io/apiextensions-apiserver's own code in the server's order: unknown fields (with the " +
				"nearest known name) unless x-kubernetes-preserve-unknown-fields, status dropped when it is a subresource, " +
				"defaults applied, the OpenAPI schema (types, enums, patterns, required, bounds), list types, and then the " +
				"CEL rules. A version the CRD does not serve is an error. A custom resource with no schema anywhere is not " +
				"judged: the summary counts it, by kind.",
			Bad:  invalidCustomResourceBad,
			Good: invalidCustomResourceGood,
		},
		Check: func(pass *analyzer.Pass) error { return checkInvalidCustomResource(pass, c) },
	}
	crd := &analyzer.Rule{
		ID:       "invalid-crd",
		Severity: analyzer.Error,
		Family:   "correctness",
		Applies:  func(o *analyzer.Object) bool { return o.GVK.GroupKind() == crdKind && o.GVK.Version == "v1" },
		Doc: analyzer.Doc{
			Title: "CustomResourceDefinition the API server rejects",
			Why: "The API server validates a CRD before it installs it: names, versions, and a structural schema whose CEL " +
				"rules compile within their cost budget. A CRD that fails is refused, and every custom resource of its kind " +
				"then fails with \"no matches for kind\". This is k8s.io/apiextensions-apiserver's ValidateCustomResourceDefinition, " +
				"reported once, at the field of its first error, with its first errors.",
			Bad:  invalidCRDBad,
			Good: invalidCRDGood,
		},
		Check: func(pass *analyzer.Pass) error { return checkInvalidCRD(pass, c) },
	}
	return cr, crd
}

// builtinGroups are the API groups of k8s.io/api and the server's own:
// their objects are not custom resources.
var builtinGroups = func() map[string]bool {
	m := map[string]bool{"apiextensions.k8s.io": true, "apiregistration.k8s.io": true}
	for _, gv := range analyzer.GroupVersions {
		m[gv.GV.Group] = true
	}
	return m
}()

// IsCustomResource reports whether o is an object of a custom kind: no
// group of k8s.io/api or the API server's own.
func IsCustomResource(o *analyzer.Object) bool {
	return o.Typed == nil && o.Kind != "" && !builtinGroups[o.GVK.Group] && !o.Rejected
}

func checkInvalidCRD(pass *analyzer.Pass, c *crdCatalog) error {
	o := pass.Object
	if o.GVK.GroupKind() != crdKind || o.GVK.Version != "v1" || len(o.JSON) == 0 {
		return nil
	}
	cc, err := c.compile(context.Background(), o, false)
	if err != nil {
		return c.companionFailed(err)
	}
	if len(cc.Errs) == 0 {
		return nil
	}
	var msgs []string
	for i, e := range cc.Errs {
		if i == 3 {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(cc.Errs)-3))
			break
		}
		msgs = append(msgs, e.Text)
	}
	// At the first error's field: the schema node a person fixes.
	at := extPath(cc.Errs[0].Path)
	if at.Len() == 0 {
		at = analyzer.Path{}.Field("spec")
	}
	pass.Reportf(at, "the API server refuses this CRD: %s", strings.Join(msgs, "; "))
	return nil
}

func checkInvalidCustomResource(pass *analyzer.Pass, c *crdCatalog) error {
	o := pass.Object
	if !IsCustomResource(o) || len(o.JSON) == 0 {
		return nil
	}
	ctx := context.Background()
	ref, found, err := c.lookup(ctx, pass.Cluster, o.GVK)
	if err == nil && found && ref.served && ref.hasSchema {
		var res ext.ValidateResult
		if err = ext.Call(ctx, ext.MethodValidate, ext.ValidateRequest{ID: ref.id, Version: ref.version, Object: o.JSON}, &res); err == nil {
			reportProblems(pass, &res)
			return nil
		}
	}
	var bad *schemaFileError
	if errors.As(err, &bad) {
		return err
	}
	if err != nil {
		return c.companionFailed(err)
	}
	if !found {
		pass.Cluster.NoSchema(o) // no schema anywhere: not judged, counted
		return nil
	}
	if ref.crd != nil && !ref.served {
		var served []string
		for name, v := range ref.crd.Versions {
			if v.Served {
				served = append(served, name)
			}
		}
		slices.Sort(served)
		pass.Reportf(analyzer.Path{}.Field("apiVersion"), "the CRD of %s does not serve version %s (it serves %s): kubectl apply fails with \"no matches for kind\"",
			o.Kind, o.GVK.Version, strings.Join(served, ", "))
	}
	return nil // a version without a schema takes any object; invalid-crd reports a schema that does not compile
}

// companionFailed returns err the first time: when podlint-ext cannot be
// asked, one finding says why, not one per custom resource.
func (c *crdCatalog) companionFailed(err error) error {
	var first error
	c.failed.Do(func() { first = fmt.Errorf("%w; CRDs and custom resources are not validated in this run", err) })
	return first
}

// reportProblems reports what the server would refuse of the object.
func reportProblems(pass *analyzer.Pass, res *ext.ValidateResult) {
	o := pass.Object
	for _, u := range res.Unknown {
		at := extPath(u.Path)
		name := u.Field
		if at.Len() > 0 {
			if e := at.Elem(at.Len() - 1); !e.IsIndex {
				name = e.Key
			}
		}
		hint := ""
		if s := analyzer.Closest(name, u.Known); s != "" {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		pass.Reportf(at, "unknown field %q in %s %s: kubectl apply refuses it (the API server prunes it otherwise)%s", u.Field, o.Kind, o.GVK.Version, hint)
	}
	for _, e := range res.Errs {
		pass.Reportf(extPath(e.Path), "%s", e.Text)
	}
}

// extPath is the Path of a field podlint-ext names.
func extPath(elems []ext.PathElem) analyzer.Path {
	var p analyzer.Path
	for _, e := range elems {
		if e.IsIndex {
			p = p.Index(e.Index)
		} else {
			p = p.Key(e.Key)
		}
	}
	return p
}

const invalidCustomResourceCRD = `apiVersion: apiextensions.k8s.io/v1
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
              required: [size]
              properties:
                size: {type: string, enum: [small, large]}
                replicas: {type: integer, minimum: 1}
`

const invalidCustomResourceBad = invalidCustomResourceCRD + `---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: medium
  replica: 2
`

const invalidCustomResourceGood = invalidCustomResourceCRD + `---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: small
  replicas: 2
`

const invalidCRDBad = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
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
              properties:
                size: {type: string}
`

const invalidCRDGood = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
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
                size: {type: string}
`
