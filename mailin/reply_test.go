package mailin

import (
	"slices"
	"testing"
)

func TestSplitDone(t *testing.T) {
	cases := []struct {
		in   string
		nums []int
		rest string
	}{
		{"DONE 2", []int{2}, ""},
		{"done 2, 5", []int{2, 5}, ""},
		{"DONE 2 and 5.", []int{2, 5}, ""},
		{"Done: #3 & #4", []int{3, 4}, ""},
		{"DONE 1\nWhat about the offsite?", []int{1}, "What about the offsite?"},
		{"Is this done 2 weeks from now?", nil, "Is this done 2 weeks from now?"},
		{"DONE", nil, "DONE"},
		{"We are done 2", nil, "We are done 2"},
	}
	for _, tc := range cases {
		nums, rest := splitDone(tc.in)
		if !slices.Equal(nums, tc.nums) || rest != tc.rest {
			t.Errorf("splitDone(%q) = %v, %q; want %v, %q", tc.in, nums, rest, tc.nums, tc.rest)
		}
	}
}
