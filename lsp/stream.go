package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// maxMessage bounds the body of one message: a header that announces more
// is answered with an error and its body skipped, never read into memory.
const maxMessage = 64 << 20

// A stream reads and writes the header-framed JSON-RPC messages of LSP, as
// jsonrpc2.NewStream does, but a bad message does not end the session: a
// body that is not JSON is answered with a parse error, one that is not a
// request with an invalid-request error (JSON-RPC 2.0, section 5.1), and
// the server reads on. Only broken framing, after which no message
// boundary can be trusted, ends it.
type stream struct {
	in  *bufio.Reader
	rwc io.ReadWriteCloser

	mu sync.Mutex // serialises writes: replies, notifications, errors
}

func newStream(rwc io.ReadWriteCloser) *stream {
	return &stream{in: bufio.NewReader(rwc), rwc: rwc}
}

// Read returns the next message that decodes, answering those that do not.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		data, n, err := s.readFrame()
		total += n
		if err != nil {
			return nil, total, err
		}
		if data == nil { // too large, skipped
			if err := s.writeError(-32600, fmt.Sprintf("message larger than %d bytes", maxMessage)); err != nil {
				return nil, total, err
			}
			continue
		}
		msg, err := jsonrpc2.DecodeMessage(data)
		if err == nil {
			return msg, total, nil
		}
		code, what := -32600, "invalid request"
		if !json.Valid(data) {
			code, what = -32700, "parse error: the message is not JSON"
		}
		if err := s.writeError(code, what); err != nil {
			return nil, total, err
		}
	}
}

// readFrame reads the headers and the body of one message. A body larger
// than maxMessage is skipped and returned as nil.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total, length int64
	for {
		line, err := s.in.ReadString('\n')
		total += int64(len(line))
		if err != nil {
			return nil, total, fmt.Errorf("reading a header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, total, fmt.Errorf("invalid header line %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), jsonrpc2.HdrContentLength) {
			if length, err = strconv.ParseInt(strings.TrimSpace(value), 10, 64); err != nil || length <= 0 {
				return nil, total, fmt.Errorf("invalid %s %q", jsonrpc2.HdrContentLength, value)
			}
		}
	}
	if length == 0 {
		return nil, total, errors.New("missing Content-Length header")
	}
	if length > maxMessage {
		n, err := io.CopyN(io.Discard, s.in, length)
		return nil, total + n, err
	}
	data := make([]byte, length)
	n, err := io.ReadFull(s.in, data)
	return data, total + int64(n), err
}

// Write sends one message.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

// writeError sends an error response with a null id: the request it
// answers could not be read, so its id is unknown.
func (s *stream) writeError(code int, message string) error {
	data, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": nil, "error": map[string]any{"code": code, "message": message}})
	if err != nil {
		return err
	}
	_, err = s.writeFrame(data)
	return err
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := fmt.Fprintf(s.rwc, "%s: %d%s", jsonrpc2.HdrContentLength, len(data), jsonrpc2.HdrContentSeparator)
	if err != nil {
		return int64(n), err
	}
	m, err := s.rwc.Write(data)
	return int64(n + m), err
}

// Close closes the connection.
func (s *stream) Close() error { return s.rwc.Close() }
