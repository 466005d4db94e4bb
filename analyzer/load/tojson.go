package load

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/internal/jsonstr"
)

// Limits on walks over node trees. The parser accepts nesting up to 10,000
// and never expands aliases; these walks must stay far below what would
// exhaust the stack or memory, as every later consumer recurses too.
const (
	maxDepth        = 256
	maxAliasedNodes = 200_000
	// maxAliasedBytes bounds the scalar text that aliases and merge keys
	// copy: a few anchored strings of 64 KiB, each aliased a few times over
	// nested levels, would otherwise expand into gigabytes from a small file.
	maxAliasedBytes = 8 << 20
)

// An issue is a problem found while converting a node tree to JSON.
type issue struct {
	rule  *analyzer.Rule
	node  *yaml.Node
	path  analyzer.Path
	msg   string
	fatal bool           // the document cannot be converted at all
	fixes []analyzer.Fix // the certain fixes, with paths from the object (see schema.go)
}

// converter turns a node tree into the JSON that kubectl would send: YAML
// 1.1 scalars, merge keys, last duplicate wins, keys made strings the way
// sigs.k8s.io/yaml makes them.
type converter struct {
	buf     []byte
	aliased int // nodes reached through an alias or merged in
	copied  int // bytes of scalar text reached through an alias
	issues  []issue
	stack   []analyzer.PathElem
	failed  bool
	// entries holds the entries of the mappings being converted, the
	// innermost last: each mapping appends its own and truncates them
	// when done, so converting a document allocates no entry slices.
	entries []entry
}

// A mapping is one mapping node's entries in converter.entries: from base
// on, with an index by key once there are many (large ConfigMaps), so that
// finding duplicate keys does not take quadratic time.
type mapping struct {
	base  int
	index map[string]int // key -> position in entries; nil while small
}

// indexAbove is the number of entries from which a mapping indexes them.
const indexAbove = 16

type entry struct {
	key      string
	keyNode  *yaml.Node
	value    *yaml.Node
	explicit bool // written in this mapping, not merged in
}

// toJSON converts the tree below n. It reports false when a fatal issue
// stopped the conversion.
func toJSON(n *yaml.Node) ([]byte, []issue, bool) {
	c := converters.Get().(*converter)
	defer func() {
		clear(c.entries[:cap(c.entries)]) // drop the node pointers
		*c = converter{buf: c.buf[:0], stack: c.stack[:0], entries: c.entries[:0]}
		converters.Put(c)
	}()
	c.value(n, 0, false)
	// The buffer grew in steps and stays with the converter: return the
	// JSON in a slice of its own size.
	return bytes.Clone(c.buf), c.issues, !c.failed
}

// converters are reused from one object to the next, with their buffers.
var converters = sync.Pool{New: func() any { return &converter{} }}

func (c *converter) path() analyzer.Path { return analyzer.PathOf(c.stack...) }

func (c *converter) fail(rule *analyzer.Rule, n *yaml.Node, format string, args ...any) {
	c.issues = append(c.issues, issue{rule: rule, node: n, path: c.path(), msg: fmt.Sprintf(format, args...), fatal: true})
	c.failed = true
}

func (c *converter) value(n *yaml.Node, depth int, aliased bool) {
	if c.failed {
		return
	}
	if depth > maxDepth {
		c.fail(ParseError, n, "document nests deeper than %d levels", maxDepth)
		return
	}
	if aliased {
		c.aliased++
		if c.aliased > maxAliasedNodes {
			c.fail(ParseError, n, "document expands aliases into more than %d nodes (a YAML alias bomb?)", maxAliasedNodes)
			return
		}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			c.fail(ParseError, n, "unknown anchor %q", n.Value)
			return
		}
		c.value(n.Alias, depth+1, true)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			c.buf = append(c.buf, "null"...)
			return
		}
		c.value(n.Content[0], depth, aliased)
	case yaml.ScalarNode:
		if aliased {
			c.copied += len(n.Value)
			if c.copied > maxAliasedBytes {
				c.fail(ParseError, n, "document expands aliases into more than %d MiB of text (a YAML alias bomb?)", maxAliasedBytes>>20)
				return
			}
		}
		s, ok := resolveScalar(n)
		if !ok {
			c.fail(ParseError, n, "cannot read %q as %s", n.Value, n.Tag)
			return
		}
		if c.buf, ok = s.appendJSON(c.buf); !ok {
			c.fail(ParseError, n, "%s cannot be represented in JSON", n.Value)
		}
	case yaml.SequenceNode:
		c.buf = append(c.buf, '[')
		for i, item := range n.Content {
			if i > 0 {
				c.buf = append(c.buf, ',')
			}
			c.stack = append(c.stack, analyzer.PathElem{Index: i, IsIndex: true})
			c.value(item, depth+1, aliased)
			c.stack = c.stack[:len(c.stack)-1]
		}
		c.buf = append(c.buf, ']')
	case yaml.MappingNode:
		m := &mapping{base: len(c.entries)}
		c.collect(n, m, false, depth, aliased)
		end := len(c.entries)
		c.buf = append(c.buf, '{')
		for i := m.base; i < end; i++ {
			if i > m.base {
				c.buf = append(c.buf, ',')
			}
			e := c.entries[i] // by index: nested mappings may grow the slice
			c.buf = jsonstr.Append(c.buf, e.key)
			c.buf = append(c.buf, ':')
			c.stack = append(c.stack, analyzer.PathElem{Key: e.key})
			c.value(e.value, depth+1, aliased)
			c.stack = c.stack[:len(c.stack)-1]
		}
		c.buf = append(c.buf, '}')
		c.entries = c.entries[:m.base]
	default:
		c.fail(ParseError, n, "unexpected YAML node")
	}
}

// collect gathers the entries of mapping node n into m in order,
// expanding merge keys (<<) in place as yaml.v2 does: a later key
// overwrites an earlier one.
func (c *converter) collect(n *yaml.Node, m *mapping, merged bool, depth int, aliased bool) {
	if depth > maxDepth {
		c.fail(ParseError, n, "merge keys nest deeper than %d levels", maxDepth)
		return
	}
	for i := 0; i+1 < len(n.Content) && !c.failed; i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if merged || aliased {
			// Merged entries are copies, and merge keys nest: count them
			// in the alias budget, or a few levels of << expand without end.
			c.aliased++
			if c.aliased > maxAliasedNodes {
				c.fail(ParseError, k, "document expands aliases and merge keys into more than %d nodes (a YAML alias bomb?)", maxAliasedNodes)
				return
			}
		}
		// << is a merge key plain or tagged !!merge, as yaml.v2 resolves it
		// (knative's CRDs write !!merge <<: *version).
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && (isPlain(k) || k.Tag == "!!merge") {
			c.merge(v, m, depth, aliased)
			continue
		}
		kn := k
		for j := 0; kn.Kind == yaml.AliasNode && kn.Alias != nil && j < 10; j++ {
			kn = kn.Alias
		}
		if kn.Kind != yaml.ScalarNode {
			c.fail(ParseError, k, "mapping key is a %s, not a string", nodeKindName(kn))
			return
		}
		s, ok := resolveScalar(kn)
		key, ok2 := s.keyString()
		if !ok || !ok2 {
			c.fail(ParseError, k, "mapping key %q cannot be a JSON object key", kn.Value)
			return
		}
		c.set(m, entry{key: key, keyNode: k, value: v, explicit: !merged})
	}
}

func (c *converter) merge(v *yaml.Node, m *mapping, depth int, aliased bool) {
	target := v
	if target.Kind == yaml.AliasNode && target.Alias != nil {
		target = target.Alias
		aliased = true
	}
	switch target.Kind {
	case yaml.MappingNode:
		c.collect(target, m, true, depth+1, aliased)
		return
	case yaml.SequenceNode:
		// yaml.v2 merges a list of maps last to first, so the first wins.
		for i := len(target.Content) - 1; i >= 0 && !c.failed; i-- {
			item := target.Content[i]
			if item.Kind == yaml.AliasNode && item.Alias != nil {
				item = item.Alias
			}
			if item.Kind != yaml.MappingNode {
				c.fail(ParseError, target.Content[i], "merge key << needs maps, found a %s", nodeKindName(item))
				return
			}
			c.collect(item, m, true, depth+1, true)
		}
		return
	}
	c.fail(ParseError, v, "merge key << needs a map or a list of maps, found a %s", nodeKindName(target))
}

// set adds entry e to mapping m, or replaces the entry of the same key.
func (c *converter) set(m *mapping, e entry) {
	at := -1
	if m.index != nil {
		if i, ok := m.index[e.key]; ok {
			at = i
		}
	} else {
		for i := m.base; i < len(c.entries); i++ {
			if c.entries[i].key == e.key {
				at = i
				break
			}
		}
	}
	if at < 0 {
		c.entries = append(c.entries, e)
		if m.index != nil {
			m.index[e.key] = len(c.entries) - 1
		} else if len(c.entries)-m.base > indexAbove {
			m.index = make(map[string]int, 2*indexAbove)
			for i := m.base; i < len(c.entries); i++ {
				m.index[c.entries[i].key] = i
			}
		}
		return
	}
	old := &c.entries[at]
	if e.explicit && old.explicit {
		c.stack = append(c.stack, analyzer.PathElem{Key: e.key})
		c.issues = append(c.issues, issue{rule: Schema, node: e.keyNode, path: c.path(),
			msg: fmt.Sprintf("duplicate key %q (first at line %d): only this last value is kept", e.key, old.keyNode.Line)})
		c.stack = c.stack[:len(c.stack)-1]
	}
	old.value, old.keyNode = e.value, e.keyNode
	old.explicit = old.explicit || e.explicit
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "map"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	}
	return "node of kind " + strconv.Itoa(int(n.Kind))
}
