package analyzer

import (
	"bytes"
	"cmp"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A Fix is a change to the source that the reporting rule is certain
// resolves its finding, in the spirit of x/tools' SuggestedFix. Rules
// describe edits by field path and value; the engine places them in the
// text while the document's tree and text are alive (see [Edit]). A fix
// whose edits cannot all be placed with certainty (the field is behind an
// alias, in a flow mapping, on several lines, ...) is dropped: no fix is
// better than a wrong one.
type Fix struct {
	Message string // what the fix does, in the imperative: "quote the value"
	Edits   []Edit
}

// An Edit changes the text at one place in one document.
//
// A rule fills in Object, Path, Op and NewText (or Entries). The engine
// then places the edit: it sets Start, End and Pos, and rewrites NewText
// into the exact text that replaces bytes Start:End of the file, so that
// applying a placed edit needs nothing but the file's bytes.
type Edit struct {
	// Object is the object whose document is edited; nil means the
	// diagnostic's object.
	Object *Object
	// Path is the field the edit is about, relative to the object.
	Path Path
	// NewText is what the edit writes at Path, as Op says; once placed,
	// the text that replaces bytes Start:End.
	NewText string
	Op      EditOp
	// Entries are the keys and values AddEntries adds, in order.
	Entries []Entry

	// Set by the engine: the byte range of the file that NewText
	// replaces (Start == End for an insertion), with its positions.
	Start, End int
	Pos        Position
}

// An Entry is one key and string value of a mapping, for AddEntries.
type Entry struct{ Key, Value string }

// Placed reports whether the engine has placed the edit in its file.
func (e Edit) Placed() bool { return e.Pos.IsValid() }

// An EditOp says what an Edit does at its path.
type EditOp int

const (
	// ReplaceValue replaces the text of the scalar value at Path with
	// NewText, written as YAML source as it is.
	ReplaceValue EditOp = iota
	// SetString makes the scalar value at Path the string NewText. The
	// value keeps its quoting style when that reads back as the same
	// string under YAML 1.1 (what kubectl reads) and 1.2; otherwise it is
	// double-quoted. Quoting an ambiguous scalar is SetString with its own
	// text: yes becomes "yes".
	SetString
	// RenameKey renames the key of the field at Path to NewText, keeping
	// its value, its comments and its place. The mapping must not hold
	// NewText already.
	RenameKey
	// AddEntries adds Entries to the block mapping at Path, after its
	// last entry and indented like its keys. When the mapping is missing,
	// it is created, with any missing parents, at the end of the nearest
	// block mapping that Path passes through. A key the mapping holds
	// already makes the edit uncertain.
	AddEntries
)

// placeFixes places the edits of a diagnostic's fixes in its documents'
// text; the engine calls it while trees and text are alive. Fixes placed
// before are kept as they are, so placing twice is harmless; a fix that
// cannot be placed whole is dropped.
func placeFixes(d Diagnostic) []Fix {
	var out []Fix
	for _, f := range d.Fixes {
		placed := Fix{Message: f.Message, Edits: make([]Edit, 0, len(f.Edits))}
		ok := len(f.Edits) > 0
		for _, e := range f.Edits {
			if !e.Placed() {
				e, ok = placeEdit(d, e)
			}
			if !ok {
				break
			}
			placed.Edits = append(placed.Edits, e)
		}
		if ok && !selfOverlapping(placed.Edits) {
			out = append(out, placed)
		}
	}
	return out
}

// selfOverlapping reports whether two edits of one fix touch the same
// place of one file, which no order of application could make right: they
// share a byte, or one inserts where the other starts, ends inside it, or
// inserts too.
func selfOverlapping(edits []Edit) bool {
	for i, a := range edits {
		for _, b := range edits[:i] {
			if a.Pos.File == b.Pos.File && touch(a, b) {
				return true
			}
		}
	}
	return false
}

// touch reports whether the ranges of two edits overlap, counting an
// insertion (an empty range) as covering its point.
func touch(a, b Edit) bool {
	aEnd, bEnd := max(a.End, a.Start+1), max(b.End, b.Start+1)
	return a.Start < bEnd && b.Start < aEnd
}

// placeEdit places one edit of a finding, reporting false when it cannot
// be placed with certainty.
func placeEdit(d Diagnostic, e Edit) (Edit, bool) {
	o := cmp.Or(e.Object, d.Object)
	doc, full := d.Doc, e.Path
	if o != nil {
		doc, full = o.Doc, o.Item.Join(e.Path)
	}
	if doc == nil {
		return e, false
	}
	source, _ := doc.lines()
	root := doc.RootNode()
	if root == nil || source == nil {
		return e, false
	}
	pl := &placer{doc: doc, root: root}
	var ok bool
	switch e.Op {
	case ReplaceValue:
		ok = !strings.ContainsAny(e.NewText, "\r\n") && pl.replaceScalar(&e, full, func(*yaml.Node) string { return e.NewText })
	case SetString:
		ok = pl.replaceScalar(&e, full, func(n *yaml.Node) string { return yamlString(e.NewText, n.Style) })
	case RenameKey:
		ok = pl.renameKey(&e, full)
	case AddEntries:
		ok = pl.addEntries(&e, full)
	}
	if !ok {
		return e, false
	}
	e.Object = o
	return e, true
}

// A placer places the edits of one document.
type placer struct {
	doc     *Document
	root    *yaml.Node
	aliased map[*yaml.Node]bool // anchored nodes that an alias uses; nil until needed
}

// walk follows path p from the document's top node without following
// aliases, and returns the nodes it passes: the top node, then for each
// element the value found. For a mapping element, key holds the key node
// of the last step. It stops early at a missing element. It reports false
// when the way passes through an alias, or through an anchored node that
// an alias elsewhere uses: an edit there would change what the other uses
// read too.
func (pl *placer) walk(p Path) (chain []*yaml.Node, key *yaml.Node, ok bool) {
	n := pl.root
	chain = []*yaml.Node{n}
	if !pl.editable(n) {
		return chain, nil, false
	}
	for _, el := range p.elems {
		var next, k *yaml.Node
		switch {
		case el.IsIndex && n.Kind == yaml.SequenceNode:
			if el.Index < len(n.Content) {
				next = n.Content[el.Index]
			}
		case !el.IsIndex && n.Kind == yaml.MappingNode:
			var count int
			k, next, count = lookupKeyCount(n, el.Key)
			if count > 1 {
				return chain, nil, false // a duplicate key: which one the user means is a guess
			}
		}
		if next == nil {
			return chain, nil, true
		}
		if !pl.editable(next) {
			return chain, nil, false
		}
		chain = append(chain, next)
		key, n = k, next
	}
	return chain, key, true
}

// editable reports whether n may be edited in place: it is not an alias,
// and no alias uses it if it carries an anchor.
func (pl *placer) editable(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return false
	}
	if n.Anchor == "" {
		return true
	}
	if pl.aliased == nil {
		pl.aliased = map[*yaml.Node]bool{}
		collectAliases(pl.root, pl.aliased, 0)
	}
	return !pl.aliased[n]
}

func collectAliases(n *yaml.Node, into map[*yaml.Node]bool, depth int) {
	if n == nil || depth > maxResolveDepth {
		return
	}
	if n.Kind == yaml.AliasNode {
		into[n.Alias] = true
		return
	}
	for _, c := range n.Content {
		collectAliases(c, into, depth+1)
	}
}

// lookupKeyCount is lookupKey that also counts the keys named k.
func lookupKeyCount(m *yaml.Node, k string) (key, value *yaml.Node, count int) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if kn.Kind == yaml.ScalarNode && kn.Value == k {
			key, value = kn, m.Content[i+1]
			count++
		}
	}
	return key, value, count
}

// replaceScalar places an edit that replaces the scalar at p with the
// text that newText returns for it.
func (pl *placer) replaceScalar(e *Edit, p Path, newText func(*yaml.Node) string) bool {
	chain, _, ok := pl.walk(p)
	if !ok || len(chain) != p.Len()+1 {
		return false
	}
	n := chain[len(chain)-1]
	start, end, ok := pl.scalarSpan(n)
	if !ok {
		return false
	}
	e.NewText = newText(n)
	return pl.set(e, start, end)
}

// renameKey places an edit that renames the key of the field at p.
func (pl *placer) renameKey(e *Edit, p Path) bool {
	if p.IsZero() || p.elems[p.Len()-1].IsIndex || e.NewText == "" {
		return false
	}
	chain, key, ok := pl.walk(p)
	if !ok || len(chain) != p.Len()+1 || key == nil {
		return false
	}
	parent := chain[len(chain)-2]
	if _, _, n := lookupKeyCount(parent, e.NewText); n > 0 {
		return false // the field is there already: renaming would write it twice
	}
	if !pl.editable(key) {
		return false
	}
	start, end, ok := pl.scalarSpan(key)
	if !ok {
		return false
	}
	e.NewText = yamlString(e.NewText, key.Style)
	return pl.set(e, start, end)
}

// addEntries places an edit that adds entries to the mapping at p,
// creating it and its missing parents in the nearest mapping on the way.
func (pl *placer) addEntries(e *Edit, p Path) bool {
	if len(e.Entries) == 0 {
		return false
	}
	chain, _, ok := pl.walk(p)
	if !ok {
		return false
	}
	at := chain[len(chain)-1]
	if !isBlockMapping(at) {
		return false
	}
	missing := p.elems[len(chain)-1:]
	for _, el := range missing {
		if el.IsIndex {
			return false // a list cannot be made up
		}
	}
	if len(missing) == 0 {
		for _, en := range e.Entries {
			if _, _, n := lookupKeyCount(at, en.Key); n > 0 {
				return false
			}
		}
	}
	last, ok := pl.lastLine(at, 0)
	if !ok {
		return false
	}
	indent := at.Content[0].Column - 1
	step := childIndent(at)
	source, starts := pl.doc.lines()
	i := last - pl.doc.Line // index of the last line
	if i < 0 || i >= len(starts) {
		return false
	}
	eol := lineEnding(source, starts, i)
	var b strings.Builder
	depth := indent
	for _, el := range missing {
		b.WriteString(strings.Repeat(" ", depth))
		b.WriteString(yamlString(el.Key, 0))
		b.WriteString(":" + eol)
		depth += step
	}
	for _, en := range e.Entries {
		b.WriteString(strings.Repeat(" ", depth))
		b.WriteString(yamlString(en.Key, 0))
		b.WriteString(": ")
		b.WriteString(yamlString(en.Value, 0))
		b.WriteString(eol)
	}
	text := b.String()
	var off int
	if i+1 < len(starts) {
		off = starts[i+1]
	} else {
		off = len(source)
		if !bytes.HasSuffix(source, []byte("\n")) && !bytes.HasSuffix(source, []byte("\r")) {
			// The last line of a file without a final line break.
			text = eol + strings.TrimSuffix(text, eol)
		}
	}
	e.NewText = text
	return pl.set(e, off, off)
}

// childIndent is how far the file indents a mapping below a key of m:
// the indentation step of m's first block mapping value, or 2.
func childIndent(m *yaml.Node) int {
	for i := 1; i < len(m.Content); i += 2 {
		v := m.Content[i]
		if isBlockMapping(v) && v.Content[0].Column > m.Content[0].Column {
			return v.Content[0].Column - m.Content[0].Column
		}
	}
	return 2
}

func isBlockMapping(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && len(n.Content) >= 2
}

// lastLine returns the last file line that block node n occupies, or
// false when it cannot tell for certain: a block or multi-line scalar, an
// alias, a flow collection over several lines, a deep tree.
func (pl *placer) lastLine(n *yaml.Node, depth int) (int, bool) {
	if n == nil || depth > maxResolveDepth {
		return 0, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if _, _, ok := pl.scalarSpan(n); !ok {
			return 0, false
		}
		return n.Line, true
	case yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 {
			if !onOneLine(n, n.Line, 0) {
				return 0, false
			}
			line, col := pl.doc.nodeEnd(n, 0)
			text := pl.doc.LineText(line)
			if line != n.Line || col < 2 || col-2 >= len(text) || (text[col-2] != ']' && text[col-2] != '}') {
				return 0, false
			}
			return line, true
		}
		if len(n.Content) == 0 {
			return 0, false
		}
		return pl.lastLine(n.Content[len(n.Content)-1], depth+1)
	}
	return 0, false
}

// onOneLine reports whether n and everything below it start on line.
func onOneLine(n *yaml.Node, line, depth int) bool {
	if n.Line != line || depth > maxResolveDepth || n.Kind == yaml.ScalarNode && strings.ContainsAny(n.Value, "\n") {
		return false
	}
	for _, c := range n.Content {
		if !onOneLine(c, line, depth+1) {
			return false
		}
	}
	return true
}

// scalarSpan returns the byte range of a scalar in the file: a plain or
// quoted scalar on one line, without a tag. Anything else is not certain.
func (pl *placer) scalarSpan(n *yaml.Node) (start, end int, ok bool) {
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, 0, false
	}
	p := pl.doc.Pos(n.Line, n.Column)
	text := pl.doc.LineText(p.Line)
	if p.Column < 1 || p.Column > len(text) {
		return 0, 0, false
	}
	rest := text[p.Column-1:]
	if n.Anchor != "" {
		// The node starts at its anchor: the value follows it.
		after, ok := strings.CutPrefix(rest, "&"+n.Anchor)
		trimmed := strings.TrimLeft(after, " \t")
		if !ok || trimmed == after {
			return 0, 0, false
		}
		p.Column += len(rest) - len(trimmed)
		rest = trimmed
	}
	length := 0
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		length = quotedLength(rest)
	case n.Value != "" && strings.HasPrefix(rest, n.Value):
		length = len(n.Value)
		if after := rest[length:]; after != "" && !strings.ContainsRune(" \t,]}#:", rune(after[0])) {
			length = 0 // the text goes on: not the value we know
		}
	}
	if length == 0 {
		return 0, 0, false
	}
	start, ok = pl.offset(p.Line, p.Column)
	return start, start + length, ok
}

// offset returns the byte offset in the document's text of a file line
// and byte column of this document.
func (pl *placer) offset(line, col int) (int, bool) {
	_, starts := pl.doc.lines()
	i := line - pl.doc.Line
	if i < 0 || i >= len(starts) || col < 1 {
		return 0, false
	}
	return starts[i] + col - 1, true
}

// set records the byte range start:end of the document's text as the
// place of e: offsets in the file, and positions.
func (pl *placer) set(e *Edit, start, end int) bool {
	source, starts := pl.doc.lines()
	if start < 0 || end < start || end > len(source) {
		return false
	}
	e.Start, e.End = pl.doc.Offset+start, pl.doc.Offset+end
	e.Pos = pl.position(starts, start, end)
	return true
}

// position converts a byte range of the document's text into a Position.
func (pl *placer) position(starts []int, start, end int) Position {
	source, _ := pl.doc.lines()
	at := func(off int) (line, col int) {
		if off == len(source) && off > 0 && (source[off-1] == '\n' || source[off-1] == '\r') {
			return pl.doc.Line + len(starts), 1 // after the last line break
		}
		i := 0
		for i+1 < len(starts) && starts[i+1] <= off {
			i++
		}
		return pl.doc.Line + i, off - starts[i] + 1
	}
	line, col := at(start)
	endLine, endCol := at(end)
	return Position{File: pl.doc.File, Line: line, Column: col, EndLine: endLine, EndColumn: endCol}
}

// lineEnding returns the line break of line i of source, "\n" when it
// has none.
func lineEnding(source []byte, starts []int, i int) string {
	end := len(source)
	if i+1 < len(starts) {
		end = starts[i+1]
	}
	if bytes.HasSuffix(source[starts[i]:end], []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// plainString matches strings that YAML 1.1 and 1.2 both read back as the
// same string when written without quotes.
var plainString = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._/-]*$`)

// yamlString writes s as a YAML string scalar, in the given style when
// that is safe: plain only when no YAML version reads it as anything but
// the string s (yes, on, true, null and numbers would not stay strings),
// single-quoted when it fits on a line, and double-quoted otherwise.
func yamlString(s string, style yaml.Style) string {
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		return strconv.Quote(s)
	case style&yaml.SingleQuotedStyle != 0 && strconv.CanBackquote(s):
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && plainString.MatchString(s) && !yaml11Word(s):
		return s
	}
	return strconv.Quote(s)
}

// yaml11Word reports whether s is a word that YAML 1.1 or 1.2 reads as a
// boolean or null.
func yaml11Word(s string) bool {
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off", "true", "false", "null":
		return true
	}
	return false
}
