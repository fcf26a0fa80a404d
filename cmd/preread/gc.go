package main

import (
	"os"
	"runtime/debug"
	rtmetrics "runtime/metrics"
)

// gcLimit is the soft memory limit for a small directory.
const gcLimit = 64 << 20

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
		debug.SetMemoryLimit(gcLimit)
	}
}

// fitGCLimit raises the soft memory limit above what the directory keeps
// live, once it is loaded: 100,000 people keep ~60 MB, and a limit at or
// under the live heap has the collector run all the time (start-up took
// 15 s of which most was collection). The limit becomes the live heap
// twice over, plus gcLimit for a pass's messages.
func fitGCLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	rtmetrics.Read(s)
	if s[0].Value.Kind() != rtmetrics.KindUint64 {
		return
	}
	debug.SetMemoryLimit(max(debug.SetMemoryLimit(-1), gcLimit+2*int64(s[0].Value.Uint64())))
}
