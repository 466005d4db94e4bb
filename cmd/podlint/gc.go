package main

import (
	"os"
	"runtime/debug"
	"sync"
)

// startupGCPercent is the collector's target while podlint starts. Parsing
// and compiling the built-in policies allocates about 20 MB of short-lived
// values while the live heap is a few MB; at the default target the
// collector runs many times over that garbage, which costs about a third
// of a one-file lint. The default returns as soon as the policies are
// compiled, so a large run keeps its usual footprint.
const startupGCPercent = 400

var (
	raisedFrom    *int // the target before raiseStartupGC; nil when not raised
	restoreGCOnce sync.Once
)

// raiseStartupGC raises the collector's target, unless the user chose one
// with GOGC.
func raiseStartupGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		prev := debug.SetGCPercent(startupGCPercent)
		raisedFrom = &prev
	}
}

// restoreGC puts the collector's target back once start-up is over.
func restoreGC() {
	restoreGCOnce.Do(func() {
		if raisedFrom != nil {
			debug.SetGCPercent(*raisedFrom)
		}
	})
}
