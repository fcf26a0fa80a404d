//go:build race

package message

// raceEnabled: the race detector slows code down several times, so tests
// that bound time skip their bound under it.
const raceEnabled = true
