package load

import "bytes"

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
