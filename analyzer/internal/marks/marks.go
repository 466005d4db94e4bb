// Package marks finds, for each line Helm renders, the template line that
// wrote it: templates are marked before Helm parses them, the markers are
// taken out of the output, and a LineMap places rendered positions.
package marks

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
)

// Helm keeps no positions: what it renders is text. To learn which line of
// a template wrote each rendered line, podlint marks the template before
// Helm parses it. Every newline in the template's literal text (its text
// nodes, never its actions) gets a marker naming its line just before it;
// Helm copies text nodes to the output verbatim, so each marker ends up at
// the end of the rendered line that template line ended; and every line
// that starts in literal text gets one at its start too, for the newlines
// that {{- trims away. Markers hold no
// whitespace and no newline, so Helm's {{- -}} trimming stops where it
// stopped before; removing them restores Helm's output byte for byte, with
// the same lines. One render gives both the text to lint and the map.
//
// A marker is a unit separator, "L", the line number, and a unit
// separator: bytes a template's text does not hold.
const markSep = '\x1f'

// Template returns src with a line marker before each newline of its
// literal text. Text inside define and block bodies is left alone: a line
// a helper writes belongs to every template that includes it, and findings
// go to the line of the template that calls it. ok is false when the
// template does not parse on its own (Helm will report why).
func Template(name string, src []byte) ([]byte, bool) {
	tr := parse.New(name)
	tr.Mode = parse.SkipFuncCheck | parse.ParseComments
	if _, err := tr.Parse(string(src), "{{", "}}", map[string]*parse.Tree{}); err != nil {
		return nil, false
	}
	var texts []*parse.TextNode
	collectText(tr.Root, &texts, 0)
	slices.SortFunc(texts, func(a, b *parse.TextNode) int { return int(a.Pos) - int(b.Pos) })

	var out bytes.Buffer
	out.Grow(len(src) + len(src)/8)
	line, last := 1, 0
	for _, t := range texts {
		start, end := int(t.Pos), int(t.Pos)+len(t.Text)
		if start < last || end > len(src) || !bytes.Equal(src[start:end], t.Text) {
			return nil, false // a node that is not where it says: leave the template unmarked
		}
		line += bytes.Count(src[last:start], []byte{'\n'})
		out.Write(src[last:start])
		if start == 0 || src[start-1] == '\n' {
			writeMark(&out, line)
		}
		for i := start; i < end; i++ {
			if src[i] == '\n' {
				writeMark(&out, line)
				line++
				out.WriteByte('\n')
				if i+1 < end {
					writeMark(&out, line) // the next line starts in this text
				}
				continue
			}
			out.WriteByte(src[i])
		}
		last = end
	}
	out.Write(src[last:])
	return out.Bytes(), true
}

func writeMark(out *bytes.Buffer, line int) {
	out.WriteByte(markSep)
	out.WriteByte('L')
	out.WriteString(strconv.Itoa(line))
	out.WriteByte(markSep)
}

// maxWalk bounds the recursion over a template's tree.
const maxWalk = 200

func collectText(n parse.Node, out *[]*parse.TextNode, depth int) {
	if n == nil || depth > maxWalk {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			collectText(c, out, depth+1)
		}
	case *parse.TextNode:
		*out = append(*out, n)
	case *parse.IfNode:
		collectText(n.List, out, depth+1)
		collectText(n.ElseList, out, depth+1)
	case *parse.RangeNode:
		collectText(n.List, out, depth+1)
		collectText(n.ElseList, out, depth+1)
	case *parse.WithNode:
		collectText(n.List, out, depth+1)
		collectText(n.ElseList, out, depth+1)
	}
}

// Unmark removes the markers from rendered text and returns the text and,
// for each of its lines, the template lines whose newline ended it, in
// order. A line that only actions wrote has none.
func Unmark(rendered string) ([]byte, [][]int) {
	out := make([]byte, 0, len(rendered))
	var lines [][]int
	var cur []int
	for i := 0; i < len(rendered); i++ {
		c := rendered[i]
		if c == markSep && i+1 < len(rendered) && rendered[i+1] == 'L' {
			j := i + 2
			for j < len(rendered) && rendered[j] >= '0' && rendered[j] <= '9' {
				j++
			}
			if j < len(rendered) && rendered[j] == markSep && j > i+2 {
				n, err := strconv.Atoi(rendered[i+2 : j])
				if err == nil {
					cur = append(cur, n)
					i = j
					continue
				}
			}
		}
		out = append(out, c)
		if c == '\n' {
			lines = append(lines, cur)
			cur = nil
		}
	}
	lines = append(lines, cur)
	return out, lines
}

// A LineMap places lines of one rendered template at lines of its source.
type LineMap struct {
	Rendered []string // the rendered lines
	Source   []string // the template's lines
	Marks    [][]int  // per rendered line, the template lines that ended it
}

// Place returns the template line and byte column (both 1-based) of the
// text at rendered line and column: the first template line that ended
// this rendered line and writes the same key or value literally; when
// none does (an include, toYaml, a range over values), the same for the
// nearest enclosing key, found by indentation. ok is false when no line
// up the chain qualifies.
func (m *LineMap) Place(line, col int) (srcLine, srcCol int, ok bool) {
	for l, c := line, col; l >= 1 && l <= len(m.Rendered); {
		text := m.Rendered[l-1]
		if tok := tokenAt(text, c); tok != "" && l-1 < len(m.Marks) {
			for _, s := range m.Marks[l-1] {
				if s < 1 || s > len(m.Source) {
					continue
				}
				if i := literalIndex(m.Source[s-1], tok); i >= 0 {
					return s, i + 1, true
				}
			}
		}
		l, c = parentLine(m.Rendered, l)
	}
	return 0, 0, false
}

// tokenAt returns the key or scalar starting at byte column col of line:
// up to the colon of a key, or the end of a plain, quoted or flow value.
func tokenAt(line string, col int) string {
	if col < 1 || col > len(line) {
		return ""
	}
	s := line[col-1:]
	s = strings.TrimLeft(s, "- ")
	if s == "" {
		return ""
	}
	if q := s[0]; q == '"' || q == '\'' {
		if j := strings.IndexByte(s[1:], q); j >= 0 {
			return s[:j+2]
		}
		return s
	}
	end := len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', ']', '}', '#':
			end = i
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				end = i
			}
		}
		if end != len(s) {
			break
		}
	}
	return strings.TrimSpace(s[:end])
}

// literalIndex returns the byte index of tok in the literal text of a
// template line (outside {{ }} actions), or -1.
func literalIndex(src, tok string) int {
	if tok == "" {
		return -1
	}
	b := []byte(src)
	for i := 0; i < len(b); {
		j := strings.Index(string(b[i:]), "{{")
		if j < 0 {
			break
		}
		k := strings.Index(string(b[i+j:]), "}}")
		if k < 0 {
			for x := i + j; x < len(b); x++ {
				b[x] = ' '
			}
			break
		}
		for x := i + j; x < i+j+k+2; x++ {
			b[x] = ' '
		}
		i += j + k + 2
	}
	return strings.Index(string(b), tok)
}

// parentLine returns the nearest line above line that is less indented
// than it (the key that encloses it in block YAML) and the column of its
// first character; 0 when there is none.
func parentLine(lines []string, line int) (int, int) {
	ind := indent(lines[line-1])
	for l := line - 1; l >= 1; l-- {
		t := lines[l-1]
		if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
			continue
		}
		if t == "---" || strings.HasPrefix(t, "--- ") {
			return 0, 0
		}
		if i := indent(t); i < ind || (i == ind && strings.HasPrefix(strings.TrimSpace(lines[line-1]), "- ") && !strings.HasPrefix(strings.TrimSpace(t), "- ")) {
			return l, i + 1
		}
	}
	return 0, 0
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
