// Package gctune sets the garbage collector for podlint's processes: a
// short-lived lint allocates far more than it keeps, and at the runtime's
// default target it collects dozens of times over garbage.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// startupGCPercent is the collector's target while podlint starts. Parsing
// and compiling the built-in policies allocates about 20 MB of short-lived
// values while the live heap is a few MB; at the default target the
// collector runs many times over that garbage, which costs about a third
// of a one-file lint. The default returns as soon as the policies are
// compiled (EndStartup), or a lint bounds its memory instead (Bound).
const startupGCPercent = 400

// gcState is how podlint has set the collector. A user who sets GOGC or
// GOMEMLIMIT keeps the runtime's own behaviour.
var gcState struct {
	mu         sync.Mutex
	raisedFrom *int // the target before RaiseForStartup; nil when not raised
	bounded    bool // Bound took over
}

// RaiseForStartup raises the collector's target, unless the user chose one
// with GOGC.
func RaiseForStartup() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	gcState.mu.Lock()
	defer gcState.mu.Unlock()
	if !gcState.bounded {
		prev := debug.SetGCPercent(startupGCPercent)
		gcState.raisedFrom = &prev
	}
}

// EndStartup puts the collector's target back once start-up is over, unless
// Bound has taken over.
func EndStartup() {
	gcState.mu.Lock()
	defer gcState.mu.Unlock()
	if gcState.raisedFrom != nil && !gcState.bounded {
		debug.SetGCPercent(*gcState.raisedFrom)
	}
	gcState.raisedFrom = nil
}

// memoryFloor is the memory a lint may use before its first collection.
// A lint allocates far more than it keeps: a lint of the corpus of 4,000
// documents allocates about 300 MB and keeps about 20 MB. At the default
// target the collector runs every time the heap doubles, 37 times over the
// corpus; up to this floor, it runs only when the heap reaches it, 7 times.
const memoryFloor = 100 << 20

// Bound makes a lint collect garbage when its heap reaches
// memoryFloor or twice its live heap, whichever is larger, and not before:
// the collector's target is turned off and the soft memory limit follows
// the live heap after every collection. Past the floor that is what the
// default target does; under it, a run of any size up to 20,000 documents
// stays under 150 MB and collects a fraction as often. In a container
// whose memory is limited, the floor is a quarter of that limit.
func Bound() {
	_, gogc := os.LookupEnv("GOGC")
	_, limit := os.LookupEnv("GOMEMLIMIT")
	if gogc || limit {
		return
	}
	gcState.mu.Lock()
	defer gcState.mu.Unlock()
	if gcState.bounded {
		return
	}
	gcState.bounded = true
	floor := int64(memoryFloor)
	if c, ok := cgroupMemoryLimit(); ok {
		floor = min(floor, c/4)
	}
	debug.SetMemoryLimit(floor)
	debug.SetGCPercent(-1)
	followLiveHeap(floor)
}

// gcSentinel is allocated to be collected: its cleanup runs after each
// collection.
type gcSentinel struct{ _ *int }

// followLiveHeap sets the memory limit to twice the live heap, or floor,
// after every collection until the process ends.
func followLiveHeap(floor int64) {
	runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		live := int64(sample[0].Value.Uint64()) //nolint:gosec // a heap size fits an int64
		debug.SetMemoryLimit(max(floor, 2*live))
		followLiveHeap(floor)
	}, struct{}{})
}

// cgroupFiles hold the memory limit of the process's container: cgroup v2,
// then v1 (which says "no limit" with a huge number).
var cgroupFiles = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}

// cgroupMemoryLimit returns the memory limit of the container podlint runs
// in, if it has one.
func cgroupMemoryLimit() (int64, bool) {
	for _, f := range cgroupFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil || n <= 0 || n >= 1<<50 {
			return 0, false // "max", or v1's stand-in for no limit
		}
		return n, true
	}
	return 0, false
}
