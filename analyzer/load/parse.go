package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"
	yamlv4 "go.yaml.in/yaml/v4"

	"github.com/podlint/podlint/analyzer"
)

// A SyntaxError is a document that does not parse, with the position the
// parser stopped at (1-based line and character column of the file).
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// parseChunk parses the documents of one chunk into node trees whose lines
// are lines of the file. Usually a chunk holds one document; when it holds
// none (comments only) it returns none.
func parseChunk(c chunk) ([]*yamlv3.Node, error) {
	dec := yamlv3.NewDecoder(bytes.NewReader(c.text))
	var docs []*yamlv3.Node
	for {
		var n yamlv3.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, syntaxError(c, err)
		}
		analyzer.ShiftLines(&n, c.line-1)
		docs = append(docs, &n)
	}
}

// syntaxError positions a parse failure. go.yaml.in/yaml/v3 reports only
// the line of the construct it was reading, often lines above the mistake,
// in the text of its error; v4 reports the exact mark as data, so a broken
// chunk is parsed once more with v4 to say where it broke.
func syntaxError(c chunk, v3err error) *SyntaxError {
	var nodes []yamlv4.Node
	err := yamlv4.Load(c.text, &nodes, yamlv4.WithAllDocuments())
	var le *yamlv4.LoadError
	if errors.As(err, &le) && le.Mark.Line > 0 {
		msg := le.Message
		if le.ContextMsg != "" && le.ContextMark.Line > 0 {
			msg = fmt.Sprintf("%s (%s from line %d)", msg, le.ContextMsg, le.ContextMark.Line+c.line-1)
		}
		return &SyntaxError{Line: le.Mark.Line + c.line - 1, Column: max(le.Mark.Column, 1), Msg: msg}
	}
	if line, col, ok := firstInvalidUTF8(c.text); ok {
		return &SyntaxError{Line: c.line + line - 1, Column: col, Msg: "invalid UTF-8: YAML and JSON files must be UTF-8 text"}
	}
	if line, col, r, ok := firstControl(c.text); ok {
		return &SyntaxError{Line: c.line + line - 1, Column: col, Msg: fmt.Sprintf("control character %U is not allowed in YAML or JSON text; escape it in a double-quoted string", r)}
	}
	// v4 accepted what v3 refused: keep v3's own words and the chunk start.
	msg := strings.TrimPrefix(v3err.Error(), "yaml: ")
	return &SyntaxError{Line: c.line, Column: 1, Msg: msg}
}

// firstInvalidUTF8 returns the 1-based line and column of the first byte
// that is not UTF-8.
func firstInvalidUTF8(b []byte) (line, col int, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 0, 0, false
}

// firstControl returns the 1-based line and column of the first character
// that YAML does not allow in a stream (C0 controls but tab and line
// breaks, DEL, C1 controls but NEL, surrogates and U+FFFE/U+FFFF).
func firstControl(b []byte) (line, col int, r rune, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r' || r == 0x85:
		case r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0xfffe || r == 0xffff:
			return line, col, r, true
		}
		col++
		i += size
	}
	return 0, 0, 0, false
}
