package rules

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/ext"
)

// crdKind is the kind whose objects define custom resources.
var crdKind = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}

// crdCatalog knows the CRDs and schema files of a lint, compiled by
// podlint-ext (k8s.io/apiextensions-apiserver, see package ext) once per
// process, whichever rule and set asks first: CRDs are keyed by their
// JSON, so the copy gathered for the whole lint (analyzer.Cluster) and the
// one in its own set share the work.
type crdCatalog struct {
	mu       sync.Mutex
	compiled map[[32]byte]*crdEntry
	byObject sync.Map // *analyzer.Object -> *crdEntry
	kinds    sync.Map // *analyzer.Object -> the schema.GroupKind a CRD defines
	// schemas are the JSON schemas given in the kubeconform layout, by
	// group/kind/version (kind lowercase), compiled when first asked for.
	schemas map[string]*schemaFile
	// failed is set once podlint-ext could not be asked: the first custom
	// resource reports why, the others are not judged.
	failed sync.Once
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
	once sync.Once
	id   string
	err  error
}

// A crdEntry is one CRD as podlint-ext answered for it: judged only (for
// invalid-crd), and judged with its schemas compiled (for the custom
// resources of its kind), each asked at most once.
type crdEntry struct {
	verdict, full crdAnswer
}

type crdAnswer struct {
	once sync.Once
	done atomic.Bool
	crd  ext.CRDResult
	err  error // podlint-ext could not compile it
}

// get asks podlint-ext about the CRD o once.
func (a *crdAnswer) get(ctx context.Context, o *analyzer.Object, schemas bool) (*ext.CRDResult, error) {
	a.once.Do(func() {
		a.err = ext.Call(ctx, ext.MethodCRD, ext.CRDRequest{JSON: o.JSON, Schemas: schemas}, &a.crd)
		a.done.Store(true)
	})
	return &a.crd, a.err
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

// compile returns the CRD object o compiled, its schemas with it when
// schemas is set (to validate custom resources against): found by the
// object first (every custom resource looks its CRD up), by its JSON
// second (the same CRD loaded for the whole lint and in its own set),
// compiled once. A CRD whose schemas were compiled is not judged again
// without them.
func (c *crdCatalog) compile(ctx context.Context, o *analyzer.Object, schemas bool) (*ext.CRDResult, error) {
	e, ok := c.byObject.Load(o)
	if !ok {
		key := sha256.Sum256(o.JSON)
		c.mu.Lock()
		ce, found := c.compiled[key]
		if !found {
			ce = &crdEntry{}
			c.compiled[key] = ce
		}
		c.mu.Unlock()
		e, _ = c.byObject.LoadOrStore(o, ce)
	}
	ce := e.(*crdEntry)
	if schemas || ce.full.done.Load() {
		return ce.full.get(ctx, o, true)
	}
	return ce.verdict.get(ctx, o, false)
}

// A schemaRef is what a custom resource is validated against: a version
// of a CRD, or a schema file.
type schemaRef struct {
	id, version string
	crd         *ext.CRDResult // nil for a schema file
	served      bool
	hasSchema   bool
}

// lookup returns what a custom resource of gvk is validated against, from
// the CRDs of the lint or else the schema files; found is false when
// neither knows the kind.
func (c *crdCatalog) lookup(ctx context.Context, cluster *analyzer.Cluster, gvk schema.GroupVersionKind) (ref schemaRef, found bool, err error) {
	// Several CRDs may define the kind (a repository's variants): one that
	// serves the version wins. apiextensions.k8s.io/v1beta1 CRDs are left
	// out: that API is gone (deprecated-api reports them).
	var first *ext.CRDResult
	for _, o := range cluster.Objects(crdKind) {
		if o.GVK.Version != "v1" || len(o.JSON) == 0 || !c.definesKind(o, gvk.GroupKind()) {
			continue
		}
		cc, err := c.compile(ctx, o, true)
		if err != nil {
			return ref, false, err
		}
		if cc.Group != gvk.Group || cc.Kind != gvk.Kind {
			continue
		}
		if v, ok := cc.Versions[gvk.Version]; ok && v.Served {
			return schemaRef{id: cc.ID, version: gvk.Version, crd: cc, served: true, hasSchema: v.Schema}, true, nil
		}
		if first == nil {
			first = cc
		}
	}
	if first != nil {
		return schemaRef{id: first.ID, version: gvk.Version, crd: first}, true, nil
	}
	f := c.schemas[schemaKey(gvk.Group, gvk.Kind, gvk.Version)]
	if f == nil {
		return ref, false, nil
	}
	f.once.Do(func() {
		var res ext.SchemaResult
		if f.err = ext.Call(ctx, ext.MethodSchema, ext.SchemaRequest{Data: f.Data}, &res); f.err == nil {
			f.id = res.ID
		}
	})
	if f.err != nil {
		return ref, true, &schemaFileError{name: f.Name, err: f.err}
	}
	return schemaRef{id: f.id, served: true, hasSchema: true}, true, nil
}

// definesKind is a cheap test, before compiling, that the CRD o may define
// gk: its spec names the group and kind. Only the CRDs of kinds the lint
// uses are compiled.
func (c *crdCatalog) definesKind(o *analyzer.Object, gk schema.GroupKind) bool {
	if v, ok := c.kinds.Load(o); ok {
		return v.(schema.GroupKind) == gk
	}
	defined, err := crdNames(o.JSON)
	if err != nil {
		return true // let the compile say what is wrong
	}
	c.kinds.Store(o, defined)
	return defined == gk
}

// crdNames reads spec.group and spec.names.kind of a CRD's JSON, and
// stops there: a CRD writes them before its versions, whose schemas are
// most of its text.
func crdNames(js []byte) (schema.GroupKind, error) {
	var gk schema.GroupKind
	dec := json.NewDecoder(bytes.NewReader(js))
	found := 0
	err := walkObject(dec, func(key string) error {
		if key != "spec" {
			return skipValue(dec)
		}
		return walkObject(dec, func(key string) error {
			switch key {
			case "group":
				found++
				return dec.Decode(&gk.Group)
			case "names":
				return walkObject(dec, func(key string) error {
					if key != "kind" {
						return skipValue(dec)
					}
					found++
					if err := dec.Decode(&gk.Kind); err != nil {
						return err
					}
					if found == 2 {
						return errFound
					}
					return nil
				})
			}
			if found == 2 {
				return errFound
			}
			return skipValue(dec)
		})
	})
	if err != nil && !errors.Is(err, errFound) {
		return gk, err
	}
	return gk, nil
}

// errFound stops a walk once what it looks for is read.
var errFound = errors.New("found")

// walkObject reads an object from dec, calling each for each key with the
// decoder before its value, which each must read.
func walkObject(dec *json.Decoder, each func(key string) error) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("not an object: %v", t)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		if err := each(key); err != nil {
			return err
		}
	}
	_, err = dec.Token() // }
	return err
}

// skipValue reads the next value of dec without keeping it.
func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}

// A schemaFileError is a schema file podlint-ext could not compile: a
// finding on each custom resource it would have judged.
type schemaFileError struct {
	name string
	err  error
}

func (e *schemaFileError) Error() string { return fmt.Sprintf("schema %s: %v", e.name, e.err) }
func (e *schemaFileError) Unwrap() error { return e.err }
