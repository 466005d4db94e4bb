package lint

import (
	"context"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// loadCluster gathers the cluster-wide objects the rules ask for (see
// analyzer.Cluster) from every input and from opts.Definitions, before any
// apply set runs. Only files whose text names one of the kinds are parsed
// here, so the cost is one more read of each file; their findings are the
// main pass's to report, and definitions are never reported on.
func loadCluster(ctx context.Context, inputs []load.Input, opts Options) *analyzer.Cluster {
	kinds := analyzer.ClusterKinds(opts.Rules)
	if len(kinds) == 0 {
		return analyzer.NewCluster(nil)
	}
	names := make([]string, len(kinds))
	for i, gk := range kinds {
		names[i] = regexp.QuoteMeta(gk.Kind)
	}
	// kind: X, "kind": "X", kind: 'X': a cheap filter; the load decides.
	mentions := regexp.MustCompile(`kind["']?\s*:\s*["']?(?:` + strings.Join(names, "|") + `)\b`)
	maxSize := opts.Load.MaxFileSize
	if maxSize <= 0 {
		maxSize = load.DefaultMaxFileSize
	}
	var found []load.Input
	for _, in := range append(append([]load.Input(nil), opts.Definitions...), inputs...) {
		if in.Skip != "" {
			continue
		}
		data := in.Data
		if data == nil {
			var err error
			if data, err = analyzer.ReadRegularFile(in.Path, maxSize, "manifest"); err != nil {
				continue // the main pass reports what cannot be read
			}
		}
		if mentions.Match(data) {
			found = append(found, load.Input{Name: in.Name, Data: data})
		}
	}
	want := map[schema.GroupKind]bool{}
	for _, gk := range kinds {
		want[gk] = true
	}
	results := make([]*load.Result, len(found))
	load.Each(ctx, found, opts.Load, func(i int, res *load.Result, _ error) { results[i] = res })
	var objs []*analyzer.Object
	for _, res := range results {
		if res == nil {
			continue
		}
		for _, o := range res.Objects {
			if want[o.GVK.GroupKind()] {
				// Rules read their JSON, names and labels, never their
				// text: only the main pass places findings.
				o.Node = nil
				o.Doc.Discard()
				objs = append(objs, o)
			}
		}
	}
	return analyzer.NewCluster(objs)
}
