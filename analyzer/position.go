package analyzer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A Position is a resolved place in a file. Lines and columns are 1-based;
// columns count bytes, as go/token does. EndLine and EndColumn mark the end
// of the value (exclusive); they are zero when unknown. The engine also
// counts the columns in UTF-16 code units, as SARIF and LSP count them,
// while the line's text is at hand; they are zero when it was not.
type Position struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`

	Column16    int `json:"-"`
	EndColumn16 int `json:"-"`
}

// UTF16 returns the start and end columns in UTF-16 code units, falling
// back to the byte columns when the engine did not count them.
func (p Position) UTF16() (col, endCol int) {
	col, endCol = p.Column, p.EndColumn
	if p.Column16 > 0 {
		col = p.Column16
	}
	if p.EndColumn16 > 0 {
		endCol = p.EndColumn16
	}
	return col, endCol
}

// String returns file:line:col, the form editors and terminals link.
func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// IsValid reports whether the position names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// maxResolveDepth bounds walks over node trees, far below the parser's own
// limit of 10,000, because every recursive consumer must stay safe.
const maxResolveDepth = 200

// Resolve returns the position of path p below the node root of document d.
// The position starts at the key of the last element and ends at the end of
// its value. A path that is missing from the source resolves to its nearest
// existing parent. A path through an alias stops at the alias: that is
// where this field is written, and the anchor's text is another field's.
func (d *Document) Resolve(root *yaml.Node, p Path) Position {
	if root == nil {
		return Position{File: d.File, Line: d.Line, Column: 1}
	}
	start, value := root, root
	for _, e := range p.elems {
		if value.Kind == yaml.AliasNode && value != root {
			break
		}
		v := deref(value)
		var k, next *yaml.Node
		switch {
		case e.IsIndex && v.Kind == yaml.SequenceNode:
			if e.Index < len(v.Content) {
				next = v.Content[e.Index]
				k = next
			}
		case !e.IsIndex && v.Kind == yaml.MappingNode:
			k, next = lookupKey(v, e.Key)
		}
		if next == nil {
			break
		}
		start, value = k, next
	}
	pos := d.Pos(start.Line, start.Column)
	endLine, endCol := d.nodeEnd(value, 0)
	if endLine > 0 {
		pos.EndLine, pos.EndColumn = endLine, endCol
	}
	return pos
}

// lookupKey returns the key and value nodes of key k in mapping m, following
// YAML merge keys. The last occurrence wins, as in the decoder.
func lookupKey(m *yaml.Node, k string) (key, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if kn.Kind == yaml.ScalarNode && kn.Value == k {
			key, value = kn, m.Content[i+1]
		}
	}
	return key, value
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	return n
}

// nodeEnd returns the line and byte column just past the end of node n, or
// zeros when it cannot tell.
func (d *Document) nodeEnd(n *yaml.Node, depth int) (line, col int) {
	if depth > maxResolveDepth {
		return 0, 0
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return d.scalarEnd(n)
	case yaml.AliasNode:
		p := d.Pos(n.Line, n.Column)
		return p.Line, p.Column + 1 + len(n.Value)
	case yaml.MappingNode, yaml.SequenceNode:
		if len(n.Content) == 0 {
			p := d.Pos(n.Line, n.Column)
			return p.Line, p.Column + 2 // {} or []
		}
		line, col = d.nodeEnd(n.Content[len(n.Content)-1], depth+1)
		if n.Style&yaml.FlowStyle != 0 && line > 0 {
			if i := strings.IndexAny(d.LineText(line)[min(col-1, len(d.LineText(line))):], "]}"); i >= 0 {
				col += i + 1
			}
		}
		return line, col
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return d.nodeEnd(n.Content[0], depth+1)
		}
	}
	return 0, 0
}

// scalarEnd finds where a scalar ends in the source: a plain scalar ends
// after its value on one line; a quoted one at its closing quote; a block
// scalar at the end of its indicator line.
func (d *Document) scalarEnd(n *yaml.Node) (line, col int) {
	p := d.Pos(n.Line, n.Column)
	text := d.LineText(p.Line)
	if p.Column < 1 || p.Column > len(text)+1 {
		return 0, 0
	}
	rest := text[p.Column-1:]
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		if length := quotedLength(rest); length > 0 {
			return p.Line, p.Column + length
		}
		return p.Line, len(text) + 1 // it goes on to another line
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return p.Line, len(text) + 1
	}
	if !strings.ContainsRune(n.Value, '\n') && strings.HasPrefix(rest, n.Value) {
		return p.Line, p.Column + len(n.Value)
	}
	// A multi-line plain scalar or one with a tag: end of the line.
	return p.Line, len(text) + 1
}

// quotedLength returns the length of the quoted scalar at the start of s,
// quotes included, or 0 when it does not close on this line. The quote
// at the start says which: in double quotes a backslash escapes, in
// single quotes a quote is written twice.
func quotedLength(s string) int {
	if s == "" || s[0] != '"' && s[0] != '\'' {
		return 0
	}
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return 0
}

// UTF16Column converts a byte column of a line into a count of UTF-16 code
// units, as SARIF and LSP want them.
func UTF16Column(text string, byteCol int) int {
	if byteCol-1 > len(text) || byteCol < 1 {
		return byteCol
	}
	n := 0
	for _, r := range text[:byteCol-1] {
		if utf8.RuneLen(r) == 4 {
			n += 2
		} else {
			n++
		}
	}
	return n + 1
}

// withUTF16 fills in the UTF-16 columns of a position in this document.
func (d *Document) withUTF16(p Position) Position {
	if p.Column > 0 {
		p.Column16 = UTF16Column(d.LineText(p.Line), p.Column)
	}
	if p.EndLine > 0 && p.EndColumn > 0 {
		p.EndColumn16 = UTF16Column(d.LineText(p.EndLine), p.EndColumn)
	}
	return p
}
