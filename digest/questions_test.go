package digest

import (
	"reflect"
	"testing"

	"github.com/preread/preread"
)

func TestQuestionPool(t *testing.T) {
	if len(questions) < 12 {
		t.Errorf("the pool has %d questions, want at least 12", len(questions))
	}
	per := map[preread.Category]int{}
	for i, q := range questions {
		per[q.Category]++
		if want := preread.Categories[i%len(preread.Categories)]; q.Category != want {
			t.Errorf("questions[%d] is about %s, want %s: the pool goes round the categories in order", i, q.Category, want)
		}
		if q.Manager == "" || q.Report == "" {
			t.Errorf("questions[%d] lacks a phrasing: %+v", i, q)
		}
	}
	for _, c := range preread.Categories {
		if per[c] < 2 {
			t.Errorf("category %s has %d questions, want at least 2", c, per[c])
		}
	}
}

func TestSuggestRotates(t *testing.T) {
	for week := -10; week < 120; week++ {
		this, next := suggest(week, false), suggest(week+1, false)
		if len(this) != suggestionCount {
			t.Fatalf("suggest(%d) = %q, want %d questions", week, this, suggestionCount)
		}
		if reflect.DeepEqual(this, next) {
			t.Errorf("suggest(%d) = suggest(%d) = %q, want a change each week", week, week+1, this)
		}
		seen := map[string]bool{}
		for _, q := range this {
			if seen[q] {
				t.Errorf("suggest(%d) = %q repeats a question", week, this)
			}
			seen[q] = true
		}
	}
	if m, r := suggest(5, false), suggest(5, true); reflect.DeepEqual(m, r) {
		t.Errorf("suggest(5) reads the same for the manager and the report: %q", m)
	}
}
