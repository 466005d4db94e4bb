package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podlint/podlint/analyzer"
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
				"judged (not yet counted in the summary either).",
			Bad:  invalidCustomResourceBad,
			Good: invalidCustomResourceGood,
		},
		Check: func(pass *analyzer.Pass) error { return checkInvalidCustomResource(pass, c) },
	}
	crd := &analyzer.Rule{
		ID:       "invalid-crd",
		Severity: analyzer.Error,
		Family:   "correctness",
		Doc: analyzer.Doc{
			Title: "CustomResourceDefinition the API server rejects",
			Why: "The API server validates a CRD before it installs it: names, versions, and a structural schema whose CEL " +
				"rules compile within their cost budget. A CRD that fails is refused, and every custom resource of its kind " +
				"then fails with \"no matches for kind\". This is k8s.io/apiextensions-apiserver's ValidateCustomResourceDefinition, " +
				"reported once at the CRD with its first errors.",
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
	cc := c.compile(o)
	if len(cc.errs) == 0 {
		return nil
	}
	var msgs []string
	for i, e := range cc.errs {
		if i == 3 {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(cc.errs)-3))
			break
		}
		msgs = append(msgs, e.Error())
	}
	pass.Reportf(analyzer.Path{}.Field("spec"), "the API server refuses this CRD: %s", strings.Join(msgs, "; "))
	return nil
}

func checkInvalidCustomResource(pass *analyzer.Pass, c *crdCatalog) error {
	o := pass.Object
	if !IsCustomResource(o) || len(o.JSON) == 0 {
		return nil
	}
	cv, crd, found, err := c.lookup(pass.Cluster, o.GVK)
	if err != nil {
		return err
	}
	if !found {
		return nil // no schema anywhere: not judged
	}
	if crd != nil && (cv == nil || !cv.served) {
		var served []string
		for name, v := range crd.versions {
			if v.served {
				served = append(served, name)
			}
		}
		slices.Sort(served)
		pass.Reportf(analyzer.Path{}.Field("apiVersion"), "the CRD of %s does not serve version %s (it serves %s): kubectl apply fails with \"no matches for kind\"",
			o.Kind, o.GVK.Version, strings.Join(served, ", "))
		return nil
	}
	if cv == nil || cv.structural == nil {
		return nil // a version without a schema takes any object; invalid-crd reports a schema that does not compile
	}
	var obj map[string]any
	if err := utiljson.Unmarshal(o.JSON, &obj); err != nil {
		return nil // not an object: the loader reported it
	}
	unknown, errs := cv.validate(obj)
	for _, u := range unknown {
		at := resolveFieldPath(o.Node, u)
		name := u
		if at.Len() > 0 {
			if e := at.Elem(at.Len() - 1); !e.IsIndex {
				name = e.Key
			}
		}
		hint := ""
		if s := analyzer.Closest(name, knownFields(cv.structural, at.Parent())); s != "" {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		pass.Reportf(at, "unknown field %q in %s %s: kubectl apply refuses it (the API server prunes it otherwise)%s", u, o.Kind, o.GVK.Version, hint)
	}
	for _, e := range errs {
		at := resolveFieldPath(o.Node, e.Field)
		if e.Field == "<nil>" || e.Field == "" {
			at = analyzer.Path{}
		}
		pass.Reportf(at, "%s", fieldErrorText(e))
	}
	return nil
}

// fieldErrorText is the server's text of e, path first.
func fieldErrorText(e *field.Error) string {
	if e.Field == "<nil>" || e.Field == "" {
		return e.ErrorBody()
	}
	return e.Error()
}

// knownFields returns the property names the schema allows at path p.
func knownFields(s *structuralschema.Structural, p analyzer.Path) []string {
	for i := range p.Len() {
		if s == nil {
			return nil
		}
		e := p.Elem(i)
		switch {
		case e.IsIndex:
			s = s.Items
		case s.Properties != nil:
			if next, ok := s.Properties[e.Key]; ok {
				s = &next
			} else {
				return nil
			}
		case s.AdditionalProperties != nil:
			s = s.AdditionalProperties.Structural
		default:
			return nil
		}
	}
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// resolveFieldPath turns a field path of apiextensions' errors into a Path
// through the object's YAML: schema and pruning paths join map keys with
// unescaped dots (spec.selector.matchLabels.app.kubernetes.io/name), CEL
// and list types write [key], indexes [i] everywhere. At each mapping the
// keys that prefix the rest are tried, longest first, backtracking; what
// is not in the tree (a Required field) is kept as the next element, so
// the position falls on the nearest key that exists.
func resolveFieldPath(n *yaml.Node, s string) analyzer.Path {
	p, _ := walkFieldPath(n, s, analyzer.Path{}, 0)
	return p
}

func walkFieldPath(n *yaml.Node, s string, at analyzer.Path, depth int) (analyzer.Path, bool) {
	s = strings.TrimPrefix(s, ".")
	if s == "" {
		return at, true
	}
	if n == nil || depth > 100 {
		return at.Join(fromFieldPath(s)), false
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if s[0] == '[' {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return at, false
		}
		inner, rest := s[1:end], s[end+1:]
		if i, err := strconv.Atoi(inner); err == nil && n.Kind == yaml.SequenceNode {
			if i < len(n.Content) {
				return walkFieldPath(n.Content[i], rest, at.Index(i), depth+1)
			}
			return at.Index(i).Join(fromFieldPath(rest)), false
		}
		inner = strings.Trim(inner, `"`)
		if n.Kind == yaml.MappingNode {
			if v := mappingValue(n, inner); v != nil {
				return walkFieldPath(v, rest, at.Key(inner), depth+1)
			}
		}
		return at.Key(inner).Join(fromFieldPath(rest)), false
	}
	if n.Kind == yaml.MappingNode {
		var keys []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if s == k || (strings.HasPrefix(s, k) && (s[len(k)] == '.' || s[len(k)] == '[')) {
				keys = append(keys, k)
			}
		}
		slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
		var partial *analyzer.Path
		for _, k := range keys {
			p, ok := walkFieldPath(mappingValue(n, k), s[len(k):], at.Key(k), depth+1)
			if ok {
				return p, true
			}
			if partial == nil {
				partial = &p
			}
		}
		if partial != nil {
			return *partial, false
		}
	}
	end := strings.IndexAny(s, ".[")
	if end < 0 {
		end = len(s)
	}
	return at.Key(s[:end]).Join(fromFieldPath(s[end:])), false
}

func mappingValue(m *yaml.Node, k string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return m.Content[i+1]
		}
	}
	return nil
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
