package extserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/podlint/podlint/analyzer/ext"
)

// Serve answers podlint's calls read from r on w until r ends. version is
// the companion's own, for the hello podlint checks.
func Serve(r io.Reader, w io.Writer, version string) error {
	return ext.Serve(r, w, Handler(version))
}

// Handler returns the companion's answers to every method of package ext,
// with one store of compiled CRDs for the life of the process.
func Handler(version string) ext.Handler {
	var c crds
	return func(ctx context.Context, method string, params json.RawMessage) (any, error) {
		switch method {
		case ext.MethodHello:
			return ext.Hello{Protocol: ext.Protocol, Version: version}, nil
		case ext.MethodChart:
			var req ext.ChartRequest
			if err := json.Unmarshal(params, &req); err != nil {
				return nil, err
			}
			return renderChart(ctx, &req)
		case ext.MethodKustomize:
			var req ext.KustomizeRequest
			if err := json.Unmarshal(params, &req); err != nil {
				return nil, err
			}
			return kustomize(req.Dir, req.Overlay), nil
		case ext.MethodCRD:
			var req ext.CRDRequest
			if err := json.Unmarshal(params, &req); err != nil {
				return nil, err
			}
			return c.compile(&req), nil
		case ext.MethodSchema:
			var req ext.SchemaRequest
			if err := json.Unmarshal(params, &req); err != nil {
				return nil, err
			}
			return c.schema(&req)
		case ext.MethodValidate:
			var req ext.ValidateRequest
			if err := json.Unmarshal(params, &req); err != nil {
				return nil, err
			}
			return c.validate(&req)
		}
		return nil, fmt.Errorf("%s: no method %q", ext.Name, method)
	}
}

// InProcess makes this process's ext client answer from this package, in
// process, through the same messages: for tests, which link the
// companion's code instead of building its executable. It returns a
// function that restores the executable.
func InProcess() func() { return ext.InProcess(Handler("in-process")) }
