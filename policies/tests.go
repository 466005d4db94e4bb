package policies

import (
	"context"
	"fmt"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// A TestResult is the outcome of one Rego test rule (test_*).
type TestResult struct {
	Package  string // data.podlint.policies.run_as_root_test
	Name     string // test_pod_level_non_root
	Location string // file:line
	Fail     bool
	Skip     bool
	Err      error // the test could not run (a builtin error, a conflict)
	Duration time.Duration
}

// Passed reports whether the test ran and passed.
func (r TestResult) Passed() bool { return !r.Fail && !r.Skip && r.Err == nil }

// runTests runs the tests among mods under the sandbox. The error reports
// modules that do not compile.
func runTests(ctx context.Context, mods map[string]*ast.Module) ([]TestResult, error) {
	if err := checkSandbox(mods); err != nil {
		return nil, err
	}
	ch, err := tester.NewRunner().
		SetCompiler(newCompiler()).
		AddCustomBuiltins([]*tester.Builtin{{Decl: workloadBuiltin, Func: workloadFunc}}).
		SetModules(mods).
		RaiseBuiltinErrors(true).
		RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Package: r.Package, Name: r.Name, Fail: r.Fail, Skip: r.Skip, Err: r.Error, Duration: r.Duration}
		if r.Location != nil {
			tr.Location = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
		}
		out = append(out, tr)
	}
	return out, nil
}

// RunBuiltinTests runs the Rego tests of the built-in policies.
func RunBuiltinTests(ctx context.Context) ([]TestResult, error) {
	mods, err := parseFS(builtinFS, true, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
	if err != nil {
		return nil, err
	}
	return runTests(ctx, mods)
}

// RunTests runs the Rego tests (*_test.rego) of the policies in dirs, as opa
// test and conftest verify do, under the same sandbox as podlint lint and
// with the library podlint lint gives them, data.podlint.lib.pods.
func RunTests(ctx context.Context, dirs []string, opts LoadOptions) ([]TestResult, error) {
	mods, err := parseDirs(dirs, true, opts)
	if err != nil {
		return nil, err
	}
	lib, err := parseLib()
	if err != nil {
		return nil, err
	}
	for name, m := range lib {
		mods[name] = m
	}
	return runTests(ctx, mods)
}
