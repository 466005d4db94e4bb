package policies

import (
	"errors"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// removedBuiltins are the builtins no policy may call: they reach the
// network, read files through remote or local JSON schema references, or
// expose the environment of the process.
var removedBuiltins = map[string]string{
	"http.send":          "reaches the network",
	"net.lookup_ip_addr": "reaches the network (DNS)",
	"opa.runtime":        "exposes the environment of the process",
	"json.match_schema":  "loads remote and local schema references",
	"json.verify_schema": "loads remote and local schema references",
}

// Capabilities returns the builtins policies may use: those of this OPA
// version without network, file or environment access, plus podlint's
// own podlint.workload(), and with an empty (not nil: nil means every
// host) list of hosts to reach.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool {
		_, removed := removedBuiltins[b.Name]
		return removed
	})
	caps.Builtins = append(caps.Builtins, workloadBuiltin)
	caps.AllowNet = []string{}
	return caps
}

// newCompiler returns a compiler restricted to Capabilities. Capabilities
// must sit on the compiler: rego.Capabilities is ignored for modules when a
// compiler is passed to rego.New.
func newCompiler() *ast.Compiler {
	installCappedBuiltins()
	return ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithEnablePrintStatements(false)
}

// A ForbiddenBuiltinError reports a policy that calls a builtin the
// sandbox removes.
type ForbiddenBuiltinError struct {
	Builtin  string
	Location *ast.Location
}

func (e *ForbiddenBuiltinError) Error() string {
	at := "policy"
	if e.Location != nil {
		at = fmt.Sprintf("%s:%d:%d", e.Location.File, e.Location.Row, e.Location.Col)
	}
	return fmt.Sprintf("%s: builtin %s is not allowed: it %s, and podlint runs policies without network, file or environment access",
		at, e.Builtin, removedBuiltins[e.Builtin])
}

// checkSandbox finds calls of removed builtins before compiling, so the
// error names the builtin instead of OPA's generic "undefined function".
func checkSandbox(mods map[string]*ast.Module) error {
	var found []error
	check := func(op *ast.Term, at *ast.Location) {
		ref, ok := op.Value.(ast.Ref)
		if !ok {
			return
		}
		name := ref.String()
		if _, removed := removedBuiltins[name]; removed {
			if op.Location != nil {
				at = op.Location
			}
			found = append(found, &ForbiddenBuiltinError{Builtin: name, Location: at})
		}
	}
	for _, name := range sortedKeys(mods) {
		ast.NewGenericVisitor(func(x any) bool {
			switch v := x.(type) {
			case *ast.Expr:
				if terms, ok := v.Terms.([]*ast.Term); ok && len(terms) > 0 {
					check(terms[0], v.Location)
				}
				for _, w := range v.With {
					check(w.Target, w.Location)
				}
			case ast.Call:
				if len(v) > 0 {
					check(v[0], v[0].Location)
				}
			}
			return false
		}).Walk(mods[name])
	}
	return errors.Join(found...)
}
