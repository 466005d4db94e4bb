package analyzer

import (
	"bytes"
	"sync"

	"go.yaml.in/yaml/v3"
)

// A Document is one YAML or JSON document of one file.
//
// Node lines in Root are absolute lines of the file, so a Document split out
// of a multi-document stream keeps the positions the user sees. Text and
// tree live as long as lint keeps the document's set (see package lint):
// positions, excerpts and fixes are placed while they do.
type Document struct {
	File   string     // the file name as given on the command line, or the stdin name
	Index  int        // 0-based index of the document within its file
	Line   int        // 1-based line of the file where the document's text starts
	Root   *yaml.Node // the document's top node; nil when it did not parse
	Source []byte     // the document's text, whose first line is Line
	Offset int        // the byte offset of Source in its file, for edits (see Fix)
	Part   int        // which document of Source this is (almost always 0)
	// Encoding names the file's encoding when it is not UTF-8 ("UTF-16LE"):
	// Source is then converted, and Offset counts bytes of that text, not
	// of the file, so no edit can be placed in it.
	Encoding string
	// Rendering is set when podlint rendered the document from a chart or
	// a kustomization: File then names the source, and positions in
	// Source are moved there (see Resolve).
	Rendering *Rendering

	textMu    sync.Mutex // guards lineStart, indexed on first use
	lineStart []int      // byte offset in Source of each line; nil until needed
}

// Discard drops the document's tree and text, once everything that reads
// them is done; positions placed before stay valid.
func (d *Document) Discard() {
	d.textMu.Lock()
	defer d.textMu.Unlock()
	d.Root, d.Source, d.lineStart = nil, nil, nil
}

// RootNode returns the document's top node, nil when it did not parse.
func (d *Document) RootNode() *yaml.Node { return d.Root }

// ShiftLines moves every node below n down by offset lines, so that a
// document parsed on its own carries the lines of its file. Aliases are not
// followed: their targets are part of the tree already.
func ShiftLines(n *yaml.Node, offset int) { shiftLines(n, offset, 0) }

func shiftLines(n *yaml.Node, offset, depth int) {
	if offset == 0 || depth > maxResolveDepth*4 {
		return
	}
	n.Line += offset
	for _, c := range n.Content {
		shiftLines(c, offset, depth+1)
	}
}

// LineText returns the text of the given file line (without its line break),
// or "" when the line is outside this document.
func (d *Document) LineText(line int) string {
	source, starts := d.lines()
	return lineText(source, starts, line-d.Line)
}

// lineText returns line i (0-based) of source, whose lines start at starts.
func lineText(source []byte, starts []int, i int) string {
	if i < 0 || i >= len(starts) || len(source) == 0 {
		return ""
	}
	start := starts[i]
	end := len(source)
	if i+1 < len(starts) {
		end = starts[i+1]
	}
	if end > len(source) || start > end {
		return ""
	}
	text := source[start:end]
	text = bytes.TrimSuffix(text, []byte("\n"))
	text = bytes.TrimSuffix(text, []byte("\r"))
	return string(text)
}

// lines returns the document's text and the offset of each of its lines,
// indexing them on first use.
func (d *Document) lines() ([]byte, []int) {
	source := d.Source
	d.textMu.Lock()
	defer d.textMu.Unlock()
	if d.lineStart == nil {
		d.lineStart = indexLines(source)
	}
	return source, d.lineStart
}

// indexLines returns the offset of each line of source: line breaks as
// YAML counts them, \n, \r\n and a lone \r.
func indexLines(source []byte) []int {
	starts := []int{0}
	for i, c := range source {
		lone := c == '\r' && (i+1 == len(source) || source[i+1] != '\n')
		if (c == '\n' || lone) && i+1 < len(source) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// Pos returns the position of a line and a 1-based character column as the
// YAML parser counts them, converted to the byte column that Position uses.
func (d *Document) Pos(line, col int) Position {
	source, starts := d.lines()
	if last := d.Line + len(starts) - 1; len(source) > 0 && line > last {
		// The parser places the end of a stream after the last line break;
		// keep positions on lines that exist.
		return Position{File: d.File, Line: last, Column: len(lineText(source, starts, last-d.Line)) + 1}
	}
	return Position{File: d.File, Line: line, Column: byteColumn(lineText(source, starts, line-d.Line), col)}
}

// byteColumn converts a 1-based column counted in characters into one
// counted in bytes of text.
func byteColumn(text string, col int) int {
	if col <= 1 {
		return col
	}
	n := 0
	for i := range text {
		n++
		if n == col {
			return i + 1
		}
	}
	// Past the end of the line: keep the distance beyond it.
	return len(text) + col - n
}

// NodePos returns the position of node n, from its start to the end of its
// value.
func (d *Document) NodePos(n *yaml.Node) Position {
	pos := d.Pos(n.Line, n.Column)
	if line, col := d.nodeEnd(n, 0); line > 0 {
		pos.EndLine, pos.EndColumn = line, col
	}
	return pos
}
