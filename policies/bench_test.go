package policies

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// BenchmarkCompile parses and compiles the built-in policies, as every
// podlint process does once.
func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		s := newBuiltinSubset(nil)
		if err := s.Prepare(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEval evaluates every built-in policy on one Deployment, input
// conversion included.
func BenchmarkEval(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "privilege-escalation", "unset.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	res := load.Bytes("unset.yaml", data, load.Options{})
	if len(res.Objects) != 1 {
		b.Fatalf("%d objects", len(res.Objects))
	}
	s := newBuiltinSubset(nil)
	if err := s.Prepare(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		fs, _, err := s.run(b.Context(), res.Objects[0], DefaultTimeout)
		if err != nil || len(fs) == 0 {
			b.Fatal(err, fs)
		}
	}
}

// BenchmarkCorpus runs the built-in policies over ../../shared/corpus when
// it is present, through the engine, and reports the mean evaluation time
// per workload object.
func BenchmarkCorpus(b *testing.B) {
	root := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		b.Skip("no corpus")
	}
	inputs, err := load.Expand([]string{root}, nil, "")
	if err != nil {
		b.Fatal(err)
	}
	res, _ := load.Load(b.Context(), inputs, load.Options{})
	for b.Loop() {
		s := newBuiltinSubset(nil)
		start := time.Now()
		analyzer.Run(b.Context(), res.Objects, s.Rules(), analyzer.Options{})
		st := s.Stats()
		b.ReportMetric(float64(st.PerObject().Microseconds()), "µs-eval/obj")
		b.ReportMetric(float64(st.Objects), "objs")
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-run")
	}
}

// BenchmarkMetadata reads the built-in policies' identity and docs from
// their METADATA blocks, as podlint rules and explain do, against parsing
// them with OPA's annotation support.
func BenchmarkMetadata(b *testing.B) {
	b.Run("yaml", func(b *testing.B) {
		for b.Loop() {
			if _, err := readBuiltinPolicies(builtinFS); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("opa-annotations", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseFS(builtinFS, false, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
