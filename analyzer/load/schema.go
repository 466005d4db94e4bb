package load

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podlint/podlint/analyzer"
)

// schemaWalker checks a node tree against a Go type of k8s.io/api, field
// by field, the way the API server's strict JSON decoding will: unknown
// fields, wrong types, and YAML 1.1 scalars that change type on the way.
// It runs only when strict decoding failed, to say where and why, and to
// say how to repair the JSON so that the rest of the object still decodes
// (see repair.go).
type schemaWalker struct {
	json   bool          // the document is JSON, where a bare 1 or true is never text
	base   analyzer.Path // where the walked node is in its object, for fixes
	stack  []analyzer.PathElem
	issues []issue
	budget int

	// jpath is the walked node's path in the JSON, with keys as the
	// converter writes them (yes: as "true"); stack keeps the keys as
	// written, for messages.
	jpath   []analyzer.PathElem
	repairs []repair
	// shadowed counts the mappings being walked whose value a later
	// duplicate key replaces in the JSON: nothing under it is repaired.
	shadowed int
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	quantityType    = reflect.TypeFor[resource.Quantity]()
	timeType        = reflect.TypeFor[metav1.Time]()
	microTimeType   = reflect.TypeFor[metav1.MicroTime]()
	durationType    = reflect.TypeFor[metav1.Duration]()
	bytesType       = reflect.TypeFor[[]byte]()
)

// checkSchemaAt checks node n, at path base of its object, against t:
// the fixes of the findings name their fields from the object.
func checkSchemaAt(n *yaml.Node, t reflect.Type, json bool, base analyzer.Path) []issue {
	issues, _ := checkSchemaRepairs(n, t, json, base)
	return issues
}

// checkSchemaRepairs is checkSchemaAt that also returns the repairs of the
// JSON of n that make it decode into t: one for each finding.
func checkSchemaRepairs(n *yaml.Node, t reflect.Type, json bool, base analyzer.Path) ([]issue, []repair) {
	w := &schemaWalker{budget: maxAliasedNodes, json: json, base: base}
	w.walk(n, t, 0)
	return w.issues, w.repairs
}

// push and pop enter and leave a field or item of the walked node; jkey
// is the key as the JSON has it.
func (w *schemaWalker) push(e analyzer.PathElem, jkey string) {
	w.stack = append(w.stack, e)
	if !e.IsIndex {
		e.Key = jkey
	}
	w.jpath = append(w.jpath, e)
}

func (w *schemaWalker) pop() {
	w.stack = w.stack[:len(w.stack)-1]
	w.jpath = w.jpath[:len(w.jpath)-1]
}

// drop records that the walked value does not decode: the repaired JSON
// leaves it out, so the field stays at its zero value.
func (w *schemaWalker) drop() {
	if w.shadowed == 0 {
		w.repairs = append(w.repairs, repair{path: slices.Clone(w.jpath)})
	}
}

// lastOfKeys maps each key of mapping n, as the JSON has it, to the index
// of its last entry: the one whose value the JSON holds.
func lastOfKeys(n *yaml.Node) map[string]int {
	last := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		last[jsonKey(n.Content[i])] = i
	}
	return last
}

// fieldPath is the path of the field being walked, from the object.
func (w *schemaWalker) fieldPath() analyzer.Path { return w.base.Join(analyzer.PathOf(w.stack...)) }

func (w *schemaWalker) report(rule *analyzer.Rule, n *yaml.Node, format string, args ...any) {
	w.issues = append(w.issues, issue{rule: rule, node: n, path: analyzer.PathOf(w.stack...), msg: fmt.Sprintf(format, args...)})
	w.drop()
}

func (w *schemaWalker) walk(n *yaml.Node, t reflect.Type, depth int) {
	w.budget--
	if depth > maxDepth || w.budget < 0 {
		return
	}
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.ScalarNode {
		if s, ok := resolveScalar(n); ok && s.kind == scalarNull {
			return // null leaves any field at its zero value
		}
	}
	switch t {
	case intOrStringType:
		w.scalarOf(n, t, scalarInt, scalarString)
		return
	case quantityType:
		if s, ok := w.scalarOf(n, t, scalarInt, scalarFloat, scalarString); ok && s.kind == scalarString {
			if _, err := resource.ParseQuantity(strings.TrimSpace(s.s)); err != nil {
				w.report(Schema, n, "%q is not a valid quantity: %v%s", s.s, err, analyzer.TemplateHint(s.s))
			}
		}
		return
	case timeType, microTimeType:
		if s, ok := w.scalarOf(n, t, scalarString); ok {
			if _, err := time.Parse(time.RFC3339, s.s); err != nil {
				w.report(Schema, n, "%q is not an RFC 3339 time", s.s)
			}
		}
		return
	case durationType:
		if s, ok := w.scalarOf(n, t, scalarString); ok {
			if _, err := time.ParseDuration(s.s); err != nil {
				w.report(Schema, n, "%q is not a duration", s.s)
			}
		}
		return
	case bytesType:
		if s, ok := w.scalarOf(n, t, scalarString); ok {
			if _, err := base64.StdEncoding.DecodeString(s.s); err != nil {
				w.report(Schema, n, "value is not valid base64 (use stringData for plain text)%s", analyzer.TemplateHint(s.s))
			}
		}
		return
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return // decodes itself (RawExtension, JSON schemas): any value may be right
	}
	switch t.Kind() {
	case reflect.Struct:
		w.structFields(n, t, depth)
	case reflect.Map:
		if !w.isCollection(n, yaml.MappingNode, t) {
			return
		}
		last := lastOfKeys(n)
		for i := 0; i+1 < len(n.Content); i += 2 {
			jkey := jsonKey(n.Content[i])
			w.push(analyzer.PathElem{Key: n.Content[i].Value}, jkey)
			w.walkEntry(n.Content[i+1], t.Elem(), depth+1, last[jkey] != i)
			w.pop()
		}
	case reflect.Slice, reflect.Array:
		if !w.isCollection(n, yaml.SequenceNode, t) {
			return
		}
		for i, item := range n.Content {
			w.push(analyzer.PathElem{Index: i, IsIndex: true}, "")
			w.walk(item, t.Elem(), depth+1)
			w.pop()
		}
	case reflect.String:
		w.scalarOf(n, t, scalarString)
	case reflect.Bool:
		w.scalarOf(n, t, scalarBool)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if s, ok := w.scalarOf(n, t, scalarInt, scalarFloat); ok {
			w.checkInt(n, s, t)
		}
	case reflect.Float32, reflect.Float64:
		w.scalarOf(n, t, scalarInt, scalarFloat)
	}
}

// structFields checks each key of a mapping against the fields of t.
func (w *schemaWalker) structFields(n *yaml.Node, t reflect.Type, depth int) {
	if !w.isCollection(n, yaml.MappingNode, t) {
		return
	}
	info := fieldsOf(t)
	last := lastOfKeys(n)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Value == "<<" && isPlain(k) {
			continue
		}
		ft, ok := info.fields[k.Value]
		jkey := jsonKey(k)
		w.push(analyzer.PathElem{Key: k.Value}, jkey)
		if !ok {
			msg := fmt.Sprintf("unknown field %q in %s", k.Value, t.Name())
			var fixes []analyzer.Fix
			if s := analyzer.Closest(k.Value, info.names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
				fixes = w.renameFix(n, k.Value, n.Content[i+1], s, info)
			}
			w.issues = append(w.issues, issue{rule: Schema, node: k, path: analyzer.PathOf(w.stack...), msg: msg, fixes: fixes})
			w.drop() // the cluster's decoder drops an unknown field
		} else {
			w.walkEntry(n.Content[i+1], ft, depth+1, last[jkey] != i)
		}
		w.pop()
	}
}

// walkEntry walks the value of a mapping entry, shadowed when a later
// duplicate key replaces it in the JSON.
func (w *schemaWalker) walkEntry(n *yaml.Node, t reflect.Type, depth int, shadowed bool) {
	if shadowed {
		w.shadowed++
		defer func() { w.shadowed-- }()
	}
	w.walk(n, t, depth)
}

// renameFix returns the fix that renames the unknown field unknown of
// mapping m to the known field s, when that is certain: s is the only
// field as close to unknown as it is, m does not hold s already, and the
// value would be right under s (walked as s's type, it raises nothing).
func (w *schemaWalker) renameFix(m *yaml.Node, unknown string, value *yaml.Node, s string, info *structInfo) []analyzer.Fix {
	if !uniqueClosest(unknown, s, info.names) {
		return nil
	}
	if _, there := mapValue(m, s); there {
		return nil
	}
	sub := &schemaWalker{budget: w.budget, json: w.json}
	sub.walk(value, info.fields[s], 0)
	if len(sub.issues) > 0 || sub.budget < 0 {
		return nil
	}
	return []analyzer.Fix{{
		Message: fmt.Sprintf("rename %q to %q", unknown, s),
		Edits:   []analyzer.Edit{{Path: w.fieldPath(), Op: analyzer.RenameKey, NewText: s}},
	}}
}

// uniqueClosest reports whether best, what analyzer.Closest chose for
// unknown, is the only name that close: no other name differs from
// unknown only in case, or by as few edits.
func uniqueClosest(unknown, best string, names []string) bool {
	folded := strings.EqualFold(unknown, best)
	dist := analyzer.EditDistance(strings.ToLower(unknown), strings.ToLower(best))
	for _, name := range names {
		if name == best || name == unknown {
			continue
		}
		if strings.EqualFold(name, unknown) {
			return false
		}
		if !folded && analyzer.EditDistance(strings.ToLower(unknown), strings.ToLower(name)) <= dist {
			return false
		}
	}
	return true
}

func (w *schemaWalker) isCollection(n *yaml.Node, want yaml.Kind, t reflect.Type) bool {
	if n.Kind == want {
		return true
	}
	got := "a " + nodeKindName(n)
	if n.Kind == yaml.ScalarNode {
		s, _ := resolveScalar(n)
		got = fmt.Sprintf("%s %q", article(s.kind.String()), n.Value)
	}
	w.report(Schema, n, "%s must be %s, not %s", fieldName(w.stack), describe(t), got)
	return false
}

// scalarOf checks that n is a scalar of one of the wanted kinds. A plain
// scalar that YAML 1.1 turns from text into a boolean or a number where a
// string is wanted is an ambiguous-scalar finding; anything else that does
// not fit is a schema finding.
func (w *schemaWalker) scalarOf(n *yaml.Node, t reflect.Type, want ...scalarKind) (scalar, bool) {
	if n.Kind != yaml.ScalarNode {
		w.report(Schema, n, "%s must be %s, not a %s%s", fieldName(w.stack), describe(t), nodeKindName(n), braceHint(n))
		return scalar{}, false
	}
	s, _ := resolveScalar(n)
	if slices.Contains(want, s.kind) {
		return s, true
	}
	if slices.Contains(want, scalarString) && !w.json && isPlain(n) && (s.kind == scalarBool || s.kind == scalarInt || s.kind == scalarFloat) {
		sent, _ := s.appendJSON(nil)
		w.report(AmbiguousScalar, n, "unquoted %s is %s in YAML 1.1, so kubectl sends %s, but %s is a string and the API server rejects it; quote it: %q",
			n.Value, article(s.kind.String()), sent, fieldName(w.stack), n.Value)
		w.issues[len(w.issues)-1].fixes = quoteFix(n, w.fieldPath())
		if w.shadowed == 0 && textFits(t, n.Value) {
			// The user meant the text: decode the rest with it.
			text := n.Value
			w.repairs[len(w.repairs)-1].text = &text
		}
		return scalar{}, false
	}
	w.report(Schema, n, "%s must be %s, not %s %q%s", fieldName(w.stack), describe(t), article(s.kind.String()), n.Value, analyzer.TemplateHint(n.Value))
	return scalar{}, false
}

// checkInt reports numbers that do not fit the integer type.
func (w *schemaWalker) checkInt(n *yaml.Node, s scalar, t reflect.Type) {
	v := reflect.New(t).Elem()
	switch {
	case s.kind == scalarFloat && (s.f != math.Trunc(s.f) || math.Abs(s.f) > 1<<53):
		w.report(Schema, n, "%s must be a whole number, not %s", fieldName(w.stack), n.Value)
	case s.kind == scalarFloat:
		s = scalar{kind: scalarInt, i: int64(s.f)}
		fallthrough
	default:
		var overflow bool
		switch {
		case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
			overflow = (!s.isUint && s.i < 0) || (!s.isUint && v.OverflowUint(uint64(s.i))) || (s.isUint && v.OverflowUint(s.u))
		default:
			overflow = s.isUint || v.OverflowInt(s.i)
		}
		if overflow {
			w.report(Schema, n, "%s: %s is out of range for %s", fieldName(w.stack), n.Value, t.Kind())
		}
	}
}

func fieldName(stack []analyzer.PathElem) string {
	if len(stack) == 0 {
		return "the object"
	}
	return analyzer.PathOf(stack...).String()
}

func article(s string) string {
	switch s[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + s
	}
	return "a " + s
}

// describe names the JSON shape of a Go type for messages.
func describe(t reflect.Type) string {
	switch t {
	case intOrStringType:
		return "an integer or a string"
	case quantityType:
		return "a quantity (a number or a string such as \"500m\" or \"1Gi\")"
	case bytesType:
		return "a base64 string"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "a map"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean (true or false)"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return describe(t.Elem())
	}
	return "an integer"
}

type structInfo struct {
	fields map[string]reflect.Type // JSON name -> type, inline fields flattened
	names  []string
}

var structInfos sync.Map // reflect.Type -> *structInfo

func fieldsOf(t reflect.Type) *structInfo {
	if v, ok := structInfos.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{fields: map[string]reflect.Type{}}
	addFields(info, t)
	for name := range info.fields {
		info.names = append(info.names, name)
	}
	slices.Sort(info.names)
	v, _ := structInfos.LoadOrStore(t, info)
	return v.(*structInfo)
}

func addFields(info *structInfo, t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		inline := strings.Contains(","+opts+",", ",inline,") || (f.Anonymous && name == "")
		if inline {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(info, ft)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		info.fields[name] = f.Type
	}
}
