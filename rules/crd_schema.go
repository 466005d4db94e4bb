package rules

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	crdvalidation "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/podlint/podlint/analyzer"
)

// crdKind is the kind whose objects define custom resources.
var crdKind = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}

// A crdVersion is one version of a custom resource kind, compiled as the
// API server compiles it when the CRD is created.
type crdVersion struct {
	served     bool
	status     bool // the status subresource is on: the server drops status on create
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	cel        *cel.Validator // nil when the schema has no x-kubernetes-validations
}

// A compiledCRD is a CRD with the verdict of the server's CRD validation.
type compiledCRD struct {
	group, kind string
	versions    map[string]*crdVersion
	errs        field.ErrorList // ValidateCustomResourceDefinition's, with the paths of the v1 object
}

// crdCatalog compiles each CRD once per process, whichever rule and set
// asks first: CRDs are keyed by their JSON, so the copy gathered for the
// whole lint (analyzer.Cluster) and the one in its own set share the work.
type crdCatalog struct {
	mu       sync.Mutex
	compiled map[[32]byte]*crdEntry
	byObject sync.Map // *analyzer.Object -> *compiledCRD
	// schemas are the JSON schemas given in the kubeconform layout, by
	// group/kind/version (kind lowercase), compiled when first asked for.
	schemas map[string]*schemaFile
}

// A SchemaFile is one JSON schema of a custom resource version, as the
// kubeconform and CRD-catalog layout names it: {group}/{kind}_{version}.json.
type SchemaFile struct {
	Group, Kind, Version string
	Name                 string // shown in findings
	Data                 []byte
}

type schemaFile struct {
	SchemaFile
	once    sync.Once
	version *crdVersion
	err     error
}

func newCRDCatalog(files []SchemaFile) *crdCatalog {
	c := &crdCatalog{compiled: map[[32]byte]*crdEntry{}, schemas: map[string]*schemaFile{}}
	for _, f := range files {
		c.schemas[schemaKey(f.Group, f.Kind, f.Version)] = &schemaFile{SchemaFile: f}
	}
	return c
}

func schemaKey(group, kind, version string) string {
	return strings.ToLower(group + "/" + kind + "_" + version)
}

// compile returns the CRD object o compiled: found by the object first
// (every custom resource looks its CRD up), by its JSON second (the same
// CRD loaded for the whole lint and in its own set), compiled once.
func (c *crdCatalog) compile(o *analyzer.Object) *compiledCRD {
	if cc, ok := c.byObject.Load(o); ok {
		return cc.(*compiledCRD)
	}
	key := sha256.Sum256(o.JSON)
	c.mu.Lock()
	e, ok := c.compiled[key]
	if !ok {
		e = &crdEntry{}
		c.compiled[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.crd = compileCRD(o.JSON) })
	c.byObject.Store(o, e.crd)
	return e.crd
}

type crdEntry struct {
	once sync.Once
	crd  *compiledCRD
}

// compileCRD follows the server's create of a CRD: defaults, conversion to
// the internal type, ValidateCustomResourceDefinition (names, versions,
// structural schemas, CEL rules that compile within their cost), then per
// version the structural schema, the OpenAPI validator and the CEL
// validator the custom resource handler builds.
func compileCRD(js []byte) *compiledCRD {
	cc := &compiledCRD{versions: map[string]*crdVersion{}}
	v1 := &apiextensionsv1.CustomResourceDefinition{}
	if err := json.Unmarshal(js, v1); err != nil {
		cc.errs = field.ErrorList{field.Invalid(nil, "", err.Error())}
		return cc
	}
	cc.group, cc.kind = v1.Spec.Group, v1.Spec.Names.Kind
	apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(v1)
	internal := &apiextensions.CustomResourceDefinition{}
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(v1, internal, nil); err != nil {
		cc.errs = field.ErrorList{field.Invalid(nil, "", err.Error())}
		return cc
	}
	cc.errs = crdvalidation.ValidateCustomResourceDefinition(context.Background(), internal)
	for _, v := range v1.Spec.Versions {
		cv := &crdVersion{served: v.Served, status: v.Subresources != nil && v.Subresources.Status != nil}
		cc.versions[v.Name] = cv
		if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			continue
		}
		props := &apiextensions.JSONSchemaProps{}
		if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, props, nil); err != nil {
			continue
		}
		_ = cv.compileSchema(props) // ValidateCustomResourceDefinition has reported why it failed
	}
	return cc
}

// compileSchema builds what a version needs to validate; a schema that
// fails here is reported by ValidateCustomResourceDefinition (or, for a
// JSON schema file, by the caller), and leaves the version unchecked.
func (cv *crdVersion) compileSchema(props *apiextensions.JSONSchemaProps) error {
	s, err := structuralschema.NewStructural(props)
	if err != nil {
		return err
	}
	sv, _, err := apiservervalidation.NewSchemaValidator(props)
	if err != nil {
		return err
	}
	cv.structural, cv.validator = s, sv
	cv.cel = cel.NewValidator(s, true, celconfig.PerCallLimit)
	return nil
}

// lookup returns the version of group/kind a custom resource names, from
// the CRDs of the lint or else the schema files, and where it came from.
func (c *crdCatalog) lookup(cluster *analyzer.Cluster, gvk schema.GroupVersionKind) (cv *crdVersion, crd *compiledCRD, found bool, err error) {
	// Several CRDs may define the kind (a repository's variants): one that
	// serves the version wins. apiextensions.k8s.io/v1beta1 CRDs are left
	// out: that API is gone (deprecated-api reports them).
	var first *compiledCRD
	for _, o := range cluster.Objects(crdKind) {
		if o.GVK.Version != "v1" || len(o.JSON) == 0 {
			continue
		}
		cc := c.compile(o)
		if cc.group != gvk.Group || cc.kind != gvk.Kind {
			continue
		}
		if v := cc.versions[gvk.Version]; v != nil && v.served {
			return v, cc, true, nil
		}
		if first == nil {
			first = cc
		}
	}
	if first != nil {
		return nil, first, true, nil
	}
	f := c.schemas[schemaKey(gvk.Group, gvk.Kind, gvk.Version)]
	if f == nil {
		return nil, nil, false, nil
	}
	f.once.Do(func() { f.version, f.err = compileSchemaFile(f.Data) })
	if f.err != nil {
		return nil, nil, true, fmt.Errorf("schema %s: %w", f.Name, f.err)
	}
	return f.version, nil, true, nil
}

// compileSchemaFile reads a JSON schema of the catalog layout. Those files
// are OpenAPI v3 schemas converted for plain JSON Schema validators, which
// set additionalProperties: false beside properties where a structural
// schema prunes instead; that is taken out, and $schema with it.
func compileSchemaFile(data []byte) (*crdVersion, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	delete(raw, "$schema")
	delete(raw, "$id")
	structuralize(raw)
	js, _ := json.Marshal(raw)
	v1 := &apiextensionsv1.JSONSchemaProps{}
	if err := json.Unmarshal(js, v1); err != nil {
		return nil, err
	}
	props := &apiextensions.JSONSchemaProps{}
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1, props, nil); err != nil {
		return nil, err
	}
	cv := &crdVersion{served: true}
	if err := cv.compileSchema(props); err != nil {
		return nil, err
	}
	return cv, nil
}

// structuralize drops additionalProperties: false where properties are
// given, below every node of a JSON schema.
func structuralize(n any) {
	switch v := n.(type) {
	case map[string]any:
		if ap, ok := v["additionalProperties"].(bool); ok && !ap {
			if _, has := v["properties"]; has {
				delete(v, "additionalProperties")
			}
		}
		for _, c := range v {
			structuralize(c)
		}
	case []any:
		for _, c := range v {
			structuralize(c)
		}
	}
}

// validate runs the server's create-time checks of a custom resource
// against a version (customresource_handler.go, strategy.go): unknown
// fields as a strict apply reports them, status dropped when it is a
// subresource, nulls pruned, defaults applied, then the OpenAPI schema,
// list types and, when nothing blocks them, the CEL rules.
func (cv *crdVersion) validate(obj map[string]any) (unknown []string, errs field.ErrorList) {
	unknown = pruning.PruneWithOptions(obj, cv.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	if cv.status {
		delete(obj, "status")
	}
	defaulting.PruneNonNullableNullsWithoutDefaults(obj, cv.structural)
	defaulting.Default(obj, cv.structural)
	errs = apiservervalidation.ValidateCustomResource(nil, obj, cv.validator)
	errs = append(errs, listtype.ValidateListSetsAndMaps(nil, cv.structural, obj)...)
	if cv.cel != nil && !hasBlocking(errs) {
		celErrs, _ := cv.cel.Validate(context.Background(), nil, cv.structural, obj, nil, celconfig.RuntimeCELCostBudget)
		errs = append(errs, celErrs...)
	}
	return unknown, errs
}

// hasBlocking follows the handler: CEL rules are not run when a
// NotSupported, Required, TooLong, TooMany or TypeInvalid error stands.
func hasBlocking(errs field.ErrorList) bool {
	for _, e := range errs {
		switch e.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return true
		}
	}
	return false
}
