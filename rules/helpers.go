// Package rules holds podlint's rules written in Go, one file per rule.
// All lists them; nothing registers itself.
package rules

import (
	"maps"
	"slices"
)

// sortedKeys returns the keys of m in order, so findings come out the same
// on every run.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
