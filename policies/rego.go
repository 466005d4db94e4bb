package policies

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/podlint/podlint/analyzer"
)

// A Set is a group of policies compiled together in one sandboxed
// compiler and run by one check: the check evaluates every policy of the
// set on an object, once, and reports each finding under the ID of the
// policy that yields it. It is safe for concurrent use.
type Set struct {
	// units are the set's policies in groups compiled apart, each in its
	// own compiler, on first use: the built-in set keeps the policies of a
	// few kinds (RBAC, HPA, PDB, ...) out of the compile every workload
	// pays for. A user's set is one unit.
	units []*unit
	// trusted sets are compiled without the compiler's checking stages:
	// the built-in policies pass them in tests, and skipping them saves
	// about a quarter of the compile time on every run.
	trusted bool
	queries []querySpec
	rule    *analyzer.Rule // nil when every policy of the set is off
	// user sets report a policy that cannot finish on an object as a
	// policy-error finding; a built-in policy that cannot is podlint's bug,
	// an internal-error.
	user bool
	// applies, when set, skips the objects no policy of the set looks at
	// without converting or evaluating them.
	applies func(*analyzer.Object) bool

	// seen holds the findings of the objects a trusted set has evaluated,
	// by their text: a chart's variants and replicated manifests repeat
	// whole objects, and a built-in policy's findings depend on nothing
	// but the object and where its Pod spec is.
	seen seenObjects

	parseTime   atomic.Int64
	moduleCount atomic.Int64
	compileTime atomic.Int64
	evals       atomic.Int64
	repeats     atomic.Int64
	evalTime    atomic.Int64
	findings    atomic.Int64
}

// A querySpec is one query over the policies, yielding their findings as
// v. Its findings are reported under id, or, when id is empty, under the
// ID the query binds to the variable id (the built-ins' single query over
// every package podlint.policies["<id>"]).
//
// A query of the user's binds v to the whole value of one rule (rule,
// such as data.main.deny), which conftestFindings reads as conftest does;
// at is where the rule is written, for errors.
type querySpec struct {
	text string
	id   string
	rule string
	at   string
	// msg is the message of a rule whose value is true (deny if {...}).
	msg string
}

type compiled struct {
	queries []rego.PreparedEvalQuery
}

// A unit is a group of a set's policies compiled together, in one
// compiler, the first time an object it applies to is checked (or by
// Prepare, for the units every workload needs).
type unit struct {
	// modules returns the unit's parsed modules; the built-in set parses
	// them only when it compiles, so listing its rules costs no parsing.
	modules func() (map[string]*ast.Module, error)
	// applies tells the objects the unit's policies look at; nil: every
	// object the set looks at.
	applies func(*analyzer.Object) bool
	// eager units are compiled by Prepare: those most objects need.
	eager   bool
	compile func() (*compiled, error) // once
}

type finding struct {
	id   string
	path analyzer.Path
	msg  string
	// severity is the finding's own, when a built-in policy gives one
	// (probe-port: a named port not declared is a warning, a number an
	// info); zero means the policy's.
	severity analyzer.Severity
}

// Stats is the cost of a set of policies in this process: the time to
// parse and compile them, and the number and total time of evaluations
// (input conversion included).
type Stats struct {
	Modules int
	Rules   int
	Parse   time.Duration
	Compile time.Duration
	Objects int64
	// Repeats are the objects answered from an identical one evaluated
	// before (see Set.seen), counted in Objects too.
	Repeats  int64
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
	return fmt.Sprintf("%d rules from %d modules: parse %v, compile %v, %d objects evaluated in %v (%v per object; %d repeats of an earlier object), %d findings",
		s.Rules, s.Modules, s.Parse.Round(time.Microsecond), s.Compile.Round(time.Microsecond),
		s.Objects, s.Eval.Round(time.Microsecond), s.PerObject().Round(time.Microsecond), s.Repeats, s.Findings)
}

// Rules returns the set's check, which reports under the ID of each of
// its policies (the check's Reports); none when every policy is off. Each
// policy may take DefaultTimeout on an object.
func (s *Set) Rules() []*analyzer.Rule {
	if s.rule == nil {
		return nil
	}
	return []*analyzer.Rule{s.rule}
}

// RulesWithin returns the set's check as Rules does, but each policy may
// take timeout on one object (DefaultTimeout when it is 0 or less). The set
// itself is not changed: runs with different limits share it.
func (s *Set) RulesWithin(timeout time.Duration) []*analyzer.Rule {
	if s.rule == nil {
		return nil
	}
	if timeout <= 0 || timeout == DefaultTimeout {
		return s.Rules()
	}
	r := *s.rule
	r.Check = s.checkWithin(timeout)
	return []*analyzer.Rule{&r}
}

// Policies returns the rules the set's findings name, one per policy
// (policy-error, which a user set reports under too, aside).
func (s *Set) Policies() []*analyzer.Rule {
	out := analyzer.Catalogue(s.Rules())
	return slices.DeleteFunc(slices.Clone(out), func(r *analyzer.Rule) bool { return r == PolicyError })
}

// Stats returns what the set has cost so far.
func (s *Set) Stats() Stats {
	return Stats{
		Modules:  int(s.moduleCount.Load()),
		Rules:    len(s.Policies()),
		Parse:    time.Duration(s.parseTime.Load()),
		Compile:  time.Duration(s.compileTime.Load()),
		Objects:  s.evals.Load(),
		Repeats:  s.repeats.Load(),
		Eval:     time.Duration(s.evalTime.Load()),
		Findings: s.findings.Load(),
	}
}

// Prepare compiles the policies that most objects need (for a user's set,
// all of them) and prepares their queries, if that has not happened yet.
// The check compiles what it needs on first use; calling Prepare early, in
// a goroutine, overlaps the compilation with loading the manifests.
func (s *Set) Prepare() error {
	for _, u := range s.units {
		if u.eager {
			if _, err := u.compile(); err != nil {
				return err
			}
		}
	}
	return nil
}

// prepareAll compiles every unit of the set.
func (s *Set) prepareAll() error {
	for _, u := range s.units {
		if _, err := u.compile(); err != nil {
			return err
		}
	}
	return nil
}

// newSet builds a set of one unit, the modules that parse returns, whose
// check, named id, reports under the given policies.
func newSet(id, title string, parse func() (map[string]*ast.Module, error), queries []querySpec, policies []*analyzer.Rule) *Set {
	return newUnitSet(id, title, []*unit{{modules: parse, eager: true}}, queries, policies)
}

// newUnitSet builds a set of units, each compiled on its own, whose check,
// named id, reports under the given policies.
func newUnitSet(id, title string, units []*unit, queries []querySpec, policies []*analyzer.Rule) *Set {
	s := &Set{units: units, queries: queries}
	for _, u := range units {
		u.compile = sync.OnceValues(func() (*compiled, error) { return s.doCompile(u) })
	}
	if len(policies) > 0 {
		for _, p := range policies {
			p.Source = "rego"
		}
		s.rule = &analyzer.Rule{ID: id, Source: "rego", Doc: analyzer.Doc{Title: title}, Check: s.checkWithin(DefaultTimeout), Reports: policies}
	}
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

// absentStages rewrite what the built-in policies never write: template
// strings, print calls, rego.metadata calls and test rules for tracing
// (TestBuiltinsWriteNoneOf proves they do not). Each walks every rule for
// nothing; trusted sets skip them.
var absentStages = []ast.StageID{
	ast.StageRewriteTemplateStrings, ast.StageRewritePrintCalls, ast.StageParseMetadataBlocks,
	ast.StageSetAnnotationSet, ast.StageRewriteRegoMetadataCalls, ast.StageRewriteTestRulesForTracing,
}

// compileTrusted compiles policies known to pass every check, skipping the
// checking stages, the stages for what they never write and the sandbox
// pre-check. It still restricts builtins to Capabilities.
func compileTrusted(mods map[string]*ast.Module) (*ast.Compiler, error) {
	c := newCompiler().WithSkipStages(slices.Concat(checkingStages, absentStages)...)
	if c.Compile(mods); c.Failed() {
		return nil, c.Errors
	}
	return c, nil
}

// workloadBuiltin is podlint.workload(), which tells a policy what the Go
// PodSpec view says of the object in input: where its Pod spec is, as
// {"spec_path": "spec.template.spec", "spec_keys": ["spec", "template", "spec"]},
// or {} when it has none (see lib/pods.rego). A function rather than a
// wrapped input, so that input stays the object as conftest gives it; and
// rather than a `with data...` in the query, which costs 40% more
// allocations and half as much time again per object, as measured.
// Rego tests give its answer with `with podlint.workload as {...}`.
var workloadBuiltin = &ast.Builtin{
	Name:        "podlint.workload",
	Description: "Where podlint finds the Pod spec of the object in input.",
	Decl:        types.NewFunction(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
}

// workloadKey holds, in the context of an evaluation, the answer of
// podlint.workload() for its object.
type workloadKey struct{}

// workloadFunc implements podlint.workload() for rego.New and the tester.
var workloadFunc = rego.FunctionDyn(&rego.Function{Name: workloadBuiltin.Name, Decl: workloadBuiltin.Decl, Memoize: true},
	func(bctx rego.BuiltinContext, _ []*ast.Term) (*ast.Term, error) {
		if t, ok := bctx.Context.Value(workloadKey{}).(*ast.Term); ok {
			return t, nil
		}
		return ast.ObjectTerm(), nil
	})

func (s *Set) doCompile(u *unit) (*compiled, error) {
	start := time.Now()
	mods, err := u.modules()
	parseEnd := time.Now()
	s.parseTime.Add(int64(parseEnd.Sub(start)))
	defer func() { s.compileTime.Add(int64(time.Since(parseEnd))) }()
	if err != nil {
		return nil, err
	}
	s.moduleCount.Add(int64(len(mods)))
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
		pq, err := rego.New(rego.Compiler(c), rego.Query(q.text), workloadFunc).PrepareForEval(context.Background())
		if err != nil {
			return nil, fmt.Errorf("prepare query %s: %w", q.text, err)
		}
		out.queries = append(out.queries, pq)
	}
	return out, nil
}

// checkWithin returns the check that reports the findings of every policy
// of the set on the pass's object, each under its policy's ID, giving each
// query timeout on the object.
func (s *Set) checkWithin(timeout time.Duration) func(*analyzer.Pass) error {
	return func(p *analyzer.Pass) error {
		if s.applies != nil && !s.applies(p.Object) {
			return nil
		}
		for _, u := range s.units { // outside the timing: it may wait for Prepare
			if u.appliesTo(p.Object) {
				if _, err := u.compile(); err != nil {
					return fmt.Errorf("compile policies: %w", err)
				}
			}
		}
		start := time.Now()
		fs, failed, err := s.run(context.Background(), p.Object, timeout)
		s.evalTime.Add(int64(time.Since(start)))
		s.evals.Add(1)
		if err != nil {
			return err
		}
		for _, f := range fs {
			d := analyzer.Diagnostic{Rule: f.id, Path: f.path, Message: f.msg}
			if s.trusted { // a user's policy that yields a severity key meant nothing by it for conftest
				d.Severity = f.severity
			}
			p.Report(d)
		}
		for _, f := range failed {
			if !s.user {
				return fmt.Errorf("policy %s: %w", f.id, f.err)
			}
			p.Report(analyzer.Diagnostic{Rule: PolicyError.ID,
				Message: fmt.Sprintf("policy %s (%s, %s) could not finish on %s: %v; its findings on this object are missing",
					f.id, f.rule, f.at, p.Object, f.err)})
		}
		return nil
	}
}

// appliesTo reports whether the unit's policies look at o.
func (u *unit) appliesTo(o *analyzer.Object) bool { return u.applies == nil || u.applies(o) }

// A failure is a query that could not finish on an object.
type failure struct {
	id, rule, at string
	err          error
}

// deadline returns the context one query evaluates under: the policy
// timeout for the user's policies; none for the built-in ones, which are
// podlint's own and cost what the object's size makes them cost, so that
// a loaded CI runner cannot turn a slow evaluation into a missing finding.
func (s *Set) deadline(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if s.trusted {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, timeout)
}

// run evaluates every query of the set on o, each for at most timeout, and
// returns the findings sorted by ID, path and message, and the queries that
// could not finish. The error is for a run that cannot go on: the policies
// do not compile, the object does not convert, or ctx is done.
func (s *Set) run(ctx context.Context, o *analyzer.Object, timeout time.Duration) ([]finding, []failure, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	var key seenKey
	if s.trusted {
		key = seenKeyOf(o)
		if fs, ok := s.seen.get(key); ok {
			s.repeats.Add(1)
			s.findings.Add(int64(len(fs)))
			return fs, nil, nil
		}
	}
	var out []finding
	var failed []failure
	var input ast.Value
	for _, u := range s.units {
		if !u.appliesTo(o) {
			continue
		}
		c, err := u.compile()
		if err != nil {
			return nil, nil, fmt.Errorf("compile policies: %w", err)
		}
		if input == nil { // converted once, for every unit
			ctx, input, err = regoInput(ctx, o)
			if err != nil {
				return nil, nil, err
			}
		}
		for i, pq := range c.queries {
			q := s.queries[i]
			qctx, cancel := s.deadline(ctx, timeout)
			rs, err := pq.Eval(qctx, rego.EvalParsedInput(input))
			cancel()
			var fs []finding
			if err == nil {
				fs, err = s.findingsOf(q, rs)
			}
			if err != nil {
				if ctx.Err() != nil { // the run is cancelled: no policy's fault
					return nil, nil, ctx.Err()
				}
				failed = append(failed, failure{id: q.id, rule: q.rule, at: q.at, err: evalError(qctx, timeout, err)})
				continue
			}
			out = append(out, fs...)
		}
	}
	slices.SortFunc(out, func(a, b finding) int {
		return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.path.String(), b.path.String()), cmp.Compare(a.msg, b.msg))
	})
	s.findings.Add(int64(len(out)))
	if s.trusted && len(failed) == 0 {
		s.seen.put(key, out)
	}
	return out, failed, nil
}

// A seenKey identifies what a built-in policy's findings depend on: the
// object's JSON and the path of its Pod spec (podlint.workload()).
type seenKey [sha256.Size]byte

func seenKeyOf(o *analyzer.Object) seenKey {
	h := sha256.New()
	if spec, ok := o.PodSpec(); ok {
		h.Write([]byte(spec.Path.String()))
	}
	h.Write([]byte{0})
	h.Write(o.JSON)
	var k seenKey
	h.Sum(k[:0])
	return k
}

// seenObjects holds findings by seenKey, up to maxSeen objects: past
// that, objects are evaluated every time.
type seenObjects struct {
	mu       sync.Mutex
	findings map[seenKey][]finding
}

const maxSeen = 8192

func (s *seenObjects) get(k seenKey) ([]finding, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, ok := s.findings[k]
	return slices.Clone(fs), ok
}

func (s *seenObjects) put(k seenKey, fs []finding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.findings == nil {
		s.findings = map[seenKey][]finding{}
	}
	if len(s.findings) < maxSeen {
		s.findings[k] = slices.Clone(fs)
	}
}

// findingsOf reads the findings of one query's results.
func (s *Set) findingsOf(q querySpec, rs rego.ResultSet) ([]finding, error) {
	var out []finding
	for _, r := range rs {
		if q.rule != "" {
			fs, err := conftestFindings(r.Bindings["v"], q.msg)
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				f.id = q.id
				out = append(out, f)
			}
			continue
		}
		f := toFinding(r.Bindings["v"])
		f.id = q.id
		if f.id == "" {
			f.id, _ = r.Bindings["id"].(string)
		}
		out = append(out, f)
	}
	return out, nil
}

// regoInput returns the input of an evaluation on o, the object as
// written, and a context in which podlint.workload() answers for o.
func regoInput(ctx context.Context, o *analyzer.Object) (context.Context, ast.Value, error) {
	input, err := ast.ValueFromReader(bytes.NewReader(o.JSON))
	if err != nil {
		return ctx, nil, fmt.Errorf("convert %s for Rego: %w", o, err)
	}
	return context.WithValue(ctx, workloadKey{}, workloadTerm(o)), input, nil
}

// workloadTerm is podlint.workload() for o: where the Go PodSpec view
// finds o's Pod spec, as a path string and as the keys and indexes that
// lead to it, or an empty object when o has none. The few answers there
// are are built once: terms are never changed by an evaluation.
func workloadTerm(o *analyzer.Object) *ast.Term {
	spec, ok := o.PodSpec()
	if !ok {
		return noWorkload
	}
	p := spec.Path.String()
	workloads.mu.Lock()
	defer workloads.mu.Unlock()
	if t, ok := workloads.terms[p]; ok {
		return t
	}
	keys := make([]*ast.Term, spec.Path.Len())
	for i := range keys {
		e := spec.Path.Elem(i)
		if e.IsIndex {
			keys[i] = ast.InternedTerm(e.Index)
		} else {
			keys[i] = ast.StringTerm(e.Key)
		}
	}
	t := ast.ObjectTerm(
		ast.Item(ast.InternedTerm("spec_path"), ast.StringTerm(p)),
		ast.Item(ast.InternedTerm("spec_keys"), ast.ArrayTerm(keys...)),
	)
	if len(workloads.terms) < maxCachedPaths {
		workloads.terms[p] = t
	}
	return t
}

var (
	noWorkload = ast.ObjectTerm()
	workloads  = struct {
		mu    sync.Mutex
		terms map[string]*ast.Term // by spec path
	}{terms: map[string]*ast.Term{}}
)

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
		if sev, ok := v["severity"].(string); ok {
			f.severity, _ = analyzer.ParseSeverity(sev) // zero, the policy's, when it does not parse
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
