package extserver

import (
	"slices"
	"strconv"
	"strings"

	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podlint/podlint/analyzer/ext"
)

// fieldErrorText is the server's text of e, path first.
func fieldErrorText(e *field.Error) string {
	if e.Field == "<nil>" || e.Field == "" {
		return e.ErrorBody()
	}
	return e.Error()
}

// knownFields returns the property names the schema allows at path p.
func knownFields(s *structuralschema.Structural, p []ext.PathElem) []string {
	for _, e := range p {
		if s == nil {
			return nil
		}
		switch {
		case e.IsIndex:
			s = s.Items
		case s.Properties != nil:
			next, ok := s.Properties[e.Key]
			if !ok {
				return nil
			}
			s = &next
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

// resolveFieldPath turns a field path of apiextensions' errors into a path
// through the object: schema and pruning paths join map keys with
// unescaped dots (spec.selector.matchLabels.app.kubernetes.io/name), CEL
// and list types write [key], indexes [i] everywhere. At each map the keys
// that prefix the rest are tried, longest first, backtracking; what is not
// in the object (a Required field) is kept as the next element, so that
// podlint places it at the nearest key that exists.
func resolveFieldPath(obj any, s string) []ext.PathElem {
	p, _ := walkFieldPath(obj, s, nil, 0)
	return p
}

func key(at []ext.PathElem, k string) []ext.PathElem {
	return append(slices.Clip(at), ext.PathElem{Key: k})
}

func index(at []ext.PathElem, i int) []ext.PathElem {
	return append(slices.Clip(at), ext.PathElem{Index: i, IsIndex: true})
}

func walkFieldPath(n any, s string, at []ext.PathElem, depth int) ([]ext.PathElem, bool) {
	s = strings.TrimPrefix(s, ".")
	if s == "" {
		return at, true
	}
	if n == nil || depth > 100 {
		return append(at, ext.SplitFieldPath(s)...), false
	}
	if s[0] == '[' {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return at, false
		}
		inner, rest := s[1:end], s[end+1:]
		if i, err := strconv.Atoi(inner); err == nil {
			if l, ok := n.([]any); ok {
				if i >= 0 && i < len(l) {
					return walkFieldPath(l[i], rest, index(at, i), depth+1)
				}
				return append(index(at, i), ext.SplitFieldPath(rest)...), false
			}
		}
		inner = strings.Trim(inner, `"`)
		if m, ok := n.(map[string]any); ok {
			if v, ok := m[inner]; ok {
				return walkFieldPath(v, rest, key(at, inner), depth+1)
			}
		}
		return append(key(at, inner), ext.SplitFieldPath(rest)...), false
	}
	if m, ok := n.(map[string]any); ok {
		var keys []string
		for k := range m {
			if s == k || (strings.HasPrefix(s, k) && (s[len(k)] == '.' || s[len(k)] == '[')) {
				keys = append(keys, k)
			}
		}
		slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
		var partial []ext.PathElem
		found := false
		for _, k := range keys {
			p, ok := walkFieldPath(m[k], s[len(k):], key(at, k), depth+1)
			if ok {
				return p, true
			}
			if !found {
				partial, found = p, true
			}
		}
		if found {
			return partial, false
		}
	}
	end := strings.IndexAny(s, ".[")
	if end < 0 {
		end = len(s)
	}
	return append(key(at, s[:end]), ext.SplitFieldPath(s[end:])...), false
}
