package main

import (
	"os"
	"runtime/debug"
)

// tuneGC trades some memory for CPU. A pass over thousands of messages
// allocates a lot and keeps little, so the collector runs at a quarter of
// Go's default rate, held back by a soft memory limit well under the
// 150 MB preread promises (BENCHMARKS.md). GOGC and GOMEMLIMIT in the
// environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
