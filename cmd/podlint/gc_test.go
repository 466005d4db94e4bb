package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestBoundMemory checks that a lint's soft memory limit starts at
// memoryFloor, rises to twice the live heap when that is larger, and comes
// back down when the heap shrinks.
func TestBoundMemory(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, set := os.LookupEnv(v); set {
			t.Skipf("%s is set: the runtime's own behaviour is kept", v)
		}
	}
	boundMemory()
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	settle := func(want func(int64) bool) int64 {
		deadline := time.Now().Add(5 * time.Second)
		for {
			runtime.GC()
			if l := limit(); want(l) || time.Now().After(deadline) {
				return l
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if l := settle(func(l int64) bool { return l == memoryFloor }); l != memoryFloor {
		t.Fatalf("limit %d MiB with a small heap, want %d", l>>20, memoryFloor>>20)
	}
	big := make([][]byte, 160)
	for i := range big {
		big[i] = make([]byte, 1<<20)
	}
	if l := settle(func(l int64) bool { return l >= 2*160<<20 }); l < 2*160<<20 {
		t.Errorf("limit %d MiB with 160 MiB live, want at least 320", l>>20)
	}
	runtime.KeepAlive(big) // and no longer
	if l := settle(func(l int64) bool { return l == memoryFloor }); l != memoryFloor {
		t.Errorf("limit %d MiB once the heap shrank, want %d", l>>20, memoryFloor>>20)
	}
}
