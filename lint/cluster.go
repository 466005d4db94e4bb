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
// here; their results are handed to the main pass (by input index), which
// would parse them again otherwise, and definitions are never reported on.
func loadCluster(ctx context.Context, inputs []load.Input, opts Options) (*analyzer.Cluster, map[int]*load.Result) {
	kinds := analyzer.ClusterKinds(opts.Rules)
	if len(kinds) == 0 {
		return analyzer.NewCluster(nil), nil
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
	var index []int // the input each of found is, or -1 for a definition
	all := append(append([]load.Input(nil), opts.Definitions...), inputs...)
	for i, in := range all {
		if in.Skip != "" {
			continue
		}
		if in.Data == nil {
			data, err := analyzer.ReadRegularFile(in.Path, maxSize, "manifest")
			if err != nil {
				continue // the main pass reports what cannot be read
			}
			in.Data = data
		}
		if mentions.Match(in.Data) {
			found = append(found, in)
			index = append(index, i-len(opts.Definitions))
		}
	}
	want := map[schema.GroupKind]bool{}
	for _, gk := range kinds {
		want[gk] = true
	}
	// A result held for the main pass keeps its trees until its set runs:
	// past maxPreloaded bytes of text, the main pass parses the file again
	// rather than hold every CRD of a large repository at once. Each result
	// is shrunk as soon as it is loaded, so the pre-pass itself never holds
	// more than that and one file per worker.
	keep := make([]bool, len(found))
	held := 0
	for i, in := range found {
		if index[i] >= 0 && held+len(in.Data) <= maxPreloaded {
			keep[i] = true
			held += len(in.Data)
		}
	}
	copies := make([][]*analyzer.Object, len(found))
	results := make([]*load.Result, len(found))
	load.Each(ctx, found, opts.Load, func(i int, res *load.Result, _ error) {
		if res == nil {
			return
		}
		for _, o := range res.Objects {
			if want[o.GVK.GroupKind()] {
				// A copy for the whole lint: rules read its JSON, names and
				// labels, never its text, and the main pass releases its own.
				c := *o
				c.Node = nil
				copies[i] = append(copies[i], &c)
			}
		}
		if keep[i] {
			results[i] = res
		} else {
			release(res)
			found[i].Data = nil
		}
	})
	var objs []*analyzer.Object
	preloaded := map[int]*load.Result{}
	for i, res := range results {
		objs = append(objs, copies[i]...)
		if res != nil {
			preloaded[index[i]] = res
		}
	}
	return analyzer.NewCluster(objs), preloaded
}

// maxPreloaded is how many bytes of manifests the cluster pre-pass hands,
// parsed, to the main pass, which would parse them again: their trees take
// six times their text (the corpus's CRD files: 9 MB of text, 57 MB of
// trees) until their sets run. Measured on ../shared/corpus and its 5x
// copy, 4 MB costs the corpus no CPU against 16 MB (holding trees makes every collection mark them) and
// takes the copy's peak from 333 to 241 MB; none at all, 177 MB, for about
// 5% more CPU.
const maxPreloaded = 4 << 20
