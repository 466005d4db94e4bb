// Package ext talks to podlint-ext, the companion executable that holds
// the libraries podlint needs only for some inputs: Helm's SDK and
// kustomize to render charts and kustomizations, and
// k8s.io/apiextensions-apiserver to validate custom resources against
// their CRDs. Linked into podlint, their package initialisers alone cost
// about 40 ms of every start and their code doubled the binary; a plain
// manifest, the pre-commit hook's usual input, never needs them. podlint
// starts the companion the first time an input does, once per process,
// and speaks newline-delimited JSON to it over its standard input and
// output; what it returns (rendered text, line marks, field errors) is
// placed by podlint itself, as every other finding is.
package ext

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Protocol is the version of the messages below; podlint and podlint-ext
// must agree on it (see Hello).
const Protocol = 4

// Method names.
const (
	MethodHello     = "hello"
	MethodChart     = "chart"
	MethodKustomize = "kustomize"
	MethodCRD       = "crd"
	MethodSchema    = "schema"
	MethodValidate  = "validate"
)

type request struct {
	ID     uint64          `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

type response struct {
	ID     uint64          `json:"id"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// appendRequest appends the request line of a call whose params are the
// JSON data, as json.Marshal(request{...}) writes it but without scanning
// data again: the params of a CRD's compile hold the whole CRD.
func appendRequest(b []byte, id uint64, method string, data json.RawMessage) []byte {
	name, _ := json.Marshal(method)
	b = append(b, `{"id":`...)
	b = strconv.AppendUint(b, id, 10)
	b = append(b, `,"method":`...)
	b = append(b, name...)
	b = append(b, `,"params":`...)
	b = append(b, data...)
	return append(b, '}')
}

// rawParams are params that write their own JSON: those that carry an
// object's JSON, which the loader wrote and encoding/json would scan and
// copy again.
type rawParams interface {
	appendJSON(b []byte) []byte
}

// marshalParams writes the JSON of a call's params.
func marshalParams(params any) (json.RawMessage, error) {
	if p, ok := params.(rawParams); ok {
		return p.appendJSON(nil), nil
	}
	return json.Marshal(params)
}

// appendField appends "name":value to an object being written, value being
// JSON (null when empty, as encoding/json writes a nil RawMessage).
func appendField(b []byte, name string, value json.RawMessage) []byte {
	b = strconv.AppendQuote(b, name)
	b = append(b, ':')
	if len(value) == 0 {
		return append(b, "null"...)
	}
	return append(b, value...)
}

func (r CRDRequest) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = appendField(b, "json", r.JSON)
	if r.Schemas {
		b = append(b, `,"schemas":true`...)
	}
	return append(b, '}')
}

func (r ValidateRequest) appendJSON(b []byte) []byte {
	id, _ := json.Marshal(r.ID)
	b = append(b, '{')
	b = appendField(b, "id", id)
	if r.Version != "" {
		v, _ := json.Marshal(r.Version)
		b = append(b, ',')
		b = appendField(b, "version", v)
	}
	b = append(b, ',')
	b = appendField(b, "object", r.Object)
	return append(b, '}')
}

// Hello is what the companion answers first: its protocol and version.
type Hello struct {
	Protocol int    `json:"protocol"`
	Version  string `json:"version"`
}

// ChartRequest asks for the releases of the chart in Dir (see
// render.ChartOptions for the fields).
type ChartRequest struct {
	Dir         string            `json:"dir"`
	ReleaseName string            `json:"releaseName,omitempty"`
	Namespace   string            `json:"namespace,omitempty"`
	KubeVersion string            `json:"kubeVersion"`
	Values      []map[string]any  `json:"values,omitempty"`
	ValueFiles  []string          `json:"valueFiles,omitempty"`
	Set         []string          `json:"set,omitempty"`
	SetString   []string          `json:"setString,omitempty"`
	Variants    bool              `json:"variants,omitempty"`
	Overlay     map[string][]byte `json:"overlay,omitempty"`
}

// ChartResult holds a chart's releases: its user's values first, then one
// per variant. A chart that cannot be loaded at all is the call's error.
type ChartResult struct {
	Releases []Release `json:"releases"`
}

// A Release is one rendering of a chart.
type Release struct {
	Variant string `json:"variant,omitempty"`
	Files   []File `json:"files,omitempty"`
	// Err says why the release did not render; ErrFile, ErrLine and
	// ErrCol where, when Helm names a template line.
	Err     string `json:"err,omitempty"`
	ErrFile string `json:"errFile,omitempty"`
	ErrLine int    `json:"errLine,omitempty"`
	ErrCol  int    `json:"errCol,omitempty"`
}

// A File is one rendered template, or a file the chart installs as it is.
type File struct {
	Name     string `json:"name"` // the file on disk a person edits
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim,omitempty"` // Text is the file's own (crds/)
	// Source holds the template's lines and Marks, per rendered line, the
	// template lines that ended it (see package analyzer/internal/marks);
	// both nil when the template could not be marked or is no file.
	Source []string `json:"source,omitempty"`
	Marks  [][]int  `json:"marks,omitempty"`
}

// KustomizeRequest asks for the build of the kustomization root Dir.
type KustomizeRequest struct {
	Dir string `json:"dir"`
	// Overlay holds unsaved text for files of the build (absolute
	// paths), read instead of the disk: an editor's buffers.
	Overlay map[string][]byte `json:"overlay,omitempty"`
}

// KustomizeResult is one build: its objects, or why it failed.
type KustomizeResult struct {
	Objects []Built `json:"objects,omitempty"`
	// Consumed lists, as absolute paths, every file the build read.
	Consumed []string `json:"consumed,omitempty"`
	Err      string   `json:"err,omitempty"`
}

// A Built is one object of a build and the file it comes from: the
// resource file, or for a generated object the kustomization that
// configures it.
type Built struct {
	Text   string `json:"text"`
	Source string `json:"source"`
}

// CRDRequest asks to compile an apiextensions.k8s.io/v1 CRD, as the API
// server does when it is created.
type CRDRequest struct {
	JSON json.RawMessage `json:"json"`
	// Schemas asks for its versions' schemas compiled too, to validate
	// custom resources against the result's ID; without it the CRD is
	// only judged (Errs), and the versions say nothing of their schemas.
	Schemas bool `json:"schemas,omitempty"`
}

// CRDResult is a compiled CRD: the ID to validate its custom resources
// with, what it defines, and the server's verdict on the CRD itself.
type CRDResult struct {
	ID       string                `json:"id"`
	Group    string                `json:"group"`
	Kind     string                `json:"kind"`
	Versions map[string]CRDVersion `json:"versions"`
	// Errs is ValidateCustomResourceDefinition's verdict, each error at
	// its field of the CRD.
	Errs []Problem `json:"errs,omitempty"`
}

// A CRDVersion is one version a CRD defines.
type CRDVersion struct {
	Served bool `json:"served"`
	Schema bool `json:"schema"` // it has a schema that compiled
}

// SchemaRequest asks to compile one JSON schema file of the kubeconform
// layout; its ID is the result.
type SchemaRequest struct {
	Data []byte `json:"data"`
}

// SchemaResult names a compiled schema file.
type SchemaResult struct {
	ID string `json:"id"`
}

// ValidateRequest validates a custom resource, as JSON, against a version
// of a compiled CRD (Version) or a schema file (Version empty).
type ValidateRequest struct {
	ID      string          `json:"id"`
	Version string          `json:"version,omitempty"`
	Object  json.RawMessage `json:"object"`
}

// ValidateResult holds what the API server would refuse: unknown fields,
// then the schema's and the CEL rules' errors.
type ValidateResult struct {
	Unknown []Problem `json:"unknown,omitempty"`
	Errs    []Problem `json:"errs,omitempty"`
}

// A Problem is one field error. Path is the field through the object's
// keys and indexes, up to the nearest one the object holds; Field is the
// server's own path text; Text its message; Known, for an unknown field,
// the names the schema allows beside it.
type Problem struct {
	Path  []PathElem `json:"path,omitempty"`
	Field string     `json:"field,omitempty"`
	Text  string     `json:"text"`
	Known []string   `json:"known,omitempty"`
}

// A PathElem is a map key or, when IsIndex, a list index.
type PathElem struct {
	Key     string `json:"k,omitempty"`
	Index   int    `json:"i,omitempty"`
	IsIndex bool   `json:"x,omitempty"`
}

// SplitFieldPath splits a field path of the API server's errors
// (spec.containers[0].ports[1], metadata.labels[app]) into its elements;
// a bracket holding a number is an index, anything else a key.
func SplitFieldPath(s string) []PathElem {
	var p []PathElem
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return append(p, PathElem{Key: s})
			}
			k := s[1:end]
			if i, err := strconv.Atoi(k); err == nil && i >= 0 {
				p = append(p, PathElem{Index: i, IsIndex: true})
			} else {
				p = append(p, PathElem{Key: k})
			}
			s = s[end+1:]
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			p = append(p, PathElem{Key: s[:end]})
			s = s[end:]
		}
	}
	return p
}
