// Package rules holds podlint's rules written in Go, one file per rule.
// All lists them; nothing registers itself.
package rules

import (
	"iter"
	"maps"
	"slices"
)

// sortedKeys yields the keys of m in order, so findings come out the same
// on every run.
func sortedKeys[V any](m map[string]V) iter.Seq[string] {
	return slices.Values(slices.Sorted(maps.Keys(m)))
}
