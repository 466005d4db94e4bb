package analyzer

import (
	"bytes"
	"os"
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
	Offset int        // the byte offset of Source in its file, for edits (see Fix)
	Part   int        // which document of Source this is (almost always 0)
	// Origin, when set, says where Source can be read again, so a large
	// run may drop the text of documents it is unlikely to show (see
	// DropText).
	Origin *TextOrigin

	textMu    sync.Mutex // guards Source and lineStart while they are dropped or read again
	lineStart []int      // byte offset in Source of each line; nil until needed

	mu       sync.Mutex
	released bool // Root was dropped to save memory; RootNode parses Source again
}

// A TextOrigin is where a document's text lies in the file it was read
// from.
type TextOrigin struct {
	Path           string
	Offset, Length int // bytes
}

// DropText drops the document's text when it can be read again from its
// file, and reports whether it did. Reading it again costs a file read, so
// it suits documents that will probably never be shown.
func (d *Document) DropText() bool {
	d.textMu.Lock()
	defer d.textMu.Unlock()
	if d.Origin == nil {
		return false
	}
	d.Source, d.lineStart = nil, nil
	return true
}

// Text returns the document's text, reading it again from its file if it
// was dropped. It returns nil when the file can no longer be read or has
// changed length.
func (d *Document) Text() []byte {
	d.textMu.Lock()
	defer d.textMu.Unlock()
	if d.Source != nil || d.Origin == nil {
		return d.Source
	}
	f, err := os.Open(d.Origin.Path)
	if err != nil {
		return nil
	}
	defer f.Close()
	text := make([]byte, d.Origin.Length)
	if n, _ := f.ReadAt(text, int64(d.Origin.Offset)); n != len(text) {
		return nil // the file shrank
	}
	d.Source = text
	return text
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

// isReleased reports whether the node tree was released, so that RootNode
// parses the text again.
func (d *Document) isReleased() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.released
}

// RootNode returns the document's top node, parsing the text again if the
// tree was released.
func (d *Document) RootNode() *yaml.Node {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.Root != nil || !d.released {
		return d.Root
	}
	dec := yaml.NewDecoder(bytes.NewReader(d.Text()))
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
// indexing them on first use. DropText drops the index with the text.
func (d *Document) lines() ([]byte, []int) {
	source := d.Text()
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
