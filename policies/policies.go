// Package policies runs Rego policies through OPA as analyzer rules: the
// built-in security and reliability policies embedded in podlint, and the
// user's own, written for conftest.
//
// A policy yields findings as objects {"msg": ..., "path": ...}, where path
// is a field path in the syntax of analyzer.Path, so that its findings carry
// positions like those of Go rules; a bare message string is positioned at
// the object. Every policy runs in a sandbox: no network, no files, no
// environment (see Capabilities).
//
// A set of policies (the built-in ones, or the user's) runs as one check
// that evaluates them all on an object at once and reports each finding
// under its policy's ID (analyzer.Rule.Reports). A built-in policy's ID is
// its package, podlint.policies["privileged-container"], and the rest of
// its identity is its METADATA block. Every policy sees the object as
// written in input, as conftest gives it, and learns from the function
// podlint.workload() where the Go PodSpec view finds its Pod spec; the
// library data.podlint.lib.pods, which user policies may import too, asks
// it, so Go rules and policies apply to the same objects.
package policies

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/podlint/podlint/analyzer"
)

//go:embed *.rego lib/*.rego
var builtinFS embed.FS

// BuiltinID names the check that runs the built-in policies; its findings
// are reported under the IDs of the policies, never under this one.
const BuiltinID = "builtin-policies"

// Builtin returns the rules that run the built-in policies: one check that
// evaluates them all on an object at once and reports each finding under
// its policy's ID. The policies themselves are the check's Reports, sorted
// by ID; analyzer.Catalogue lists them. Their identity and documentation
// are read from the METADATA of the Rego source, so listing them compiles
// nothing; the policies are compiled on first use, or when
// BuiltinSet().Prepare is called.
func Builtin() []*analyzer.Rule { return BuiltinSet().Rules() }

// BuiltinSet returns the set of built-in policies.
var BuiltinSet = sync.OnceValue(func() *Set { return newBuiltinSubset(nil) })

// BuiltinWithout returns the built-in policies but those whose ID off
// reports, compiling only the policies a run needs: a policy turned off in
// the configuration costs nothing. It returns BuiltinSet when none is off.
func BuiltinWithout(off func(id string) bool) *Set {
	for _, p := range builtinPolicies() {
		if off(p.rule.ID) {
			return newBuiltinSubset(off)
		}
	}
	return BuiltinSet()
}

// newBuiltinSubset builds a set of the built-in policies, without those
// whose ID off reports (nil: none). One query over every policy binds the
// ID from the package, podlint.policies["<id>"]. The policies of every Pod
// spec are one unit, compiled by Prepare; those that name kinds
// (custom.kinds) are a unit per list of kinds, compiled when the first
// object of one of those kinds is checked, so a run over Deployments
// compiles no RBAC or PodDisruptionBudget policy.
func newBuiltinSubset(off func(id string) bool) *Set {
	files := map[string][]string{} // by the kinds of the unit, joined; "" for Pod specs
	unitKinds := map[string][]string{}
	kinds := map[string]bool{}
	var reports []*analyzer.Rule
	for _, p := range builtinPolicies() {
		if off != nil && off(p.rule.ID) {
			continue
		}
		r := p.rule
		r.Applies = analyzer.HasPodSpec
		if len(p.kinds) > 0 {
			r.Applies = analyzer.OfKinds(p.kinds...)
		}
		reports = append(reports, &r)
		key := strings.Join(slices.Sorted(slices.Values(p.kinds)), ",")
		files[key] = append(files[key], p.file)
		unitKinds[key] = p.kinds
		for _, k := range p.kinds {
			kinds[k] = true
		}
	}
	var units []*unit
	for _, key := range sortedKeys(files) {
		u := &unit{modules: func() (map[string]*ast.Module, error) { return parseBuiltinFiles(files[key]) }}
		if key == "" {
			u.eager = true
			u.applies = func(o *analyzer.Object) bool { _, ok := o.PodSpec(); return ok }
		} else {
			of := map[string]bool{}
			for _, k := range unitKinds[key] {
				of[k] = true
			}
			// As the set's own test: a policy of kinds sees the objects of
			// its kinds that decoded, and those with a Pod spec.
			u.applies = func(o *analyzer.Object) bool { return of[o.Kind] && builtinApplies(o, of) }
		}
		units = append(units, u)
	}
	s := newUnitSet(BuiltinID, "built-in Rego policies", units, []querySpec{{text: "data.podlint.policies[id].deny[v]"}}, reports)
	s.trusted = true
	s.applies = func(o *analyzer.Object) bool { return builtinApplies(o, kinds) }
	return s
}

// parseBuiltinFiles parses the given built-in policies and the library
// modules they import, on up to GOMAXPROCS goroutines: OPA's parser reads
// about 3 MB/s, and a run's start waits for it.
func parseBuiltinFiles(names []string) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	var errs []error
	for len(names) > 0 {
		parsed := make([]*ast.Module, len(names))
		perr := make([]error, len(names))
		next := make(chan int)
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), len(names)) {
			wg.Go(func() {
				for i := range next {
					parsed[i], perr[i] = parseFile(builtinFS, names[i], ast.ParserOptions{RegoVersion: ast.RegoV1})
				}
			})
		}
		for i := range names {
			next <- i
		}
		close(next)
		wg.Wait()
		var more []string // the library modules imported and not parsed yet
		for i, name := range names {
			if perr[i] != nil {
				errs = append(errs, perr[i])
				continue
			}
			mods[name] = parsed[i]
			for _, imp := range parsed[i].Imports {
				lib, ok := strings.CutPrefix(imp.Path.String(), "data.podlint.lib.")
				lib, _, _ = strings.Cut(lib, ".") // data.podlint.lib.pods.containers is of lib/pods.rego
				file := "lib/" + lib + ".rego"
				if ok && mods[file] == nil && !slices.Contains(more, file) && !slices.Contains(names, file) {
					more = append(more, file)
				}
			}
		}
		names = more
	}
	return mods, errors.Join(errs...)
}

// parseFile parses one module of fsys.
func parseFile(fsys fs.FS, name string, opts ast.ParserOptions) (*ast.Module, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	m, err := ast.ParseModuleWithOpts(name, string(src), opts)
	if err != nil {
		return nil, fmt.Errorf("parse policy %s: %w", name, err)
	}
	return m, nil
}

// parseBuiltin parses the built-in policies and their library without
// their METADATA, which builtinPolicies reads on its own.
func parseBuiltin() (map[string]*ast.Module, error) {
	return parseFS(builtinFS, false, ast.ParserOptions{RegoVersion: ast.RegoV1})
}

// parseLib parses the built-in library, lib/*.rego, for user policies to
// import.
func parseLib() (map[string]*ast.Module, error) {
	sub, err := fs.Sub(builtinFS, "lib")
	if err != nil {
		return nil, err
	}
	mods, err := parseFS(sub, false, ast.ParserOptions{RegoVersion: ast.RegoV1})
	out := make(map[string]*ast.Module, len(mods))
	for name, m := range mods {
		out[path.Join("podlint", "lib", name)] = m
	}
	return out, err
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
		m, err := parseFile(fsys, p, opts)
		if err != nil {
			return err
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

// ruleFromAnnotations builds a user policy's identity and documentation
// from METADATA, as OPA parses it: title, description, custom.id,
// custom.severity, custom.bad and custom.good. id and sev are the defaults
// when custom sets none.
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

// builtinApplies reports whether a built-in policy looks at o: a Pod
// spec the Go PodSpec view finds, or an object of a k8s.io/api kind a
// policy that runs reads directly (kinds, from their custom.kinds). Other
// objects are neither converted nor evaluated: every object evaluated costs
// every policy of the set, so a Service is not when node-port-service is
// off.
func builtinApplies(o *analyzer.Object, kinds map[string]bool) bool {
	if _, ok := o.PodSpec(); ok {
		return true
	}
	return o.BuiltinKind() && kinds[o.Kind]
}
