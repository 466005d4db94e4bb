package policies

import (
	"context"
	"fmt"
	"io/fs"
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

// UserID names the check that runs the user's policies; its findings are
// reported under the IDs of the policies, never under this one.
const UserID = "user-policies"

// ruleNamePattern matches the rules conftest evaluates: deny, violation and
// warn, and the same followed by _suffix.
var ruleNamePattern = regexp.MustCompile(`^(deny|violation|warn)(_[A-Za-z0-9_]+)?$`)

// Load reads the user's policies from dirs (recursively, every *.rego file
// but *_test.rego), compiles them in the sandbox with podlint's library
// (data.podlint.lib.pods, for policies to import) and returns the rules of
// the set, as LoadSet does.
func Load(ctx context.Context, dirs []string, opts LoadOptions) ([]*analyzer.Rule, error) {
	s, err := LoadSet(ctx, dirs, opts)
	if err != nil {
		return nil, err
	}
	return s.Rules(), nil
}

// LoadSet reads the user's policies into one set, whose one check reports
// under one ID per policy rule: each deny, violation or warn rule (or
// deny_<suffix>, ...) of the namespaces. deny and violation findings are
// errors, warn findings warnings, unless METADATA custom.severity says
// otherwise. Policies see the object as conftest gives it, in input.
//
// Rule IDs come from METADATA custom.id on the rule (or, for a package with
// one policy rule, on the package; with several, the package's ID followed
// by the rule name). Without METADATA the ID is the package path and the
// rule name in kebab case: main-deny, main-warn, kubernetes-security-deny-root.
//
// A policy that does not parse or compile, or calls a builtin the sandbox
// removes, is an error naming the file and line; so is a directory without
// policies, or namespaces without deny, violation or warn rules.
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
		pkg, rule string
		at        string           // file:line of its first definition
		annot     *ast.Annotations // on the rule
		pkgAnnot  *ast.Annotations // on the package
	}
	var found []*ruleInfo
	index := map[[2]string]*ruleInfo{}
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
			info := index[[2]string{pkg, rn}]
			if info == nil {
				info = &ruleInfo{pkg: pkg, rule: rn}
				if r.Location != nil {
					info.at = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
				}
				index[[2]string{pkg, rn}] = info
				found = append(found, info)
			}
			if a := packageAnnotations(m); a != nil {
				info.pkgAnnot = a
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
		perPkg[f.pkg]++
	}

	var queries []querySpec
	var reports []*analyzer.Rule
	seen := map[string]*ruleInfo{}
	for _, f := range found {
		sev := analyzer.Error
		if strings.HasPrefix(f.rule, "warn") {
			sev = analyzer.Warning
		}
		id := kebab(f.pkg + "-" + f.rule)
		a := f.annot
		if a == nil && f.pkgAnnot != nil {
			a = f.pkgAnnot
			if pid, ok := f.pkgAnnot.Custom["id"].(string); ok && perPkg[f.pkg] > 1 {
				id = pid + "-" + kebab(f.rule)
				a = withoutID(f.pkgAnnot)
			}
		}
		r, err := ruleFromAnnotations(a, id, sev)
		if err != nil {
			return nil, fmt.Errorf("policy data.%s.%s: %w", f.pkg, f.rule, err)
		}
		if r.Doc.Title == "" {
			r.Doc.Title = fmt.Sprintf("policy data.%s.%s", f.pkg, f.rule)
		}
		if len(r.Doc.Title) > 60 {
			r.Doc.Title = r.Doc.Title[:57] + "..."
		}
		if r.Doc.Why == "" {
			r.Doc.Why = fmt.Sprintf("User policy data.%s.%s, loaded from %s.", f.pkg, f.rule, strings.Join(dirs, ", "))
		}
		if prev, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("policies data.%s.%s and data.%s.%s both have the ID %q", prev.pkg, prev.rule, f.pkg, f.rule, r.ID)
		}
		seen[r.ID] = f
		ref := fmt.Sprintf("data.%s.%s", f.pkg, f.rule)
		msg := r.Doc.Title
		if a == nil || a.Title == "" {
			msg = ref + " is true"
		}
		r.Applies = analyzer.AnyObject // a conftest policy reads every document
		queries = append(queries, querySpec{text: "v := " + ref, id: r.ID, rule: ref, at: f.at, msg: msg})
		reports = append(reports, &r)
	}
	lib, err := parseLib()
	if err != nil {
		return nil, err
	}
	for name, m := range lib {
		mods[name] = m
	}
	s := newSet(UserID, "user Rego policies", parsed(mods), queries, reports)
	s.user = true
	s.rule.Reports = append(s.rule.Reports, PolicyError) // a policy that cannot finish on an object
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
			src, err := analyzer.ReadRegularFile(p, MaxFileSize, "a policy file")
			if err != nil {
				return fmt.Errorf("read policy: %w", err)
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

// conftestFindings reads the value of one deny, violation or warn rule as
// conftest does (policy/engine.go, query): a set or an array, whether the
// rule is partial (deny contains msg if ...) or complete (violation :=
// [{"msg": msg}] if ...), yields one finding per element, a string being
// the message and an object holding it in msg (with an optional path); an
// object without a string msg is an error, as conftest's "rule missing msg
// field" is. Where conftest passes silently a value that can only mean a
// finding, podlint reports it: a complete rule holding a string or an
// object with msg yields that one finding, and one that is true (deny if
// ...) yields whenTrue. false and empty collections yield nothing; any
// other value (a number, null, an element that is neither a string nor an
// object) is an error, since conftest would ignore it silently.
func conftestFindings(v any, whenTrue string) ([]finding, error) {
	switch v := v.(type) {
	case []any:
		var out []finding
		for _, e := range v {
			switch e.(type) {
			case string, map[string]any:
				f, err := conftestFinding(e)
				if err != nil {
					return nil, err
				}
				out = append(out, f)
			default:
				return nil, fmt.Errorf("yielded %s, neither a message nor an object with msg", shortJSON(e))
			}
		}
		return out, nil
	case string, map[string]any:
		f, err := conftestFinding(v)
		if err != nil {
			return nil, err
		}
		return []finding{f}, nil
	case bool:
		if v {
			return []finding{{msg: whenTrue}}, nil
		}
		return nil, nil
	}
	return nil, fmt.Errorf("is %s, neither a message, an object with msg, nor a set or array of them", shortJSON(v))
}

// conftestFinding reads one message string or object with msg.
func conftestFinding(v any) (finding, error) {
	if m, ok := v.(map[string]any); ok {
		if _, ok := m["msg"].(string); !ok {
			return finding{}, fmt.Errorf("yielded %s, an object without a string msg", shortJSON(m))
		}
	}
	return toFinding(v), nil
}

// shortJSON is v as JSON for an error message, cut after 200 bytes.
func shortJSON(v any) string {
	t := jsonText(v)
	if len(t) > 200 {
		return t[:200] + "..."
	}
	return t
}
