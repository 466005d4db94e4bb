package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestBadMessages checks that the server answers a body that is not JSON
// with a parse error and one that is no request with an invalid-request
// error, skips a body too large to read, and goes on serving.
func TestBadMessages(t *testing.T) {
	srv, cli := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(t.Context(), srv, Config{}) }()
	t.Cleanup(func() { _ = cli.Close(); _ = srv.Close() })
	_ = cli.SetDeadline(time.Now().Add(10 * time.Second))

	in := bufio.NewReader(cli)
	send := func(body string) {
		t.Helper()
		go func() { _, _ = fmt.Fprintf(cli, "Content-Length: %d\r\n\r\n%s", len(body), body) }()
	}
	receive := func() map[string]any {
		t.Helper()
		length := 0
		for {
			line, err := in.ReadString('\n')
			if err != nil {
				t.Fatalf("reading a header: %v", err)
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(in, body); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("reply is not JSON: %q", body)
		}
		return m
	}
	code := func(m map[string]any) float64 {
		e, _ := m["error"].(map[string]any)
		c, _ := e["code"].(float64)
		return c
	}

	send(`{"jsonrpc": "2.0", "id": 1, "method": `)
	if m := receive(); code(m) != -32700 || m["id"] != nil {
		t.Errorf("not JSON: got %v, want a parse error (-32700) with a null id", m)
	}
	send(`[1, 2]`)
	if m := receive(); code(m) != -32600 {
		t.Errorf("not a request: got %v, want an invalid-request error (-32600)", m)
	}
	go func() {
		_, _ = fmt.Fprintf(cli, "Content-Length: %d\r\n\r\n%s", maxMessage+1, strings.Repeat(" ", maxMessage+1))
	}()
	if m := receive(); code(m) != -32600 {
		t.Errorf("too large: got %v, want an invalid-request error", m)
	}
	send(`{"jsonrpc": "2.0", "id": 7, "method": "initialize", "params": {"capabilities": {}}}`)
	if m := receive(); m["id"] != float64(7) || m["result"] == nil {
		t.Errorf("after bad messages, initialize got %v, want its result", m)
	}
	select {
	case err := <-done:
		t.Fatalf("the server stopped: %v", err)
	default:
	}
}

// TestBOMRange checks that a buffer that starts with a byte order mark
// gets line-1 ranges counted in the buffer as the editor holds it, mark
// included.
func TestBOMRange(t *testing.T) {
	c := start(t, testConfig())
	c.initialize("")
	u := uri.File(filepath.Join(t.TempDir(), "pod.yaml"))
	line := "\ufeff{apiVersion: v1, kind: Pod, metadata: {name: wéb, annotations: {a: yes}}, spec: {containers: [{name: a, image: b}]}}"
	c.open(u, "yaml", line+"\n")
	p := c.wait(u, 1)
	before, _, _ := strings.Cut(line, "yes")
	want := uint32(len(utf16.Encode([]rune(before))))
	if !slices.ContainsFunc(p.Diagnostics, func(d protocol.Diagnostic) bool {
		return d.Code == "ambiguous-scalar" && d.Range.Start.Line == 0 && d.Range.Start.Character == want
	}) {
		t.Errorf("no ambiguous-scalar finding at line 1, character %d: %v", want, p.Diagnostics)
	}
	c.shutdown()
}

// FuzzStream feeds arbitrary bytes to the message reader: it must never
// panic, and it reads until the bytes run out.
func FuzzStream(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: 5\r\n\r\n[1,2]Content-Length: 1\r\n\r\n{"))
	f.Add([]byte("Content-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("content-length: 3\r\n\r\nnul"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &stream{in: bufio.NewReader(bytes.NewReader(data)), rwc: nopCloser{io.Discard}}
		for range 1000 {
			if _, _, err := s.Read(t.Context()); err != nil {
				return
			}
		}
	})
}

// nopCloser is a writer that serves as the connection of a stream under test.
type nopCloser struct{ io.Writer }

func (nopCloser) Read([]byte) (int, error) { return 0, io.EOF }
func (nopCloser) Close() error             { return nil }
