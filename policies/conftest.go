package policies

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/podlint/podlint/analyzer"
)

// LoadOptions configures how user policies are read.
type LoadOptions struct {
	// RegoV0 parses policies in the Rego v0 syntax of OPA before 1.0
	// (deny[msg] { ... }); the default is Rego v1.
	RegoV0 bool
	// Namespaces are the packages whose deny, violation and warn rules are
	// policies; empty means main, as in conftest.
	Namespaces []string
}

// ruleNamePattern matches the rules conftest evaluates: deny, violation and
// warn, and the same followed by _suffix.
var ruleNamePattern = regexp.MustCompile(`^(deny|violation|warn)(_[A-Za-z0-9_]+)?$`)

// Load reads the user's policies from dirs (recursively, every *.rego file
// but *_test.rego), compiles them in the sandbox and returns one rule per
// policy rule: each deny, violation or warn rule (or deny_<suffix>, ...) of
// the namespaces. deny and violation findings are errors, warn findings
// warnings, unless METADATA custom.severity says otherwise.
//
// Rule IDs come from METADATA custom.id on the rule (or, for a package with
// one policy rule, on the package; with several, the package's ID followed
// by the rule name). Without METADATA the ID is the package path and the
// rule name in kebab case: main-deny, main-warn, kubernetes-security-deny-root.
//
// A policy that does not parse or compile, or calls a builtin the sandbox
// removes, is an error naming the file and line; so is a directory without
// policies, or namespaces without deny, violation or warn rules.
func Load(ctx context.Context, dirs []string, opts LoadOptions) ([]*analyzer.Rule, error) {
	s, err := LoadSet(ctx, dirs, opts)
	if err != nil {
		return nil, err
	}
	return s.Rules(), nil
}

// LoadSet is Load returning the Set, for its Stats.
func LoadSet(_ context.Context, dirs []string, opts LoadOptions) (*Set, error) {
	start := time.Now()
	mods, err := parseDirs(dirs, false, opts)
	if err != nil {
		return nil, err
	}
	namespaces := opts.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{"main"}
	}
	type ruleInfo struct {
		t     target
		annot *ast.Annotations // on the rule
		pkg   *ast.Annotations // on the package
	}
	var found []*ruleInfo
	index := map[target]*ruleInfo{}
	for _, name := range sortedKeys(mods) {
		m := mods[name]
		pkg := packagePath(m)
		if !slices.Contains(namespaces, pkg) {
			continue
		}
		for _, r := range m.Rules {
			rn := r.Head.Ref().String()
			if !ruleNamePattern.MatchString(rn) {
				continue
			}
			t := target{pkg: pkg, rule: rn}
			info := index[t]
			if info == nil {
				info = &ruleInfo{t: t}
				index[t] = info
				found = append(found, info)
			}
			if a := packageAnnotations(m); a != nil {
				info.pkg = a
			}
			for _, a := range m.Annotations {
				if (a.Scope == "rule" || a.Scope == "document") && a.GetTargetPath().String() == "data."+pkg+"."+rn {
					info.annot = a
				}
			}
		}
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("policies in %s: no deny, violation or warn rules in package %s",
			strings.Join(dirs, ", "), strings.Join(namespaces, " or "))
	}
	perPkg := map[string]int{}
	for _, f := range found {
		perPkg[f.t.pkg]++
	}

	var queries []querySpec
	for _, f := range found {
		queries = append(queries, querySpec{text: fmt.Sprintf("data.%s.%s[v]", f.t.pkg, f.t.rule), fixed: f.t})
	}
	s := newSet(parsed(mods), queries)
	seen := map[string]target{}
	for _, f := range found {
		sev := analyzer.Error
		if strings.HasPrefix(f.t.rule, "warn") {
			sev = analyzer.Warning
		}
		id := kebab(f.t.pkg + "-" + f.t.rule)
		a := f.annot
		if a == nil && f.pkg != nil {
			a = f.pkg
			if pid, ok := f.pkg.Custom["id"].(string); ok && perPkg[f.t.pkg] > 1 {
				id = pid + "-" + kebab(f.t.rule)
				a = withoutID(f.pkg)
			}
		}
		r, err := ruleFromAnnotations(a, id, sev)
		if err != nil {
			return nil, fmt.Errorf("policy data.%s.%s: %w", f.t.pkg, f.t.rule, err)
		}
		if r.Doc.Title == "" {
			r.Doc.Title = fmt.Sprintf("policy data.%s.%s", f.t.pkg, f.t.rule)
		}
		if len(r.Doc.Title) > 60 {
			r.Doc.Title = r.Doc.Title[:57] + "..."
		}
		if r.Doc.Why == "" {
			r.Doc.Why = fmt.Sprintf("User policy data.%s.%s, loaded from %s.", f.t.pkg, f.t.rule, strings.Join(dirs, ", "))
		}
		if prev, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("policies data.%s.%s and data.%s.%s both have the ID %q", prev.pkg, prev.rule, f.t.pkg, f.t.rule, r.ID)
		}
		seen[r.ID] = f.t
		s.addRule(r, f.t)
	}
	if err := s.Prepare(); err != nil {
		return nil, fmt.Errorf("compile policies in %s: %w", strings.Join(dirs, ", "), err)
	}
	s.parseTime.Store(int64(time.Since(start) - s.Stats().Compile))
	return s, nil
}

// withoutID copies a package's annotations without custom.id.
func withoutID(a *ast.Annotations) *ast.Annotations {
	c := *a
	c.Custom = map[string]any{}
	for k, v := range a.Custom {
		if k != "id" {
			c.Custom[k] = v
		}
	}
	return &c
}

// kebab turns a package path and rule name into a rule ID:
// "kubernetes.security-deny_root" -> "kubernetes-security-deny-root".
func kebab(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// parseDirs parses every .rego file below dirs, test files only when tests
// is set. Hidden directories are skipped.
func parseDirs(dirs []string, tests bool, opts LoadOptions) (map[string]*ast.Module, error) {
	v := ast.RegoV1
	if opts.RegoV0 {
		v = ast.RegoV0
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("no policy directory given")
	}
	mods := map[string]*ast.Module{}
	for _, dir := range dirs {
		n := 0
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				if p != dir && strings.HasPrefix(e.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if filepath.Ext(p) != ".rego" || (!tests && strings.HasSuffix(p, "_test.rego")) {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: v})
			if err != nil {
				if v == ast.RegoV1 {
					if _, err0 := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{RegoVersion: ast.RegoV0}); err0 == nil {
						return fmt.Errorf("parse policy (it parses as Rego v0, the syntax before OPA 1.0: add --rego-v0): %w", err)
					}
				}
				return fmt.Errorf("parse policy: %w", err)
			}
			mods[p] = m
			n++
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("policies in %s: %w", dir, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("policies in %s: no .rego files", dir)
		}
	}
	return mods, nil
}
