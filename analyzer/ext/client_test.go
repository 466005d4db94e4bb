package ext_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podlint/podlint/analyzer/ext"
)

// pipeClient connects a client to handle in process.
func pipeClient(handle ext.Handler) *ext.Client { return &ext.Client{Start: ext.Pipe(handle)} }

func hello(protocol int) ext.Handler {
	return func(_ context.Context, method string, params json.RawMessage) (any, error) {
		switch method {
		case ext.MethodHello:
			return ext.Hello{Protocol: protocol, Version: "v9.9.9"}, nil
		case "echo":
			var s string
			err := json.Unmarshal(params, &s)
			return strings.ToUpper(s), err
		case "fail":
			return nil, errors.New("it failed")
		case "panic":
			panic("boom")
		}
		return nil, errors.New("no method " + method)
	}
}

// TestCalls checks answers, errors and panics, from concurrent callers.
func TestCalls(t *testing.T) {
	c := pipeClient(hello(ext.Protocol))
	defer c.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			in := strings.Repeat("x", i)
			var out string
			if err := c.Call(ctx, "echo", in, &out); err != nil || out != strings.ToUpper(in) {
				t.Errorf("echo %q = %q, %v", in, out, err)
			}
		})
	}
	wg.Wait()
	if err := c.Call(ctx, "fail", nil, nil); err == nil || err.Error() != "it failed" {
		t.Errorf("fail: %v", err)
	}
	if err := c.Call(ctx, "panic", nil, nil); err == nil || !strings.Contains(err.Error(), "internal error in panic: boom") {
		t.Errorf("panic: %v", err)
	}
	var out string
	if err := c.Call(ctx, "echo", "after", &out); err != nil || out != "AFTER" {
		t.Errorf("after a panic: %q, %v", out, err)
	}
}

// TestProtocolMismatch: a companion of another protocol is refused, with
// its version named, and stays refused.
func TestProtocolMismatch(t *testing.T) {
	c := pipeClient(hello(ext.Protocol + 1))
	defer c.Close()
	for range 2 {
		err := c.Call(context.Background(), "echo", "x", nil)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("podlint-ext v9.9.9 speaks protocol %d and this podlint %d", ext.Protocol+1, ext.Protocol)) {
			t.Fatalf("err = %v", err)
		}
	}
}

// TestRestart: a companion that stops is started again by the next call.
func TestRestart(t *testing.T) {
	starts := 0
	var stop func()
	c := &ext.Client{}
	c.Start = func() (io.WriteCloser, io.ReadCloser, func() error, error) {
		starts++
		reqR, reqW := io.Pipe()
		respR, respW := io.Pipe()
		done := make(chan error, 1)
		stop = func() { _ = reqR.Close() }
		go func() {
			done <- ext.Serve(reqR, respW, hello(ext.Protocol))
			_ = respW.Close()
		}()
		return reqW, respR, func() error { return <-done }, nil
	}
	ctx := context.Background()
	var out string
	if err := c.Call(ctx, "echo", "a", &out); err != nil {
		t.Fatal(err)
	}
	stop()
	// The client sees the end of the companion's output, then starts a
	// new one for the next call; calls in between fail.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if err := c.Call(ctx, "echo", "b", &out); err == nil {
			break
		}
	}
	if starts != 2 || out != "B" {
		t.Errorf("starts = %d, out = %q", starts, out)
	}
	c.Close()
}

// TestNotInstalled: without the executable, the error says what it is
// for and how to install it.
func TestNotInstalled(t *testing.T) {
	t.Setenv("PODLINT_EXT", "")
	t.Setenv("PATH", t.TempDir())
	if p, err := ext.Find(); err == nil {
		t.Fatalf("found %s", p)
	} else if !strings.Contains(err.Error(), "go install github.com/podlint/podlint/cmd/podlint-ext") {
		t.Errorf("err = %v", err)
	}
}
