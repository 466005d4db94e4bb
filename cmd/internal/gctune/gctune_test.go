package gctune

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// TestBoundMemory checks that a lint turns the collector's target off and
// sets a soft memory limit that starts at the floor, rises to twice the
// live heap when that is larger, and comes back down when the heap
// shrinks; and that the end of start-up does not turn the target back on.
//
// It runs in a process of its own (the test binary again, with only this
// test): the package's other tests leave caches, goroutines and cleanups
// behind, and under load those delayed the collection cleanups the limit
// follows past the test's patience (it failed so in .ci/run twice).
func TestBoundMemory(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, set := os.LookupEnv(v); set {
			t.Skipf("%s is set: the runtime's own behaviour is kept", v)
		}
	}
	if os.Getenv("PODLINT_TEST_BOUND_MEMORY") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBoundMemory$", "-test.v")
		cmd.Env = append(os.Environ(), "PODLINT_TEST_BOUND_MEMORY=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestBoundMemory") {
			t.Fatalf("the test in its own process: %v\n%s", err, out)
		}
		return
	}
	RaiseForStartup()
	Bound()
	EndStartup() // the policies compiled after the lint began
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("GOGC is %d during a lint, want off", p)
	}
	floor := int64(memoryFloor)
	if c, ok := cgroupMemoryLimit(); ok {
		floor = min(floor, c/4)
	}
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	settle := func(want func(int64) bool) int64 {
		deadline := time.Now().Add(30 * time.Second) // a bound on waiting, generous for a loaded runner
		for {
			runtime.GC()
			if l := limit(); want(l) || time.Now().After(deadline) {
				return l
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// The package's other tests leave caches alive (compiled policies,
	// schemes), so "a small heap" is whatever is live now: the limit is
	// the floor, or twice that heap when it is larger.
	small := func(l int64) bool { return l == floor || (l > floor && l <= 2*liveHeap()+1<<20) }
	if l := settle(small); !small(l) {
		t.Fatalf("limit %d MiB with a small heap (%d MiB live), want %d", l>>20, liveHeap()>>20, floor>>20)
	}
	const live = 160 << 20
	big := make([][]byte, live>>20)
	for i := range big {
		big[i] = make([]byte, 1<<20)
	}
	if l := settle(func(l int64) bool { return l >= 2*live }); l < 2*live {
		t.Errorf("limit %d MiB with %d MiB live, want at least twice that", l>>20, live>>20)
	}
	runtime.KeepAlive(big) // and no longer
	if l := settle(small); !small(l) {
		t.Errorf("limit %d MiB once the heap shrank (%d MiB live), want %d", l>>20, liveHeap()>>20, floor>>20)
	}
}

// liveHeap is the live heap after the last collection.
func liveHeap() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	return int64(sample[0].Value.Uint64()) //nolint:gosec // a heap size fits an int64
}

func TestCgroupMemoryLimit(t *testing.T) {
	dir := t.TempDir()
	defer func(files []string) { cgroupFiles = files }(cgroupFiles)
	for _, tc := range []struct {
		content string
		want    int64
		ok      bool
	}{
		{"268435456\n", 256 << 20, true},
		{"max\n", 0, false},
		{"9223372036854771712\n", 0, false}, // cgroup v1 without a limit
		{"", 0, false},
	} {
		f := filepath.Join(dir, "memory.max")
		if err := os.WriteFile(f, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		cgroupFiles = []string{filepath.Join(dir, "missing"), f}
		if got, ok := cgroupMemoryLimit(); got != tc.want || ok != tc.ok {
			t.Errorf("%q: %d, %v; want %d, %v", tc.content, got, ok, tc.want, tc.ok)
		}
	}
}
