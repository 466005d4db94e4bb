package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

// generate writes n objects over n/100 namespaces: in each, Deployments
// with Services in front of them, and a few bare Pods, one file per
// namespace.
func generate(n int) []load.Input {
	var inputs []load.Input
	perNS := 100
	for ns := 0; ns*perNS < n; ns++ {
		var b strings.Builder
		for i := 0; i < perNS && ns*perNS+i < n; i++ {
			app := fmt.Sprintf("app-%d", i/3)
			switch i % 5 {
			case 0, 1:
				fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d-%d\n  namespace: ns-%d\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: %s, part: d-%d}\n  template:\n    metadata:\n      labels: {app: %s, part: d-%d}\n    spec:\n      containers:\n        - name: web\n          image: example/web:1.%d\n          ports:\n            - {name: http, containerPort: 8080}\n---\n", i, ns, app, i, app, i, i)
			case 2, 3:
				fmt.Fprintf(&b, "apiVersion: v1\nkind: Service\nmetadata:\n  name: s-%d\n  namespace: ns-%d\nspec:\n  selector: {app: %s}\n  ports:\n    - port: 80\n      targetPort: http\n---\n", i, ns, app)
			default:
				fmt.Fprintf(&b, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-%d\n  namespace: ns-%d\n  labels: {app: solo-%d}\nspec:\n  containers:\n    - name: c\n      image: example/solo:2.0\n---\n", i, ns, i)
			}
		}
		inputs = append(inputs, load.Input{Name: fmt.Sprintf("ns-%d.yaml", ns), Data: []byte(b.String())})
	}
	return inputs
}

func split(all []*analyzer.Rule) (perObject, perSet []*analyzer.Rule) {
	for _, r := range all {
		if r.CheckSet != nil {
			perSet = append(perSet, r)
		} else if r.Check != nil {
			perObject = append(perObject, r)
		}
	}
	return perObject, perSet
}

// BenchmarkScale lints generated sets of 1k, 10k and 100k objects and
// reports the cost per object of each phase: load (parse and decode), the
// per-object Go rules, and the cross-object pass.
func BenchmarkScale(b *testing.B) {
	perObject, perSet := split(rules.All())
	for _, n := range []int{1_000, 10_000, 100_000} {
		inputs := generate(n)
		res, err := load.Load(context.Background(), inputs, load.Options{})
		if err != nil || len(res.Objects) != n {
			b.Fatalf("loaded %d objects, want %d (%v)", len(res.Objects), n, err)
		}
		b.Run(fmt.Sprintf("load/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := load.Load(context.Background(), inputs, load.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/object")
		})
		b.Run(fmt.Sprintf("rules/%d", n), func(b *testing.B) {
			for b.Loop() {
				analyzer.Run(context.Background(), res.Objects, perObject, analyzer.Options{})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/object")
		})
		b.Run(fmt.Sprintf("cross/%d", n), func(b *testing.B) {
			var found int
			for b.Loop() {
				found = len(analyzer.Run(context.Background(), res.Objects, perSet, analyzer.Options{}))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/object")
			b.ReportMetric(float64(found), "findings")
		})
	}
}

var corpusDir = filepath.Join("..", "..", "shared", "corpus")

func corpus(b *testing.B) []load.Input {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("no corpus at %s", corpusDir)
	}
	inputs, err := load.Expand([]string{corpusDir}, nil, "")
	if err != nil {
		b.Fatal(err)
	}
	return inputs
}

// BenchmarkCorpusParse is the floor: reading every corpus file and parsing
// it into YAML nodes on all cores, and nothing else.
func BenchmarkCorpusParse(b *testing.B) {
	inputs := corpus(b)
	for b.Loop() {
		next := make(chan string)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for path := range next {
					data, err := os.ReadFile(path)
					if err != nil {
						b.Error(err)
						continue
					}
					dec := yaml.NewDecoder(bytes.NewReader(data))
					for {
						var n yaml.Node
						if dec.Decode(&n) != nil {
							break
						}
					}
				}
			})
		}
		for _, in := range inputs {
			next <- in.Path
		}
		close(next)
		wg.Wait()
	}
}

// BenchmarkCorpusLint is the whole lint of the corpus with every Go rule
// and built-in policy, to compare with BenchmarkCorpusParse.
func BenchmarkCorpusLint(b *testing.B) {
	inputs := corpus(b)
	for _, set := range []struct {
		name  string
		rules []*analyzer.Rule
	}{
		{"none", nil},
		{"go", rules.All()},
		{"all", append(rules.All(), policies.Builtin()...)},
	} {
		b.Run(set.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := lint.Inputs(context.Background(), inputs, lint.Options{Rules: set.rules}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
