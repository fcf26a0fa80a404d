package main

import (
	"os"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
)

// gcLimit is the soft memory limit for a small directory. At 64 MB a pass
// with 25 MB messages peaked at 103 MB resident, at 56 MB at 78 MB with
// the same CPU a message; at 48 MB CPU went up by a tenth
// (BENCHMARKS.md).
const gcLimit = 56 << 20

// startGCLimit is the soft memory limit while the config is read and the
// directory synced, before fitGCLimit: reading 100,000 people keeps
// ~100 MB live for a moment, and under a lower limit the collector ran
// through most of the start-up (BENCHMARKS.md, "100,000 people"). A small
// directory never comes near it.
const startGCLimit = 256 << 20

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
		debug.SetMemoryLimit(startGCLimit)
	}
}

// fitGCLimit sets the soft memory limit above what the directory keeps
// live, once it is loaded: 100,000 people keep ~60 MB, and a limit at or
// under the live heap has the collector run all the time (start-up took
// 15 s of which most was collection). The limit becomes the live heap
// twice over, plus gcLimit for a pass's messages.
func fitGCLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	rtmetrics.Read(s)
	if s[0].Value.Kind() != rtmetrics.KindUint64 || s[1].Value.Kind() != rtmetrics.KindUint64 {
		return
	}
	if s[1].Value.Uint64() > gcLimit {
		// Under the start-up limit the last collection may be long ago:
		// what is live now is only known after one more.
		runtime.GC()
		rtmetrics.Read(s)
	}
	debug.SetMemoryLimit(gcLimit + 2*int64(s[0].Value.Uint64()))
}

// raiseGCLimit puts the start-up limit back while a config is read again
// (SIGHUP); fitGCLimit lowers it after.
func raiseGCLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(max(debug.SetMemoryLimit(-1), startGCLimit))
	}
}
