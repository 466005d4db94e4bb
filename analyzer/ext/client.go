package ext

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Name is the companion's executable name.
const Name = "podlint-ext"

// A Client is one connection to a companion, started on its first call.
// It is safe for concurrent use: calls are multiplexed by ID, and the
// companion answers each as soon as it is done.
type Client struct {
	// Start connects to a companion: by default, the podlint-ext
	// executable (see Find).
	Start func() (io.WriteCloser, io.ReadCloser, func() error, error)

	mu      sync.Mutex // guards the fields below; never held while writing
	wmu     sync.Mutex // serializes writes to w
	w       io.WriteCloser
	stop    func() error
	next    uint64
	pending map[uint64]chan response
	hello   *Hello
	err     error         // why the companion cannot start: the same answer for every call
	stopped chan struct{} // closed when read() has seen the companion exit
	// started counts the companions started: a compile sent to one is
	// unknown to the next.
	started uint64

	linked bool // serves in this process (InProcess)

	answers  Answers
	identity string                      // the companion's build, part of every answer's key
	deferred map[string]*deferredCompile // compiles answered by answers, by the ID they answered
}

var (
	defaultMu     sync.Mutex
	defaultClient = &Client{Start: startExecutable}
)

// Default returns the process's client.
func Default() *Client {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	return defaultClient
}

// Call calls method on the process's client.
func Call(ctx context.Context, method string, params, result any) error {
	return Default().Call(ctx, method, params, result)
}

// InProcess makes the process's client serve calls with handle in this
// process, through the same messages (tests link the companion's code
// instead of building it). It returns a function that restores the
// executable.
func InProcess(handle Handler) func() {
	c := &Client{Start: Pipe(handle), linked: true}
	defaultMu.Lock()
	old := defaultClient
	defaultClient = c
	defaultMu.Unlock()
	return func() {
		c.Close()
		defaultMu.Lock()
		defaultClient = old
		defaultMu.Unlock()
	}
}

// Linked reports whether the client serves calls in this process
// (InProcess), with the companion's code linked into it.
func (c *Client) Linked() bool { return c.linked }

// Pipe returns a Client.Start that serves calls with handle in this
// process, over pipes, through the same messages as the executable.
func Pipe(handle Handler) func() (io.WriteCloser, io.ReadCloser, func() error, error) {
	return func() (io.WriteCloser, io.ReadCloser, func() error, error) {
		reqR, reqW := io.Pipe()
		respR, respW := io.Pipe()
		done := make(chan error, 1)
		go func() {
			err := Serve(reqR, respW, handle)
			_ = respW.CloseWithError(io.EOF)
			done <- err
		}()
		return reqW, respR, func() error { return <-done }, nil
	}
}

// Find returns the companion executable podlint runs: $PODLINT_EXT, else
// podlint-ext beside the running executable (a release archive, go
// install and the container image put them together), else on PATH.
func Find() (string, error) {
	if p := os.Getenv("PODLINT_EXT"); p != "" {
		return p, nil
	}
	name := Name
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		p := filepath.Join(filepath.Dir(exe), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s is not installed beside podlint nor on PATH: podlint runs it to render Helm charts and kustomizations "+
		"and to validate custom resources; it comes in the release archive and the image, or go install github.com/podlint/podlint/cmd/%s "+
		"at podlint's version (or set PODLINT_EXT to its path)", Name, Name)
}

func startExecutable() (io.WriteCloser, io.ReadCloser, func() error, error) {
	path, err := Find()
	if err != nil {
		return nil, nil, nil, err
	}
	cmd := exec.Command(path)
	cmd.Stderr = os.Stderr
	w, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, r, cmd.Wait, nil
}

// connect starts the companion when it is not running and checks that it
// speaks this protocol. c.mu is held.
func (c *Client) connect() error {
	if c.w != nil || c.err != nil {
		return c.err
	}
	w, r, stop, err := c.Start()
	if err != nil {
		c.err = err
		return err
	}
	c.w, c.stop, c.pending = w, stop, map[uint64]chan response{}
	c.stopped = make(chan struct{})
	c.started++
	go c.read(r, c.stopped)
	return nil
}

// read hands each answer to its caller; when the companion stops, every
// waiting call fails and the next call starts it again.
func (c *Client) read(r io.ReadCloser, stopped chan struct{}) {
	defer close(stopped)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<30)
	for sc.Scan() {
		var resp response
		if err := json.Unmarshal(sc.Bytes(), &resp); err != nil {
			continue
		}
		c.mu.Lock()
		ch := c.pending[resp.ID]
		delete(c.pending, resp.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- resp
		}
	}
	c.mu.Lock()
	for id, ch := range c.pending {
		ch <- response{ID: id, Error: Name + " stopped before it answered"}
	}
	c.pending = nil
	if c.w != nil {
		_ = c.w.Close()
		c.w = nil
		c.hello = nil
	}
	stop := c.stop
	c.stop = nil
	c.mu.Unlock()
	if stop != nil {
		_ = stop()
	}
}

// Call sends method with params and decodes the answer into result.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	data, err := marshalParams(params)
	if err != nil {
		return err
	}
	var raw json.RawMessage
	if c.remembers(method) {
		raw, err = c.callRemembered(ctx, method, data, validatedAgainst(method, params))
	} else {
		raw, err = c.call(ctx, method, data)
	}
	if err != nil || result == nil {
		return err
	}
	return json.Unmarshal(raw, result)
}

// call sends method with data as its params and returns the raw answer.
func (c *Client) call(ctx context.Context, method string, data json.RawMessage) (json.RawMessage, error) {
	if method != MethodHello {
		if err := c.checkHello(ctx); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	if err := c.connect(); err != nil {
		c.mu.Unlock()
		return nil, err
	}
	c.next++
	id := c.next
	ch := make(chan response, 1)
	c.pending[id] = ch
	w := c.w
	c.mu.Unlock()
	// Writing may wait for the companion to read, and it reads only as its
	// answers are taken: c.mu stays free for read() meanwhile.
	line := appendRequest(make([]byte, 0, len(data)+64), id, method, data)
	c.wmu.Lock()
	_, err := w.Write(append(line, '\n'))
	c.wmu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	select {
	case resp := <-ch:
		if resp.Error != "" {
			return nil, errors.New(resp.Error)
		}
		return resp.Result, nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// checkHello asks a newly started companion for its protocol, once.
func (c *Client) checkHello(ctx context.Context) error {
	c.mu.Lock()
	known := c.hello != nil
	c.mu.Unlock()
	if known {
		return nil
	}
	var h Hello
	if err := c.Call(ctx, MethodHello, Hello{Protocol: Protocol}, &h); err != nil {
		return err
	}
	if h.Protocol != Protocol {
		c.mu.Lock()
		c.err = fmt.Errorf("%s %s speaks protocol %d and this podlint %d: install the %s of podlint's own version", Name, h.Version, h.Protocol, Protocol, Name)
		err := c.err
		c.mu.Unlock()
		return err
	}
	c.mu.Lock()
	c.hello = &h
	c.mu.Unlock()
	return nil
}

// Close stops the companion, if it runs, and waits a moment for it to
// exit, so that it neither outlives podlint nor escapes its accounting.
func (c *Client) Close() {
	c.mu.Lock()
	w, stopped := c.w, c.stopped
	c.mu.Unlock()
	if w == nil {
		return
	}
	_ = w.Close() // the companion exits at the end of its input; read() then waits for it
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
	}
}

// A Handler answers one call: the method and its raw params.
type Handler func(ctx context.Context, method string, params json.RawMessage) (any, error)

// Serve answers the calls read from r on w until r ends, each in its own
// goroutine, at most GOMAXPROCS at once. A handler that panics answers
// with an error; the companion goes on.
func Serve(r io.Reader, w io.Writer, handle Handler) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<30)
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	ctx := context.Background()
	for sc.Scan() {
		var req request
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			continue
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			resp := response{ID: req.ID}
			func() {
				defer func() {
					if p := recover(); p != nil {
						resp.Error = fmt.Sprintf("%s: internal error in %s: %v", Name, req.Method, p)
					}
				}()
				res, err := handle(ctx, req.Method, req.Params)
				if err != nil {
					resp.Error = err.Error()
					return
				}
				resp.Result, err = json.Marshal(res)
				if err != nil {
					resp.Error = err.Error()
				}
			}()
			line, _ := json.Marshal(resp)
			var buf bytes.Buffer
			buf.Write(line)
			buf.WriteByte('\n')
			mu.Lock()
			_, _ = w.Write(buf.Bytes())
			mu.Unlock()
		})
	}
	wg.Wait()
	return sc.Err()
}
