package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/podlint/podlint/analyzer"
)

// A Set is a group of policies compiled together in one sandboxed
// compiler and evaluated together: the first of its rules to see an object
// evaluates every policy of the set on it, once, and the others read the
// findings from a cache. Its rules are safe for concurrent use.
type Set struct {
	// modules returns the set's parsed modules; the built-in set parses
	// them only when it compiles, so listing its rules costs no parsing.
	modules func() (map[string]*ast.Module, error)
	// trusted sets are compiled without the compiler's checking stages:
	// the built-in policies pass them in tests, and skipping them saves
	// about a quarter of the compile time on every run.
	trusted bool
	queries []querySpec
	rules   []*analyzer.Rule
	// applies, when set, skips the objects no policy of the set looks at
	// without converting or evaluating them.
	applies func(*analyzer.Object) bool

	compile func() (*compiled, error) // once
	cache   sync.Map                  // weak.Pointer[analyzer.Object] -> *evaluation

	parseTime   atomic.Int64
	moduleCount atomic.Int64
	compileTime atomic.Int64
	evals       atomic.Int64
	evalTime    atomic.Int64
	findings    atomic.Int64
}

// A target names one rule of one package: podlint.policies.run_as_root deny.
type target struct {
	pkg  string // package path without data.
	rule string // deny, violation, warn, deny_foo ...
}

// A querySpec is one query over the policies. Either it binds the
// variable pkg to the last element of a package below prefix (the built-ins'
// single query over every policy), or it queries one fixed target.
type querySpec struct {
	text   string
	prefix string // for pkg bindings: "podlint.policies."
	rule   string // the rule queried under each bound package
	fixed  target // when prefix is empty
}

type compiled struct {
	queries []rego.PreparedEvalQuery
}

// An evaluation holds the findings of every policy of a set on one object.
type evaluation struct {
	once     sync.Once
	findings map[target][]finding
	err      error
	errTaken atomic.Bool
	consumed atomic.Int32
}

type finding struct {
	path analyzer.Path
	msg  string
}

// Stats is the cost of a set of policies in this process: the time to
// parse and compile them, and the number and total time of evaluations
// (input conversion included).
type Stats struct {
	Modules  int
	Rules    int
	Parse    time.Duration
	Compile  time.Duration
	Objects  int64
	Eval     time.Duration
	Findings int64
}

// PerObject returns the mean evaluation time per object.
func (s Stats) PerObject() time.Duration {
	if s.Objects == 0 {
		return 0
	}
	return s.Eval / time.Duration(s.Objects)
}

// String formats the stats for a --debug report.
func (s Stats) String() string {
	return fmt.Sprintf("%d rules from %d modules: parse %v, compile %v, %d objects evaluated in %v (%v per object), %d findings",
		s.Rules, s.Modules, s.Parse.Round(time.Microsecond), s.Compile.Round(time.Microsecond),
		s.Objects, s.Eval.Round(time.Microsecond), s.PerObject().Round(time.Microsecond), s.Findings)
}

// Rules returns the set's rules, one per policy.
func (s *Set) Rules() []*analyzer.Rule { return slices.Clone(s.rules) }

// Stats returns what the set has cost so far.
func (s *Set) Stats() Stats {
	return Stats{
		Modules:  int(s.moduleCount.Load()),
		Rules:    len(s.rules),
		Parse:    time.Duration(s.parseTime.Load()),
		Compile:  time.Duration(s.compileTime.Load()),
		Objects:  s.evals.Load(),
		Eval:     time.Duration(s.evalTime.Load()),
		Findings: s.findings.Load(),
	}
}

// Prepare compiles the set's policies and prepares its queries, if that
// has not happened yet. Rules call it on first use; calling it early, in a
// goroutine, overlaps the compilation with loading the manifests.
func (s *Set) Prepare() error {
	_, err := s.compile()
	return err
}

// newSet builds a set over the modules that parse returns; rules are
// added by the caller through addRule.
func newSet(parse func() (map[string]*ast.Module, error), queries []querySpec) *Set {
	s := &Set{modules: parse, queries: queries}
	s.compile = sync.OnceValues(s.doCompile)
	return s
}

// parsed returns mods as the modules of a set, for policies parsed before
// the set is built.
func parsed(mods map[string]*ast.Module) func() (map[string]*ast.Module, error) {
	return func() (map[string]*ast.Module, error) { return mods, nil }
}

// compileModules compiles mods in one sandboxed compiler.
func compileModules(mods map[string]*ast.Module) (*ast.Compiler, error) {
	if err := checkSandbox(mods); err != nil {
		return nil, err
	}
	c := newCompiler()
	if c.Compile(mods); c.Failed() {
		return nil, c.Errors
	}
	return c, nil
}

// checkingStages are the compiler stages that only look for mistakes in
// policies, without rewriting them for evaluation. Trusted sets skip them.
var checkingStages = []ast.StageID{
	ast.StageCheckUnusedImports, ast.StageCheckKeywordOverrides, ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads, ast.StageCheckRecursion, ast.StageCheckTypes,
	ast.StageCheckUnsafeBuiltins, ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
}

// compileTrusted compiles policies known to pass every check, skipping the
// checking stages and the sandbox pre-check. It still restricts builtins
// to Capabilities.
func compileTrusted(mods map[string]*ast.Module) (*ast.Compiler, error) {
	c := newCompiler().WithSkipStages(checkingStages...)
	if c.Compile(mods); c.Failed() {
		return nil, c.Errors
	}
	return c, nil
}

func (s *Set) doCompile() (*compiled, error) {
	start := time.Now()
	mods, err := s.modules()
	parseEnd := time.Now()
	s.parseTime.Add(int64(parseEnd.Sub(start)))
	defer func() { s.compileTime.Store(int64(time.Since(parseEnd))) }()
	if err != nil {
		return nil, err
	}
	s.moduleCount.Store(int64(len(mods)))
	compile := compileModules
	if s.trusted {
		compile = compileTrusted
	}
	c, err := compile(mods)
	if err != nil {
		return nil, err
	}
	out := &compiled{}
	for _, q := range s.queries {
		pq, err := rego.New(rego.Compiler(c), rego.Query(q.text)).PrepareForEval(context.Background())
		if err != nil {
			return nil, fmt.Errorf("prepare query %s: %w", q.text, err)
		}
		out.queries = append(out.queries, pq)
	}
	return out, nil
}

// addRule adds the rule for target t.
func (s *Set) addRule(r analyzer.Rule, t target) {
	r.Source = "rego"
	r.Check = func(p *analyzer.Pass) error { return s.check(p, t) }
	s.rules = append(s.rules, &r)
}

// check reports the findings of target t on the pass's object.
func (s *Set) check(p *analyzer.Pass, t target) error {
	if s.applies != nil && !s.applies(p.Object) {
		return nil
	}
	ev := s.evaluate(p.Object)
	if ev.consumed.Add(1) == int32(len(s.rules)) {
		s.cache.Delete(weakKey(p.Object)) // every rule has read it
	}
	if ev.err != nil {
		if ev.errTaken.CompareAndSwap(false, true) {
			return ev.err // once per object, not once per policy
		}
		return nil
	}
	for _, f := range ev.findings[t] {
		p.Report(analyzer.Diagnostic{Path: f.path, Message: f.msg})
	}
	return nil
}

// evaluate returns the findings of every policy of the set on o, running
// the queries only the first time o is seen. The cache holds o weakly, so
// an object that is dropped drops its entry.
func (s *Set) evaluate(o *analyzer.Object) *evaluation {
	key := weakKey(o)
	v, loaded := s.cache.LoadOrStore(key, &evaluation{})
	if !loaded {
		runtime.AddCleanup(o, func(k weak.Pointer[analyzer.Object]) { s.cache.Delete(k) }, key)
	}
	ev := v.(*evaluation)
	ev.once.Do(func() {
		_, _ = s.compile() // wait for a compilation started elsewhere outside the timing
		start := time.Now()
		ev.findings, ev.err = s.run(context.Background(), o)
		s.evalTime.Add(int64(time.Since(start)))
		s.evals.Add(1)
	})
	return ev
}

// weakKey is the cache key of an object: a weak pointer, so the cache
// never keeps an object alive.
func weakKey(o *analyzer.Object) weak.Pointer[analyzer.Object] { return weak.Make(o) }

// run evaluates every query of the set on o.
func (s *Set) run(ctx context.Context, o *analyzer.Object) (map[target][]finding, error) {
	c, err := s.compile()
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	input, err := ast.ValueFromReader(bytes.NewReader(o.JSON))
	if err != nil {
		return nil, fmt.Errorf("convert %s for Rego: %w", o, err)
	}
	out := map[target][]finding{}
	for i, pq := range c.queries {
		q := s.queries[i]
		rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
		if err != nil {
			return nil, fmt.Errorf("evaluate %s: %w", q.text, err)
		}
		for _, r := range rs {
			t := q.fixed
			if q.prefix != "" {
				pkg, _ := r.Bindings["pkg"].(string)
				t = target{pkg: q.prefix + pkg, rule: q.rule}
			}
			out[t] = append(out[t], toFinding(r.Bindings["v"]))
		}
	}
	n := 0
	for _, fs := range out {
		n += len(fs)
		slices.SortFunc(fs, func(a, b finding) int {
			if c := cmpString(a.path.String(), b.path.String()); c != 0 {
				return c
			}
			return cmpString(a.msg, b.msg)
		})
	}
	s.findings.Add(int64(n))
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// toFinding reads one value a policy yields: a message string, or an
// object with msg and an optional path, given as a string in the syntax of
// analyzer.Path or as an array of keys and indexes. A path that does not
// parse positions the finding at the object.
func toFinding(v any) finding {
	switch v := v.(type) {
	case string:
		return finding{msg: v}
	case map[string]any:
		f := finding{}
		if m, ok := v["msg"].(string); ok {
			f.msg = m
		} else {
			f.msg = jsonText(v)
		}
		switch p := v["path"].(type) {
		case string:
			f.path = parsedPaths.parse(p)
		case []any:
			f.path = pathOfArray(p)
		}
		return f
	}
	return finding{msg: jsonText(v)}
}

// parsedPaths holds the paths policies report, parsed: the same few
// hundred paths come back for thousands of objects, and a finding held
// until the end of a large run should not carry a copy of its own.
var parsedPaths = pathCache{paths: map[string]analyzer.Path{}}

// A pathCache parses paths once; it stops growing at maxCachedPaths, past
// which paths are parsed every time.
type pathCache struct {
	mu    sync.Mutex
	paths map[string]analyzer.Path
}

const maxCachedPaths = 4096

// parse returns the path p names, or the zero Path when p does not parse.
func (c *pathCache) parse(p string) analyzer.Path {
	c.mu.Lock()
	defer c.mu.Unlock()
	if path, ok := c.paths[p]; ok {
		return path
	}
	path, err := analyzer.ParsePath(p)
	if err != nil {
		path = analyzer.Path{}
	}
	if len(c.paths) < maxCachedPaths {
		c.paths[strings.Clone(p)] = path
	}
	return path
}

// pathOfArray reads ["spec", "containers", 0, "image"].
func pathOfArray(elems []any) analyzer.Path {
	var p analyzer.Path
	for _, e := range elems {
		switch e := e.(type) {
		case string:
			p = p.Key(e)
		case json.Number:
			i, err := e.Int64()
			if err != nil || i < 0 {
				return analyzer.Path{}
			}
			p = p.Index(int(i))
		default:
			return analyzer.Path{}
		}
	}
	return p
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
