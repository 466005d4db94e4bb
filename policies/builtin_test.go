package policies

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/podlint/podlint/analyzer"
)

// TestBuiltinPackages checks that every built-in policy's package is
// podlint.policies.<snake_case id>, and that every policy has a test file.
func TestBuiltinPackages(t *testing.T) {
	s := BuiltinSet()
	tests, err := parseFS(builtinFS, true, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	pkgs := map[string]string{} // package -> file
	for name, m := range tests {
		pkgs[packagePath(m)] = name
	}
	if len(s.Rules()) != 10 {
		t.Errorf("%d built-in policies, want 10", len(s.Rules()))
	}
	for _, r := range s.Rules() {
		snake := strings.ReplaceAll(r.ID, "-", "_")
		file, ok := pkgs[builtinPrefix+snake]
		if !ok || file != snake+".rego" {
			t.Errorf("policy %s: want package %s%s in %s.rego, got %q", r.ID, builtinPrefix, snake, snake, file)
		}
		if _, ok := pkgs[builtinPrefix+snake+"_test"]; !ok {
			t.Errorf("policy %s: no tests in package %s%s_test", r.ID, builtinPrefix, snake)
		}
		if r.SourceName() != "rego" || r.Check == nil {
			t.Errorf("policy %s: source %q", r.ID, r.SourceName())
		}
	}
	if err := analyzer.Validate(s.Rules()); err != nil {
		t.Error(err)
	}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"main-deny":                     "main-deny",
		"main-deny_root":                "main-deny-root",
		"kubernetes.security-violation": "kubernetes-security-violation",
		"Main-Warn__x":                  "main-warn-x",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToFinding(t *testing.T) {
	for _, tc := range []struct {
		in   any
		path string
		msg  string
	}{
		{"bare", "", "bare"},
		{map[string]any{"msg": "m", "path": "spec.containers[0].image"}, "spec.containers[0].image", "m"},
		{map[string]any{"msg": "m", "path": []any{"metadata", "labels", "app.kubernetes.io/name"}}, `metadata.labels["app.kubernetes.io/name"]`, "m"},
		{map[string]any{"msg": "m", "path": "spec[oops"}, "", "m"},
		{map[string]any{"message": "x"}, "", `{"message":"x"}`},
	} {
		f := toFinding(tc.in)
		if f.path.String() != tc.path || f.msg != tc.msg {
			t.Errorf("toFinding(%v) = %q %q, want %q %q", tc.in, f.path, f.msg, tc.path, tc.msg)
		}
	}
}
