package analyzer

import (
	"fmt"
	"strconv"
	"strings"
)

// A Path names a field of an object, such as
// spec.template.spec.containers[1].ports[0].containerPort.
//
// Paths are immutable values: every method returns a new Path, so two paths
// extended from one prefix never share their tails. The zero Path is the
// object itself.
type Path struct {
	elems []PathElem
}

// A PathElem is one step of a Path: a mapping key, or an index into a list.
type PathElem struct {
	Key     string
	Index   int
	IsIndex bool
}

// Field returns the path to the named field below p.
func (p Path) Field(name string) Path { return p.with(PathElem{Key: name}) }

// Key returns the path to a map key below p; it is Field under another name
// for the places where the key is data (labels, annotations) rather than schema.
func (p Path) Key(k string) Path { return p.with(PathElem{Key: k}) }

// Index returns the path to the i-th item of the list at p.
func (p Path) Index(i int) Path { return p.with(PathElem{Index: i, IsIndex: true}) }

// Join returns p followed by every element of q.
func (p Path) Join(q Path) Path {
	if len(q.elems) == 0 {
		return p
	}
	out := make([]PathElem, 0, len(p.elems)+len(q.elems))
	out = append(out, p.elems...)
	out = append(out, q.elems...)
	return Path{elems: out}
}

func (p Path) with(e PathElem) Path {
	out := make([]PathElem, len(p.elems), len(p.elems)+1)
	copy(out, p.elems)
	return Path{elems: append(out, e)}
}

// Len returns the number of elements of p.
func (p Path) Len() int { return len(p.elems) }

// Elem returns the i-th element of p.
func (p Path) Elem(i int) PathElem { return p.elems[i] }

// IsZero reports whether p is the path of the object itself.
func (p Path) IsZero() bool { return len(p.elems) == 0 }

// Parent returns p without its last element; the parent of the zero Path is
// the zero Path.
func (p Path) Parent() Path {
	if len(p.elems) == 0 {
		return p
	}
	return Path{elems: p.elems[: len(p.elems)-1 : len(p.elems)-1]}
}

// HasPrefix reports whether q is p or one of its ancestors.
func (p Path) HasPrefix(q Path) bool {
	if len(q.elems) > len(p.elems) {
		return false
	}
	for i, e := range q.elems {
		if p.elems[i] != e {
			return false
		}
	}
	return true
}

// String returns the canonical form: fields joined by dots, indexes in
// brackets, and keys that are not plain identifiers quoted in brackets, as in
// metadata.labels["app.kubernetes.io/name"].
func (p Path) String() string {
	var b strings.Builder
	for i, e := range p.elems {
		switch {
		case e.IsIndex:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.Index))
			b.WriteByte(']')
		case plainKey(e.Key):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e.Key)
		default:
			b.WriteByte('[')
			b.WriteString(strconv.Quote(e.Key))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// MarshalText writes the canonical form, so a Path is a string in JSON.
func (p Path) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// plainKey reports whether k can be written without quotes: an identifier of
// letters, digits, '_', '-' and '$' that does not start with a digit.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '$':
		case c >= '0' && c <= '9', c == '-':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ParsePath reads the canonical form written by Path.String. It also accepts
// quoted keys after a dot-free start and bare numeric indexes, which is what
// policies and configuration files write.
func ParsePath(s string) (Path, error) {
	var elems []PathElem
	for i := 0; i < len(s); {
		if s[i] == '[' {
			end, elem, err := parseBracket(s, i)
			if err != nil {
				return Path{}, err
			}
			elems = append(elems, elem)
			i = end
			continue
		}
		if len(elems) > 0 {
			if s[i] != '.' {
				return Path{}, fmt.Errorf("path %q: want . or [ at offset %d", s, i)
			}
			i++
		}
		j := i
		for j < len(s) && s[j] != '.' && s[j] != '[' {
			j++
		}
		if j == i {
			return Path{}, fmt.Errorf("path %q: empty field at offset %d", s, i)
		}
		elems = append(elems, PathElem{Key: s[i:j]})
		i = j
	}
	return Path{elems: elems}, nil
}

// parseBracket reads "[3]" or "[\"a.b\"]" starting at s[i] == '['.
func parseBracket(s string, i int) (int, PathElem, error) {
	if i+1 < len(s) && s[i+1] == '"' {
		q, err := strconv.QuotedPrefix(s[i+1:])
		if err != nil {
			return 0, PathElem{}, fmt.Errorf("path %q: bad quoted key at offset %d", s, i)
		}
		end := i + 1 + len(q)
		if end >= len(s) || s[end] != ']' {
			return 0, PathElem{}, fmt.Errorf("path %q: missing ] at offset %d", s, end)
		}
		k, _ := strconv.Unquote(q)
		return end + 1, PathElem{Key: k}, nil
	}
	end := strings.IndexByte(s[i:], ']')
	if end < 0 {
		return 0, PathElem{}, fmt.Errorf("path %q: missing ] after offset %d", s, i)
	}
	n, err := strconv.Atoi(s[i+1 : i+end])
	if err != nil || n < 0 {
		return 0, PathElem{}, fmt.Errorf("path %q: bad index %q", s, s[i+1:i+end])
	}
	return i + end + 1, PathElem{Index: n, IsIndex: true}, nil
}

// MustParsePath is ParsePath for constant paths in code and tests.
func MustParsePath(s string) Path {
	p, err := ParsePath(s)
	if err != nil {
		panic(err)
	}
	return p
}

// PathOf builds a path from its elements.
func PathOf(elems ...PathElem) Path {
	if len(elems) == 0 {
		return Path{}
	}
	return Path{elems: append([]PathElem(nil), elems...)}
}
