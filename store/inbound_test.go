package store

import (
	"fmt"
	"testing"
)

func TestUIDRunsCoverExactlyTheUIDs(t *testing.T) {
	got := uidRuns([]uint32{9, 3, 4, 5, 5, 12, 1, 4294967295, 4294967294})
	want := [][2]uint32{{1, 1}, {3, 5}, {9, 9}, {12, 12}, {4294967294, 4294967295}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("uidRuns = %v, want %v", got, want)
	}
}
