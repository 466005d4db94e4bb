package ext_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/podlint/podlint/analyzer/ext"
)

// memoryAnswers is an ext.Answers in memory.
type memoryAnswers struct {
	mu sync.Mutex
	m  map[ext.AnswerKey]json.RawMessage
}

func (a *memoryAnswers) Get(k ext.AnswerKey) (json.RawMessage, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.m[k]
	return v, ok
}

func (a *memoryAnswers) Put(k ext.AnswerKey, v json.RawMessage) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[ext.AnswerKey]json.RawMessage{}
	}
	a.m[k] = slices.Clone(v)
}

// compiler is a companion that compiles "CRDs" (any JSON string) and
// validates objects against the ones it compiled itself, recording the
// calls it was asked.
type compiler struct {
	mu       sync.Mutex
	compiled map[string]bool
	calls    []string
}

func (c *compiler) handle(_ context.Context, method string, params json.RawMessage) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if method != ext.MethodHello {
		c.calls = append(c.calls, method)
	}
	switch method {
	case ext.MethodHello:
		return ext.Hello{Protocol: ext.Protocol}, nil
	case ext.MethodCRD:
		var req ext.CRDRequest
		if err := json.Unmarshal(params, &req); err != nil {
			return nil, err
		}
		if c.compiled == nil {
			c.compiled = map[string]bool{}
		}
		id := "crd:" + string(req.JSON)
		if !req.Schemas {
			id = "crd-verdict:" + string(req.JSON) // as podlint-ext: never validated against
		}
		c.compiled[id] = true
		return ext.CRDResult{ID: id, Kind: string(req.JSON)}, nil
	case ext.MethodValidate:
		var req ext.ValidateRequest
		if err := json.Unmarshal(params, &req); err != nil {
			return nil, err
		}
		if !c.compiled[req.ID] {
			return nil, errors.New("validate: unknown schema " + req.ID)
		}
		return ext.ValidateResult{Errs: []ext.Problem{{Text: req.ID + " refuses " + string(req.Object)}}}, nil
	}
	return nil, errors.New("no method " + method)
}

func (c *compiler) asked() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.calls)
}

// TestAnswersKept checks that a client with Answers asks the companion
// only what no run with the same companion build asked before, gives the
// answers the companion gave, and sends a compile it answered from them
// before a validation that needs the companion.
func TestAnswersKept(t *testing.T) {
	ctx := context.Background()
	answers := &memoryAnswers{}
	run := func(identity string, objects ...string) (*compiler, []string) {
		comp := &compiler{}
		c := &ext.Client{Start: ext.Pipe(comp.handle)}
		defer c.Close()
		c.UseAnswers(answers, identity)
		var crd ext.CRDResult
		if err := c.Call(ctx, ext.MethodCRD, ext.CRDRequest{JSON: json.RawMessage(`"Widget"`), Schemas: true}, &crd); err != nil {
			t.Fatal(err)
		}
		out := []string{crd.ID + " " + crd.Kind}
		for _, o := range objects {
			var res ext.ValidateResult
			if err := c.Call(ctx, ext.MethodValidate, ext.ValidateRequest{ID: crd.ID, Object: json.RawMessage(o)}, &res); err != nil {
				t.Fatal(err)
			}
			out = append(out, res.Errs[0].Text)
		}
		return comp, out
	}
	first, want := run("build 1", `{"a":1}`)
	if got := first.asked(); !slices.Equal(got, []string{"crd", "validate"}) {
		t.Fatalf("first run asked %v", got)
	}
	again, got := run("build 1", `{"a":1}`)
	if asked := again.asked(); len(asked) != 0 {
		t.Errorf("a repeat asked the companion %v, want nothing", asked)
	}
	if !slices.Equal(got, want) {
		t.Errorf("a repeat answered %v, want %v", got, want)
	}
	more, got := run("build 1", `{"a":1}`, `{"b":2}`)
	if asked := more.asked(); !slices.Equal(asked, []string{"crd", "validate"}) {
		t.Errorf("a new object: the companion was asked %v, want the CRD's compile, then the validation", asked)
	}
	if want := append(want, `crd:"Widget" refuses {"b":2}`); !slices.Equal(got, want) {
		t.Errorf("answers %v, want %v", got, want)
	}
	other, _ := run("build 2", `{"a":1}`)
	if asked := other.asked(); !slices.Equal(asked, []string{"crd", "validate"}) {
		t.Errorf("another build of the companion read the answers of the first: it was asked %v", asked)
	}
}

// TestJudgedOnlyNotHeld checks that a CRD judged without its schemas and
// answered from Answers is not held for a validation, which never names
// it, while one compiled with them is.
func TestJudgedOnlyNotHeld(t *testing.T) {
	ctx := context.Background()
	answers := &memoryAnswers{}
	for run := range 2 {
		comp := &compiler{}
		c := &ext.Client{Start: ext.Pipe(comp.handle)}
		c.UseAnswers(answers, "build")
		for _, schemas := range []bool{false, true} {
			var res ext.CRDResult
			if err := c.Call(ctx, ext.MethodCRD, ext.CRDRequest{JSON: json.RawMessage(`"Widget"`), Schemas: schemas}, &res); err != nil {
				t.Fatal(err)
			}
		}
		// The first run asks the companion; the second answers both from
		// Answers and holds only the compile with schemas.
		if got, want := ext.Deferred(c), run; got != want {
			t.Errorf("run %d: %d compiles held for validations, want %d", run, got, want)
		}
		c.Close()
	}
}
