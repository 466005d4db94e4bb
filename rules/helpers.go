// Package rules holds podlint's rules written in Go, one file per rule.
// All lists them; nothing registers itself.
package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// sortedKeys returns the keys of m in order, so findings come out the same
// on every run.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// helmTestHook reports whether the object is a Helm test (helm.sh/hook:
// test): a Pod that helm test runs once, by design, outside any controller.
func helmTestHook(o *analyzer.Object) bool {
	for h := range strings.SplitSeq(o.Annotations["helm.sh/hook"], ",") {
		if h = strings.TrimSpace(h); h == "test" || h == "test-success" {
			return true
		}
	}
	return false
}
