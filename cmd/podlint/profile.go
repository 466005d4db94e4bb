package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes CPU and heap profiles when PODLINT_CPUPROFILE or
// PODLINT_MEMPROFILE name files: how the figures in the README were found.
// The returned function stops them.
func startProfiles(stderr io.Writer) func() {
	stop := func() {}
	if path := os.Getenv("PODLINT_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			stop = func() { pprof.StopCPUProfile(); f.Close() }
		} else {
			fmt.Fprintf(stderr, "podlint: cpu profile %s: %v\n", path, err)
		}
	}
	if path := os.Getenv("PODLINT_MEMPROFILE"); path != "" {
		prev := stop
		stop = func() {
			prev()
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintf(stderr, "podlint: memory profile %s: %v\n", path, err)
				return
			}
			defer f.Close()
			runtime.GC()
			_ = pprof.WriteHeapProfile(f)
		}
	}
	return stop
}
