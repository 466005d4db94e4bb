package ext

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"strconv"
	"sync"
)

// Answers keeps the companion's answers across runs, for the calls whose
// answer depends on nothing but their params and the companion's build:
// compiling a CRD or a schema file, and validating a custom resource
// against one. The CRDs of a repository seldom change between two runs,
// and judging them is most of what the companion costs; a run whose
// whole result the lint cache does not hold (one file changed) asks the
// companion only about what changed.
type Answers interface {
	// Get returns the answer stored under key.
	Get(key AnswerKey) (json.RawMessage, bool)
	// Put stores an answer. It must not keep result past the call.
	Put(key AnswerKey, result json.RawMessage)
}

// An AnswerKey hashes a call: the companion's build, the protocol, the
// method and its params.
type AnswerKey [sha256.Size]byte

// UseAnswers makes the client look up and keep the answers of the calls
// Answers describes in a, under keys that name the companion's build,
// identity (its executable's path, size, time and build info, say): the
// answers of another build are never read. A nil a turns it off.
func (c *Client) UseAnswers(a Answers, identity string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answers, c.identity = a, identity
}

// A deferredCompile is a compile the client answered from Answers without
// the companion: sent to it before the first validation that names its ID
// and needs the companion after all.
type deferredCompile struct {
	method string
	data   json.RawMessage
	mu     sync.Mutex
	sentTo uint64 // the companion (Client.started) that compiled it; 0: none
}

// remembers reports whether method's answers are kept in the client's
// Answers.
func (c *Client) remembers(method string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answers == nil {
		return false
	}
	switch method {
	case MethodCRD, MethodSchema, MethodValidate:
		return true
	}
	return false
}

func (c *Client) answerKey(method string, data json.RawMessage) AnswerKey {
	c.mu.Lock()
	identity := c.identity
	c.mu.Unlock()
	h := sha256.New()
	for _, part := range []string{identity, Name, strconv.Itoa(Protocol), method} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write(data)
	var k AnswerKey
	h.Sum(k[:0])
	return k
}

// callRemembered answers a call from the client's Answers, or asks the
// companion and keeps its answer. A compile answered so whose ID custom
// resources may be validated against (target) is sent to the companion
// only if a validation that names it has to be; it is held until then.
func (c *Client) callRemembered(ctx context.Context, method string, data json.RawMessage, target bool) (json.RawMessage, error) {
	key := c.answerKey(method, data)
	c.mu.Lock()
	answers := c.answers
	c.mu.Unlock()
	if raw, ok := answers.Get(key); ok {
		if target {
			c.deferCompile(method, data, raw)
		}
		return raw, nil
	}
	if method == MethodValidate {
		if err := c.sendDeferred(ctx, data); err != nil {
			return nil, err
		}
	}
	raw, err := c.call(ctx, method, data)
	if err != nil {
		return nil, err
	}
	answers.Put(key, raw)
	return raw, nil
}

// validatedAgainst reports whether custom resources may be validated
// against what a call compiles: a schema file, or a CRD compiled with its
// schemas. A CRD only judged is never named by a validation, and its
// request, the whole CRD, is not worth holding.
func validatedAgainst(method string, params any) bool {
	switch method {
	case MethodSchema:
		return true
	case MethodCRD:
		switch r := params.(type) {
		case CRDRequest:
			return r.Schemas
		case *CRDRequest:
			return r.Schemas
		}
		return true
	}
	return false
}

// deferCompile records a compile answered from Answers under the ID its
// answer gives.
func (c *Client) deferCompile(method string, data, answer json.RawMessage) {
	var named struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(answer, &named) != nil || named.ID == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.deferred == nil {
		c.deferred = map[string]*deferredCompile{}
	}
	if c.deferred[named.ID] == nil {
		c.deferred[named.ID] = &deferredCompile{method: method, data: data}
	}
}

// sendDeferred sends the companion now running the compile a validation
// names, when that compile was answered from Answers.
func (c *Client) sendDeferred(ctx context.Context, validate json.RawMessage) error {
	var req struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(validate, &req) != nil {
		return nil
	}
	c.mu.Lock()
	d := c.deferred[req.ID]
	c.mu.Unlock()
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c.mu.Lock()
	running := c.started
	if c.w == nil {
		running = 0 // the next call starts another
	}
	c.mu.Unlock()
	if d.sentTo != 0 && d.sentTo == running {
		return nil
	}
	if _, err := c.call(ctx, d.method, d.data); err != nil {
		return err
	}
	c.mu.Lock()
	d.sentTo = c.started
	c.mu.Unlock()
	return nil
}
