package policies

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestSandbox serves HTTP on a loopback port and proves no policy reaches
// it: neither through http.send nor through a remote $ref of
// json.match_schema, whether the policy is linted or tested.
func TestSandbox(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `{"type": "object"}`)
	}))
	defer srv.Close()

	for _, tc := range []struct{ name, body, builtin string }{
		{"http.send", fmt.Sprintf(`resp := http.send({"method": "GET", "url": %q})
	msg := sprintf("%%v", [resp.body])`, srv.URL), "http.send"},
		{"json.match_schema", fmt.Sprintf(`[ok, _] := json.match_schema(input, {"$ref": %q})
	not ok
	msg := "schema"`, srv.URL+"/s.json"), "json.match_schema"},
		{"json.verify_schema", fmt.Sprintf(`[ok, _] := json.verify_schema({"$ref": %q})
	ok
	msg := "schema"`, srv.URL+"/s.json"), "json.verify_schema"},
		{"net.lookup_ip_addr", `addrs := net.lookup_ip_addr("localhost")
	msg := sprintf("%v", [addrs])`, "net.lookup_ip_addr"},
		{"opa.runtime", `msg := sprintf("%v", [opa.runtime().env])`, "opa.runtime"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "package main\n\ndeny contains msg if {\n\t" + tc.body + "\n}\n"
			file := filepath.Join(dir, "exfil.rego")
			if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			test := "package main_test\n\nimport data.main\n\ntest_x if { count(main.deny) > 0 with input as {} }\n"
			if err := os.WriteFile(filepath.Join(dir, "exfil_test.rego"), []byte(test), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(context.Background(), []string{dir}, LoadOptions{})
			var fe *ForbiddenBuiltinError
			if !errors.As(err, &fe) || fe.Builtin != tc.builtin || fe.Location == nil || fe.Location.Row != 4 {
				t.Errorf("Load: got %v, want a ForbiddenBuiltinError for %s on line 4", err, tc.builtin)
			}
			if err != nil && !strings.Contains(err.Error(), "exfil.rego:4:") {
				t.Errorf("error %q does not name the file and line", err)
			}
			if _, err := RunTests(context.Background(), []string{dir}, LoadOptions{}); !errors.As(err, &fe) {
				t.Errorf("RunTests: got %v, want a ForbiddenBuiltinError", err)
			}

			// Without the pre-check, the compiler itself refuses the call.
			m, err := ast.ParseModule("exfil.rego", src)
			if err != nil {
				t.Fatal(err)
			}
			c := newCompiler()
			if c.Compile(map[string]*ast.Module{"exfil.rego": m}); !c.Failed() {
				t.Errorf("the sandboxed compiler accepts %s", tc.builtin)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d requests from policies", n)
	}
}

func TestCapabilities(t *testing.T) {
	caps := Capabilities()
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %#v, want empty and non-nil", caps.AllowNet)
	}
	for _, b := range caps.Builtins {
		if _, removed := removedBuiltins[b.Name]; removed {
			t.Errorf("builtin %s is still allowed", b.Name)
		}
	}
	if !slices.Contains(caps.Builtins, workloadBuiltin) {
		t.Error("podlint.workload is not allowed")
	}
	if len(ast.CapabilitiesForThisVersion().Builtins)+1-len(caps.Builtins) != len(removedBuiltins) {
		t.Error("Capabilities changed the builtins of ast.CapabilitiesForThisVersion")
	}
}
