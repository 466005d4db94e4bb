package load

import (
	"bytes"
	"encoding/json"
)

// A chunk is the text of one document of a stream and the 1-based line of
// the file where it starts.
type chunk struct {
	line   int
	offset int // of text in the data split
	text   []byte
}

// splitDocuments cuts a stream before every "---" document marker at the
// start of a line. A broken document then spoils only its own chunk, and
// each chunk keeps the line where it starts. A marker at column 0 always
// starts a document in YAML: block scalars and flow values cannot hold one.
func splitDocuments(data []byte) []chunk {
	var chunks []chunk
	start, startLine, line := 0, 1, 1
	for i := 0; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if end >= 0 {
			next = i + end + 1
		}
		if i > start && isDocumentMarker(data[i:next]) {
			chunks = append(chunks, chunk{line: startLine, offset: start, text: data[start:i]})
			start, startLine = i, line
		}
		i = next
		line++
	}
	return append(chunks, chunk{line: startLine, offset: start, text: data[start:]})
}

func isDocumentMarker(l []byte) bool {
	if !bytes.HasPrefix(l, []byte("---")) {
		return false
	}
	return len(l) == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\n' || l[3] == '\r'
}

// splitJSON cuts a stream of concatenated JSON values ({...}{...}, as
// loops over kubectl get -o json print them) into one chunk per value,
// as kubectl reads a stream that starts with "{". It reports false when
// the data holds one value or less, or does not start with "{", so that
// the YAML splitter takes it; where the stream stops being JSON, the rest
// is one chunk, for the parser to report where it breaks.
func splitJSON(data []byte) ([]chunk, bool) {
	start := firstNonSpace(data)
	if start >= len(data) || data[start] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var chunks []chunk
	line, counted := 1, 0
	lineAt := func(off int) int {
		line += bytes.Count(data[counted:off], []byte("\n"))
		counted = off
		return line
	}
	end := 0
	for {
		begin := end + firstNonSpace(data[end:])
		if begin >= len(data) {
			break
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			chunks = append(chunks, chunk{line: lineAt(begin), offset: begin, text: data[begin:]})
			break
		}
		end = int(dec.InputOffset())
		chunks = append(chunks, chunk{line: lineAt(begin), offset: begin, text: data[begin:end]})
	}
	return chunks, len(chunks) > 1
}

// firstNonSpace returns the index of the first byte of data that is not
// JSON white space, or len(data).
func firstNonSpace(data []byte) int {
	for i, c := range data {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return i
		}
	}
	return len(data)
}
