package extserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	crdvalidation "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/podlint/podlint/analyzer/ext"
)

// crds holds the CRDs and schema files compiled in this process, by the
// hash of their text: podlint asks once per CRD object, and the same CRD
// may come from the lint and from --crd.
type crds struct {
	mu   sync.Mutex
	byID map[string]*crdEntry
}

type crdEntry struct {
	once    sync.Once
	crd     atomic.Pointer[compiledCRD] // a CRD, once compiled
	version *crdVersion                 // a schema file
	err     error                       // a schema file that does not compile
}

func (c *crds) entry(prefix string, sum [sha256.Size]byte) (string, *crdEntry) {
	id := prefix + hex.EncodeToString(sum[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[string]*crdEntry{}
	}
	e, ok := c.byID[id]
	if !ok {
		e = &crdEntry{}
		c.byID[id] = e
	}
	return id, e
}

func (c *crds) lookup(id string) *crdEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byID[id]
}

// compiled returns the CRD compiled under prefix and sum, if it is done.
func (c *crds) compiled(prefix string, sum [sha256.Size]byte) *compiledCRD {
	if e := c.lookup(prefix + hex.EncodeToString(sum[:])); e != nil {
		return e.crd.Load()
	}
	return nil
}

// Prefixes of the IDs of CRDs: judged with their schemas compiled, to
// validate custom resources against them, or judged only.
const (
	crdPrefix     = "crd:"
	verdictPrefix = "crd-verdict:"
)

// compile answers MethodCRD. A CRD is judged, and its versions' schemas
// compiled only when asked (req.Schemas): most CRDs of a repository have
// no custom resource beside them, and compiled schemas hold about ten
// times the CRD's JSON (the corpus's v1 CRDs: 39 MB for 4.1 MB), against
// a few percent for a verdict. Each stage is done once for a CRD's text.
func (c *crds) compile(req *ext.CRDRequest) *ext.CRDResult {
	sum := sha256.Sum256(req.JSON)
	prefix := verdictPrefix
	if req.Schemas {
		prefix = crdPrefix
	}
	id, e := c.entry(prefix, sum)
	e.once.Do(func() {
		switch {
		case !req.Schemas && c.compiled(crdPrefix, sum) != nil:
			e.crd.Store(c.compiled(crdPrefix, sum)) // judged already, with its schemas
		default:
			e.crd.Store(compileCRD(req.JSON, req.Schemas, c.compiled(verdictPrefix, sum)))
		}
	})
	crd := e.crd.Load()
	res := &ext.CRDResult{ID: id, Group: crd.group, Kind: crd.kind, Versions: map[string]ext.CRDVersion{}}
	for name, v := range crd.versions {
		res.Versions[name] = ext.CRDVersion{Served: v.served, Schema: req.Schemas && v.structural != nil}
	}
	var obj any
	if len(crd.errs) > 0 {
		_ = json.Unmarshal(req.JSON, &obj)
	}
	for _, fe := range crd.errs {
		p := ext.Problem{Field: fe.Field, Text: fe.Error()}
		if fe.Field != "<nil>" && fe.Field != "" {
			p.Path = resolveFieldPath(obj, v1Field(fe.Field))
		}
		res.Errs = append(res.Errs, p)
	}
	return res
}

// schema answers MethodSchema.
func (c *crds) schema(req *ext.SchemaRequest) (*ext.SchemaResult, error) {
	id, e := c.entry("schema:", sha256.Sum256(req.Data))
	e.once.Do(func() { e.version, e.err = compileSchemaFile(req.Data) })
	if e.err != nil {
		return nil, e.err
	}
	return &ext.SchemaResult{ID: id}, nil
}

// validate answers MethodValidate: the object's problems, each at the
// path through the object that the server's field path names.
func (c *crds) validate(req *ext.ValidateRequest) (*ext.ValidateResult, error) {
	e := c.lookup(req.ID)
	if e == nil {
		return nil, errors.New("validate: unknown schema " + req.ID)
	}
	cv := e.version
	if crd := e.crd.Load(); crd != nil {
		cv = crd.versions[req.Version]
	}
	res := &ext.ValidateResult{}
	if cv == nil || cv.structural == nil {
		return res, nil
	}
	var orig, obj map[string]any
	if utiljson.Unmarshal(req.Object, &orig) != nil || utiljson.Unmarshal(req.Object, &obj) != nil {
		return res, nil // not an object: the loader reported it
	}
	unknown, errs := cv.validate(obj)
	for _, u := range unknown {
		at := resolveFieldPath(orig, u)
		var parent []ext.PathElem
		if len(at) > 0 {
			parent = at[:len(at)-1]
		}
		res.Unknown = append(res.Unknown, ext.Problem{Path: at, Field: u, Known: knownFields(cv.structural, parent)})
	}
	for _, fe := range errs {
		p := ext.Problem{Field: fe.Field, Text: fieldErrorText(fe)}
		if fe.Field != "<nil>" && fe.Field != "" {
			p.Path = resolveFieldPath(orig, fe.Field)
		}
		res.Errs = append(res.Errs, p)
	}
	return res, nil
}

// A crdVersion is one version of a custom resource kind, compiled as the
// API server compiles it when the CRD is created.
type crdVersion struct {
	served     bool
	status     bool // the status subresource is on: the server drops status on create
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	// cel is built on the first custom resource validated: most CRDs of a
	// repository have none, and their CEL programs are the most costly
	// part of a compile to build and to hold.
	celOnce sync.Once
	cel     *cel.Validator // nil when the schema has no x-kubernetes-validations
}

// celValidator returns the version's CEL validator, building it once.
func (cv *crdVersion) celValidator() *cel.Validator {
	cv.celOnce.Do(func() { cv.cel = cel.NewValidator(cv.structural, true, celconfig.PerCallLimit) })
	return cv.cel
}

// A compiledCRD is a CRD with the verdict of the server's CRD validation.
type compiledCRD struct {
	group, kind string
	versions    map[string]*crdVersion
	errs        field.ErrorList // ValidateCustomResourceDefinition's, with the paths of the v1 object
}

// compileCRD follows the server's create of a CRD: defaults, conversion
// to the internal type and ValidateCustomResourceDefinition (names,
// versions, structural schemas, CEL rules that compile within their cost),
// whose verdict a CRD judged already gives instead; then, with schemas,
// per version the structural schema, the OpenAPI validator and the CEL
// validator the custom resource handler builds.
func compileCRD(js []byte, schemas bool, verdict *compiledCRD) *compiledCRD {
	cc := &compiledCRD{versions: map[string]*crdVersion{}}
	v1, internal, err := decodeCRD(js)
	if err != nil {
		cc.errs = field.ErrorList{field.Invalid(nil, "", err.Error())}
		return cc
	}
	cc.group, cc.kind = v1.Spec.Group, v1.Spec.Names.Kind
	if verdict != nil {
		cc.errs = verdict.errs
	} else {
		cc.errs = crdvalidation.ValidateCustomResourceDefinition(context.Background(), internal)
	}
	for i, v := range v1.Spec.Versions {
		cv := &crdVersion{served: v.Served, status: v.Subresources != nil && v.Subresources.Status != nil}
		cc.versions[v.Name] = cv
		if props := versionSchema(v1, internal, i); schemas && props != nil {
			_ = cv.compileSchema(props) // ValidateCustomResourceDefinition has reported why it failed
		}
	}
	return cc
}

// decodeCRD reads a v1 CRD as the server does on create: decoded,
// defaulted and converted to the internal type its validation reads.
func decodeCRD(js []byte) (*apiextensionsv1.CustomResourceDefinition, *apiextensions.CustomResourceDefinition, error) {
	v1 := &apiextensionsv1.CustomResourceDefinition{}
	if err := json.Unmarshal(js, v1); err != nil {
		return nil, nil, err
	}
	apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(v1)
	internal := &apiextensions.CustomResourceDefinition{}
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(v1, internal, nil); err != nil {
		return nil, nil, err
	}
	return v1, internal, nil
}

// versionSchema returns the schema of version i, converted: the internal
// CRD holds it in spec.validation when the conversion hoisted one schema
// that every version shares, else in the version. Nil when it has none.
func versionSchema(v1 *apiextensionsv1.CustomResourceDefinition, internal *apiextensions.CustomResourceDefinition, i int) *apiextensions.JSONSchemaProps {
	if v := v1.Spec.Versions[i]; v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
		return nil
	}
	if iv := internal.Spec.Versions[i]; iv.Schema != nil {
		return iv.Schema.OpenAPIV3Schema
	}
	if internal.Spec.Validation != nil {
		return internal.Spec.Validation.OpenAPIV3Schema
	}
	return nil
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
	return nil
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
	if v := cv.celValidator(); v != nil && !hasBlocking(errs) {
		celErrs, _ := v.Validate(context.Background(), nil, cv.structural, obj, nil, celconfig.RuntimeCELCostBudget)
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

// v1Field maps a field of the internal CRD type, which the server's
// validation names, to the v1 object's: when every version has the same
// schema, subresources or columns, the conversion hoists them to spec, and
// the errors say spec.validation; the v1 object writes them per version.
func v1Field(f string) string {
	for _, hoisted := range []string{"validation", "subresources", "additionalPrinterColumns"} {
		if rest, ok := strings.CutPrefix(f, "spec."+hoisted); ok {
			name := hoisted
			if hoisted == "validation" {
				name = "schema"
			}
			return "spec.versions[0]." + name + rest
		}
	}
	return f
}
