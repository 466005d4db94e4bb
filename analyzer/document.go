package analyzer

import (
	"bytes"
	"sync"

	"go.yaml.in/yaml/v3"
)

// A Document is one YAML or JSON document of one file.
//
// Node lines in Root are absolute lines of the file, so a Document split out
// of a multi-document stream keeps the positions the user sees.
type Document struct {
	File   string     // the file name as given on the command line, or the stdin name
	Index  int        // 0-based index of the document within its file
	Line   int        // 1-based line of the file where the document's text starts
	Root   *yaml.Node // the document's top node; nil when it did not parse or was released
	Source []byte     // the document's text, whose first line is Line
	Part   int        // which document of Source this is (almost always 0)

	linesOnce sync.Once
	lineStart []int // byte offset in Source of each line

	mu       sync.Mutex
	released bool // Root was dropped to save memory; RootNode parses Source again
}

// Release drops the node tree to save memory; RootNode parses Source again
// when a position is needed later. Findings resolved before stay valid.
func (d *Document) Release() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.Root != nil {
		d.Root, d.released = nil, true
	}
}

// RootNode returns the document's top node, parsing the text again if the
// tree was released.
func (d *Document) RootNode() *yaml.Node {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.Root != nil || !d.released {
		return d.Root
	}
	dec := yaml.NewDecoder(bytes.NewReader(d.Source))
	for i := 0; i <= d.Part; i++ {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			return nil
		}
		if i == d.Part {
			ShiftLines(&n, d.Line-1)
			if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
				d.Root = n.Content[0]
			}
		}
	}
	return d.Root
}

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
	d.linesOnce.Do(d.indexLines)
	i := line - d.Line
	if i < 0 || i >= len(d.lineStart) {
		return ""
	}
	start := d.lineStart[i]
	end := len(d.Source)
	if i+1 < len(d.lineStart) {
		end = d.lineStart[i+1]
	}
	text := d.Source[start:end]
	text = bytes.TrimSuffix(text, []byte("\n"))
	text = bytes.TrimSuffix(text, []byte("\r"))
	return string(text)
}

func (d *Document) indexLines() {
	d.lineStart = append(d.lineStart, 0)
	// Line breaks as YAML counts them: \n, \r\n, and a lone \r.
	for i, c := range d.Source {
		lone := c == '\r' && (i+1 == len(d.Source) || d.Source[i+1] != '\n')
		if (c == '\n' || lone) && i+1 < len(d.Source) {
			d.lineStart = append(d.lineStart, i+1)
		}
	}
}

// Pos returns the position of a line and a 1-based character column as the
// YAML parser counts them, converted to the byte column that Position uses.
func (d *Document) Pos(line, col int) Position {
	d.linesOnce.Do(d.indexLines)
	if last := d.Line + len(d.lineStart) - 1; len(d.Source) > 0 && line > last {
		// The parser places the end of a stream after the last line break;
		// keep positions on lines that exist.
		return Position{File: d.File, Line: last, Column: len(d.LineText(last)) + 1}
	}
	return Position{File: d.File, Line: line, Column: byteColumn(d.LineText(line), col)}
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
