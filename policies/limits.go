package policies

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"

	"github.com/podlint/podlint/analyzer"
)

// The bounds of a policy's evaluation and of the files policies are read
// from. OPA has no memory limit for a query, so memory is bounded where it
// is spent in one step: podlint replaces, for its own process, the
// implementation of every builtin in the sandbox with one that refuses
// results past these sizes, and checks before calling them the builtins
// whose one call may allocate far more than its operands hold. What a
// policy builds step by step, without builtins (a comprehension over a
// range), is bounded by the time limit.
const (
	// DefaultTimeout is the longest one policy may evaluate on one object.
	DefaultTimeout = 2 * time.Second
	// MaxFileSize is the largest policy file podlint reads.
	MaxFileSize = 4 << 20
	// maxRange is the largest array numbers.range and numbers.range_step
	// may generate: 65,535 ports fit.
	maxRange = 100_000
	// maxValueBytes is the longest string (or number, in digits) a builtin
	// may produce, and the most bytes of strings its operands may hold when
	// it writes them all out (concat, sprintf, json.marshal, ...).
	maxValueBytes = 16 << 20
	// maxElements is the most elements an array, set or object a builtin
	// produces may have.
	maxElements = 1 << 20
	// maxShift is the most bits bits.lsh may shift by.
	maxShift = 1 << 16
)

// PolicyError is reported, at the object, when one of the user's Rego
// policies cannot finish on an object: it ran past its time limit
// (--policy-timeout), reached a size limit of the sandbox, or failed (a
// conflict between rule values, a builtin error, a value that is not a
// finding). The object's other policies and rules still run, and the other
// objects are linted. A user set reports under it beside its policies, so
// it is configured and suppressed like them in any run it can occur in.
var PolicyError = &analyzer.Rule{
	ID:       "policy-error",
	Severity: analyzer.Error,
	Family:   "correctness",
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "a Rego policy could not finish on an object",
		Why: "One of your Rego policies ran past its time limit (--policy-timeout, policyTimeout in .podlint.yaml), " +
			"reached a size limit of podlint's sandbox, or failed on this object, so its findings for the object are missing. " +
			"The message names the policy, where it stopped and why.",
	},
}

// A LimitError is a policy that reached a bound of the sandbox.
type LimitError struct {
	Msg string
}

func (e *LimitError) Error() string { return e.Msg }

// limitCode is the code of the topdown.Error a capped builtin halts with.
const limitCode = "podlint_limit_error"

// halt stops the evaluation: a builtin's plain error only makes its
// expression undefined, which would hide the limit.
func halt(loc *ast.Location, format string, args ...any) error {
	return topdown.Halt{Err: &topdown.Error{Code: limitCode, Message: fmt.Sprintf(format, args...), Location: loc}}
}

// expanding are the builtins that write out whole values: their result
// may be far larger than the terms they are given, which Rego shares (an
// array of the same string a thousand times costs a thousand pointers).
var expanding = map[string]bool{
	ast.Concat.Name: true, ast.Sprintf.Name: true, ast.JSONMarshal.Name: true,
	ast.JSONMarshalWithOptions.Name: true, ast.YAMLMarshal.Name: true,
	ast.RenderTemplate.Name: true, ast.ReplaceN.Name: true, ast.Base64Encode.Name: true,
	ast.Base64UrlEncode.Name: true, ast.Base64UrlEncodeNoPad.Name: true, ast.HexEncode.Name: true,
	ast.URLQueryEncodeObject.Name: true, ast.JSONPatch.Name: true, ast.ArrayConcat.Name: true,
}

var capBuiltins sync.Once

// installCappedBuiltins replaces, once per process, the implementation of
// every builtin of Capabilities with a capped one. OPA looks builtins up
// by name in one process-wide table before any function a query adds, so
// a replacement cannot be scoped to podlint's queries; podlint runs no
// other Rego. It happens before the first compilation, so before any
// evaluation reads the table.
func installCappedBuiltins() {
	capBuiltins.Do(func() {
		for _, b := range ast.CapabilitiesForThisVersion().Builtins {
			f := topdown.GetBuiltin(b.Name)
			if f == nil || removedBuiltins[b.Name] != "" {
				continue
			}
			topdown.RegisterBuiltinFunc(b.Name, capped(b.Name, f))
		}
	})
}

// capped wraps a builtin: checks before the call for the builtins that
// may allocate much in it, and a check of every result.
func capped(name string, f topdown.BuiltinFunc) topdown.BuiltinFunc {
	var pre func(loc *ast.Location, ops []*ast.Term) error
	switch {
	case name == ast.NumbersRange.Name:
		pre = func(loc *ast.Location, ops []*ast.Term) error { return checkRange(name, loc, ops, false) }
	case name == ast.NumbersRangeStep.Name:
		pre = func(loc *ast.Location, ops []*ast.Term) error { return checkRange(name, loc, ops, true) }
	case name == ast.BitsShiftLeft.Name:
		pre = checkShift
	case name == ast.Replace.Name:
		pre = checkReplace
	case name == ast.RegexReplace.Name:
		pre = checkRegexReplace
	case expanding[name]:
		pre = func(loc *ast.Location, ops []*ast.Term) error {
			budget := maxValueBytes
			for _, op := range ops {
				if !within(op.Value, &budget) {
					return halt(loc, "%s: its operands hold more than %d MiB of text, more than podlint lets a policy write out", name, maxValueBytes>>20)
				}
			}
			return nil
		}
	}
	return func(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
		if pre != nil {
			if err := pre(bctx.Location, ops); err != nil {
				return err
			}
		}
		return f(bctx, ops, func(t *ast.Term) error {
			if err := checkResult(name, bctx.Location, t); err != nil {
				return err
			}
			return iter(t)
		})
	}
}

// checkResult refuses a result past the size limits.
func checkResult(name string, loc *ast.Location, t *ast.Term) error {
	switch v := t.Value.(type) {
	case ast.String:
		if len(v) > maxValueBytes {
			return halt(loc, "%s: produced a string of %d bytes, more than the %d MiB podlint allows", name, len(v), maxValueBytes>>20)
		}
	case ast.Number:
		if len(v) > maxValueBytes {
			return halt(loc, "%s: produced a number of %d digits, more than podlint allows", name, len(v))
		}
	case *ast.Array:
		if v.Len() > maxElements {
			return halt(loc, "%s: produced an array of %d elements, more than the %d podlint allows", name, v.Len(), maxElements)
		}
	case ast.Set:
		if v.Len() > maxElements {
			return halt(loc, "%s: produced a set of %d elements, more than the %d podlint allows", name, v.Len(), maxElements)
		}
	case ast.Object:
		if v.Len() > maxElements {
			return halt(loc, "%s: produced an object of %d keys, more than the %d podlint allows", name, v.Len(), maxElements)
		}
	}
	return nil
}

// within subtracts from budget the bytes v writes out as text, and
// reports whether they fit. It stops as soon as they do not, so a value
// that shares one term many times costs no more than the budget to walk.
func within(v ast.Value, budget *int) bool {
	*budget -= 2 // brackets, quotes, a separator
	switch v := v.(type) {
	case ast.String:
		*budget -= len(v)
	case ast.Number:
		*budget -= len(v)
	case *ast.Array:
		for i := 0; i < v.Len() && *budget >= 0; i++ {
			within(v.Elem(i).Value, budget)
		}
	case ast.Set:
		_ = v.Iter(func(t *ast.Term) error {
			if !within(t.Value, budget) {
				return errStop
			}
			return nil
		})
	case ast.Object:
		_ = v.Iter(func(k, e *ast.Term) error {
			if !within(k.Value, budget) || !within(e.Value, budget) {
				return errStop
			}
			return nil
		})
	}
	return *budget >= 0
}

var errStop = errors.New("stop")

// checkRange refuses numbers.range(a, b) and numbers.range_step(a, b, s)
// of more than maxRange numbers, before OPA allocates them all in one go.
// The operands of a builtin end with its output, a variable.
func checkRange(name string, loc *ast.Location, ops []*ast.Term, step bool) error {
	if len(ops) < 2 {
		return nil
	}
	a, errA := builtins.BigIntOperand(ops[0].Value, 1)
	b, errB := builtins.BigIntOperand(ops[1].Value, 2)
	if errA != nil || errB != nil {
		return nil // OPA reports the operand
	}
	n := new(big.Int).Sub(b, a)
	n.Abs(n)
	if step && len(ops) > 2 {
		s, err := builtins.BigIntOperand(ops[2].Value, 3)
		if err != nil || s.Sign() <= 0 {
			return nil
		}
		n.Quo(n, s)
	}
	n.Add(n, big.NewInt(1))
	if n.Cmp(big.NewInt(maxRange)) > 0 {
		return halt(loc, "%s(%v, %v): %v numbers, more than the %d podlint lets a policy generate", name, a, b, n, maxRange)
	}
	return nil
}

// checkShift refuses bits.lsh by more than maxShift bits.
func checkShift(loc *ast.Location, ops []*ast.Term) error {
	if len(ops) < 2 {
		return nil
	}
	n, err := builtins.BigIntOperand(ops[1].Value, 2)
	if err == nil && n.Cmp(big.NewInt(maxShift)) > 0 {
		return halt(loc, "bits.lsh: a shift by %v bits, more than the %d podlint allows", n, maxShift)
	}
	return nil
}

// checkReplace refuses replace(s, old, new) whose result would pass
// maxValueBytes: each of the (possibly empty) old in s becomes new.
func checkReplace(loc *ast.Location, ops []*ast.Term) error {
	if len(ops) < 3 {
		return nil
	}
	s, ok1 := ops[0].Value.(ast.String)
	old, ok2 := ops[1].Value.(ast.String)
	repl, ok3 := ops[2].Value.(ast.String)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	n := strings.Count(string(s), string(old))
	if size := len(s) + n*(len(repl)-len(old)); size > maxValueBytes {
		return halt(loc, "replace: the result would be %d bytes, more than the %d MiB podlint allows", size, maxValueBytes>>20)
	}
	return nil
}

// checkRegexReplace refuses regex.replace(s, pattern, repl) whose result
// could pass maxValueBytes. Each of at most len(s)+1 matches is replaced by
// repl, whose $ references each write out at most the match; the matches
// together are at most s.
func checkRegexReplace(loc *ast.Location, ops []*ast.Term) error {
	if len(ops) < 3 {
		return nil
	}
	s, ok1 := ops[0].Value.(ast.String)
	repl, ok2 := ops[2].Value.(ast.String)
	if !ok1 || !ok2 {
		return nil
	}
	refs := strings.Count(string(repl), "$")
	if size := len(s) + (len(s)+1)*len(repl) + refs*len(s); size > maxValueBytes {
		return halt(loc, "regex.replace: the result could be %d bytes, more than the %d MiB podlint allows", size, maxValueBytes>>20)
	}
	return nil
}

// evalError explains why an evaluation under ctx stopped: its time limit,
// a size limit, or an error of the policy itself.
func evalError(ctx context.Context, timeout time.Duration, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &LimitError{Msg: fmt.Sprintf("took longer than %v, the time one policy may take on one object (--policy-timeout, or policyTimeout in the configuration)", timeout)}
	}
	var te *topdown.Error
	if errors.As(err, &te) && te.Code == limitCode {
		at := ""
		if te.Location != nil {
			at = fmt.Sprintf("%s:%d:%d: ", te.Location.File, te.Location.Row, te.Location.Col)
		}
		return &LimitError{Msg: at + te.Message}
	}
	return err
}
