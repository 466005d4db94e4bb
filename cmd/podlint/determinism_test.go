package main

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSameOutputWhateverTheParallelism lints the fixtures and examples with
// one worker and with eight: the output must be byte for byte the same.
func TestSameOutputWhateverTheParallelism(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata")
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	_, one, _ := podlint(t, "", "lint", "--format", "json", dir)
	runtime.GOMAXPROCS(8)
	_, eight, _ := podlint(t, "", "lint", "--format", "json", dir)
	if diff := cmp.Diff(one, eight); diff != "" {
		t.Errorf("output differs between GOMAXPROCS=1 and 8 (-1 +8):\n%s", diff)
	}
}
