package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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

// memoryFloor is the soft memory limit of a lint while its live heap is
// under half of it. With the collector's default target alone, a run over
// 20,000 documents grows to about twice its live heap (50 MB: findings,
// objects, and the packed values the cross-object pass reads) plus what
// the runtime has not yet returned to the system, 190 MB in all; under the
// limit it stays near 140 MB at the same speed.
const memoryFloor = 100 << 20

var boundMemoryOnce sync.Once

// boundMemory sets the soft memory limit of a lint to memoryFloor or, once
// the live heap is larger than half of that, to twice the live heap, which
// is what the default target allows anyway: a fixed limit would make the
// collector run without pause once a very large run outgrows it. The
// limit follows the live heap after every collection. A user who sets
// GOGC or GOMEMLIMIT keeps the runtime's own behaviour.
func boundMemory() {
	_, gogc := os.LookupEnv("GOGC")
	_, limit := os.LookupEnv("GOMEMLIMIT")
	if gogc || limit {
		return
	}
	boundMemoryOnce.Do(func() {
		debug.SetMemoryLimit(memoryFloor)
		followLiveHeap()
	})
}

// gcSentinel is allocated to be collected: its cleanup runs after each
// collection.
type gcSentinel struct{ _ *int }

// followLiveHeap sets the memory limit to twice the live heap, or
// memoryFloor, after every collection until the process ends.
func followLiveHeap() {
	runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		live := int64(sample[0].Value.Uint64()) //nolint:gosec // a heap size fits an int64
		debug.SetMemoryLimit(max(memoryFloor, 2*live))
		followLiveHeap()
	}, struct{}{})
}
