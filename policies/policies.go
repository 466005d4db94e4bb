// Package policies runs Rego policies through OPA as analyzer rules: the
// built-in security and reliability policies embedded in podlint, and the
// user's own, written for conftest.
//
// A policy yields findings as objects {"msg": ..., "path": ...}, where path
// is a field path in the syntax of analyzer.Path, so that its findings carry
// positions like those of Go rules; a bare message string is positioned at
// the object. Every policy runs in a sandbox: no network, no files, no
// environment (see Capabilities).
package policies

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/podlint/podlint/analyzer"
)

//go:embed *.rego lib/*.rego
var builtinFS embed.FS

// builtinPrefix is the package of every built-in policy:
// podlint.policies.<snake_case id>.
const builtinPrefix = "podlint.policies."

// Builtin returns the built-in policies, one rule per policy, sorted by ID.
// Their identity and documentation come from builtinPolicies, so listing
// them parses no Rego; the policies are parsed and compiled on first use,
// or when BuiltinSet().Prepare is called.
func Builtin() []*analyzer.Rule { return BuiltinSet().Rules() }

// BuiltinSet returns the set of built-in policies.
var BuiltinSet = sync.OnceValue(newBuiltinSet)

func newBuiltinSet() *Set { return newBuiltinSubset(nil) }

// BuiltinWithout returns the built-in policies but those whose ID off
// reports, compiling only the policies a run needs: a policy turned off in
// the configuration costs nothing. It returns BuiltinSet when none is off.
func BuiltinWithout(off func(id string) bool) *Set {
	for _, p := range builtinPolicies {
		if off(p.id) {
			return newBuiltinSubset(off)
		}
	}
	return BuiltinSet()
}

// newBuiltinSubset builds a set of the built-in policies, without those
// whose ID off reports (nil: none).
func newBuiltinSubset(off func(id string) bool) *Set {
	skip := map[string]bool{} // packages
	for _, p := range builtinPolicies {
		if off != nil && off(p.id) {
			skip[p.pkg] = true
		}
	}
	parse := func() (map[string]*ast.Module, error) {
		mods, err := parseBuiltin()
		for name, m := range mods {
			if skip[packagePath(m)] {
				delete(mods, name)
			}
		}
		return mods, err
	}
	s := newSet(parse, []querySpec{{
		text:   "data.podlint.policies[pkg].deny[v]",
		prefix: builtinPrefix,
		rule:   "deny",
	}})
	s.trusted = true
	s.applies = hasPodSpec
	for _, p := range builtinPolicies {
		if !skip[p.pkg] {
			s.addRule(p.rule(), target{pkg: p.pkg, rule: "deny"})
		}
	}
	return s
}

// parseBuiltin parses the built-in policies without their METADATA, which
// builtinPolicies already holds: reading the annotations doubles the parse.
func parseBuiltin() (map[string]*ast.Module, error) {
	return parseFS(builtinFS, false, ast.ParserOptions{RegoVersion: ast.RegoV1})
}

// A builtinPolicy is what the METADATA of a built-in policy says, kept in
// Go by TestBuiltinPolicies (go test ./policies -run TestBuiltinPolicies -update).
type builtinPolicy struct {
	pkg, id, severity, title, why, bad, good string
}

func (p builtinPolicy) rule() analyzer.Rule {
	sev, err := analyzer.ParseSeverity(p.severity)
	if err != nil {
		panic(err) // TestBuiltinPolicies rules it out
	}
	return analyzer.Rule{ID: p.id, Severity: sev, Doc: analyzer.Doc{Title: p.title, Why: p.why, Bad: p.bad, Good: p.good}}
}

// readBuiltinPolicies reads builtinPolicies from the METADATA of the
// embedded policies.
func readBuiltinPolicies() ([]builtinPolicy, error) {
	mods, err := parseFS(builtinFS, false, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
	if err != nil {
		return nil, err
	}
	var out []builtinPolicy
	for _, name := range sortedKeys(mods) {
		m := mods[name]
		pkg := packagePath(m)
		if !strings.HasPrefix(pkg, builtinPrefix) {
			continue // lib
		}
		a := packageAnnotations(m)
		if a == nil {
			return nil, fmt.Errorf("policy %s: no METADATA block before the package", name)
		}
		r, err := ruleFromAnnotations(a, "", analyzer.Warning)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", name, err)
		}
		out = append(out, builtinPolicy{pkg: pkg, id: r.ID, severity: r.Severity.String(), title: r.Doc.Title, why: r.Doc.Why, bad: r.Doc.Bad, good: r.Doc.Good})
	}
	slices.SortFunc(out, func(a, b builtinPolicy) int { return strings.Compare(a.id, b.id) })
	return out, nil
}

// parseFS parses every .rego file of fsys; test files (*_test.rego) only
// when tests is set.
func parseFS(fsys fs.FS, tests bool, opts ast.ParserOptions) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || path.Ext(p) != ".rego" || (!tests && strings.HasSuffix(p, "_test.rego")) {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), opts)
		if err != nil {
			return fmt.Errorf("parse policy %s: %w", p, err)
		}
		mods[p] = m
		return nil
	})
	return mods, err
}

// packagePath returns a module's package without the data. prefix.
func packagePath(m *ast.Module) string {
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}

// packageAnnotations returns the METADATA of a module's package.
func packageAnnotations(m *ast.Module) *ast.Annotations {
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			return a
		}
	}
	return nil
}

// ruleFromAnnotations builds a rule's identity and documentation from
// METADATA: title, description, custom.id, custom.severity, custom.bad and
// custom.good. id and sev are the defaults when custom sets none.
func ruleFromAnnotations(a *ast.Annotations, id string, sev analyzer.Severity) (analyzer.Rule, error) {
	r := analyzer.Rule{ID: id, Severity: sev}
	if a == nil {
		return r, nil
	}
	r.Doc = analyzer.Doc{Title: a.Title, Why: strings.TrimSpace(a.Description)}
	if v, ok := a.Custom["id"].(string); ok {
		r.ID = v
	}
	if v, ok := a.Custom["severity"].(string); ok {
		s, err := analyzer.ParseSeverity(v)
		if err != nil {
			return r, fmt.Errorf("METADATA custom.severity: %w", err)
		}
		r.Severity = s
	}
	r.Doc.Bad, _ = a.Custom["bad"].(string)
	r.Doc.Good, _ = a.Custom["good"].(string)
	if r.ID == "" {
		return r, fmt.Errorf("METADATA has no custom.id")
	}
	return r, nil
}

// podKinds are the kinds whose Pod spec lib/pods.rego finds.
var podKinds = map[string]bool{
	"Pod": true, "Deployment": true, "ReplicaSet": true, "StatefulSet": true, "DaemonSet": true,
	"Job": true, "CronJob": true, "ReplicationController": true, "PodTemplate": true, "Rollout": true,
}

// hasPodSpec reports whether the built-in policies can find a Pod spec in
// o; they yield nothing for other objects, so those are not evaluated. The
// test is on the kind as written, so objects that fail to decode are still
// checked.
func hasPodSpec(o *analyzer.Object) bool { return podKinds[o.Kind] }
