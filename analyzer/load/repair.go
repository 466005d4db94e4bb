package load

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "sigs.k8s.io/json"

	"github.com/podlint/podlint/analyzer"
)

// Decoding what can be decoded. The API server rejects an object with an
// unknown field or a value of the wrong type, and podlint reports it so
// (schema, ambiguous-scalar). But one typo must not hide every other
// problem of the object until it is fixed: the rules still run on what the
// object would be without it. So after strict decoding fails, the schema
// walker, which found each bad field, also says how to repair the JSON:
// an unknown field is left out (as a lenient server prunes it), an
// unquoted yes or 0755 where a string is wanted becomes the text written
// (what the user meant), and any other value that does not fit its field
// is left out, so the field stays zero. The repaired JSON is then decoded
// strictly again. Only the rules that read a left-out field lose it.

// A repair changes the value at path of an object's JSON: it sets the
// string text, or, with text nil, removes the value (a map entry is
// deleted, a list item becomes null, the zero value of its type, so that
// later items keep their indexes).
type repair struct {
	path []analyzer.PathElem
	text *string
}

// jsonKey returns the key of the JSON object that the converter writes for
// mapping key k (yes becomes "true", 0755 "493"), following an alias as
// the converter does.
func jsonKey(k *yaml.Node) string {
	kn := k
	for i := 0; kn.Kind == yaml.AliasNode && kn.Alias != nil && i < 10; i++ {
		kn = kn.Alias
	}
	if kn.Kind != yaml.ScalarNode {
		return k.Value
	}
	s, ok := resolveScalar(kn)
	key, ok2 := s.keyString()
	if !ok || !ok2 {
		return k.Value
	}
	return key
}

// textFits reports whether the string text decodes into a field of type
// t: any text is a string, but a quantity, a time, a duration or bytes
// must parse.
func textFits(t reflect.Type, text string) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var err error
	switch t {
	case quantityType:
		_, err = resource.ParseQuantity(strings.TrimSpace(text))
	case timeType, microTimeType:
		_, err = time.Parse(time.RFC3339, text)
	case durationType:
		_, err = time.ParseDuration(text)
	case bytesType:
		_, err = base64.StdEncoding.DecodeString(text)
	}
	return err == nil
}

// applyRepairs returns js with the repairs made, or false when js is not
// a JSON value (it always is: the converter wrote it).
func applyRepairs(js []byte, repairs []repair) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber() // numbers stay as written: 1e3, 9007199254740993
	var root any
	if dec.Decode(&root) != nil {
		return nil, false
	}
	for _, r := range repairs {
		r.apply(root)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(root) != nil {
		return nil, false
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), true
}

// apply makes the repair in the tree of JSON values at root. A path that
// is not in the tree (under a value an earlier repair removed) is left.
func (r repair) apply(root any) {
	if len(r.path) == 0 {
		return // the object itself: nothing to keep
	}
	parent := root
	for _, e := range r.path[:len(r.path)-1] {
		next, ok := child(parent, e)
		if !ok {
			return
		}
		parent = next
	}
	last := r.path[len(r.path)-1]
	switch p := parent.(type) {
	case map[string]any:
		if _, ok := p[last.Key]; !ok || last.IsIndex {
			return
		}
		if r.text != nil {
			p[last.Key] = *r.text
		} else {
			delete(p, last.Key)
		}
	case []any:
		if !last.IsIndex || last.Index >= len(p) {
			return
		}
		if r.text != nil {
			p[last.Index] = *r.text
		} else {
			p[last.Index] = nil
		}
	}
}

func child(v any, e analyzer.PathElem) (any, bool) {
	switch v := v.(type) {
	case map[string]any:
		if e.IsIndex {
			return nil, false
		}
		c, ok := v[e.Key]
		return c, ok
	case []any:
		if !e.IsIndex || e.Index >= len(v) {
			return nil, false
		}
		return v[e.Index], true
	}
	return nil, false
}

// decodeRepaired decodes js, repaired, strictly into a new value of the
// type of typed. It returns the value and whether it holds all of the
// object but the repaired fields; when the repaired JSON still fails (the
// walker did not reach the bad value: one merged in with <<, say), it
// returns typed, what the first decoding made of the object, and false.
func decodeRepaired(typed runtime.Object, js []byte, repairs []repair) (runtime.Object, bool) {
	if len(repairs) == 0 {
		return typed, false
	}
	fixed, ok := applyRepairs(js, repairs)
	if !ok {
		return typed, false
	}
	again := reflect.New(reflect.TypeOf(typed).Elem()).Interface().(runtime.Object)
	// Unknown fields the walker did not see are pruned by the decoder as
	// by the cluster, and leave the object whole: only errors count.
	if _, err := kjson.UnmarshalStrict(fixed, again); err != nil {
		return typed, false
	}
	return again, true
}

// decodeLenient decodes js, the JSON of node n, into v as a custom
// resource's part is read (unknown fields ignored), repairing the values
// of the wrong type first when that is what keeps it from decoding. It
// reports whether v holds the decoded value.
func decodeLenient(n *yaml.Node, js []byte, v any, isJSON bool) bool {
	if kjson.UnmarshalCaseSensitivePreserveInts(js, v) == nil {
		return true
	}
	t := reflect.TypeOf(v).Elem()
	_, repairs := checkSchemaRepairs(n, t, isJSON, analyzer.Path{})
	fixed, ok := applyRepairs(js, repairs)
	if !ok || len(repairs) == 0 {
		return false
	}
	reflect.ValueOf(v).Elem().SetZero()
	return kjson.UnmarshalCaseSensitivePreserveInts(fixed, v) == nil
}
