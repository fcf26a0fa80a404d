package preread

import (
	"strings"
	"testing"
	"time"
)

func TestParseWeekday(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Weekday
		wantErr bool
	}{
		{"mon", time.Monday, false},
		{"Tue", time.Tuesday, false},
		{"WEDNESDAY", time.Wednesday, false},
		{"thursday", time.Thursday, false},
		{"sun", time.Sunday, false},
		{" sat ", time.Saturday, false},
		{"tues", 0, true},
		{"mo", 0, true},
		{"lundi", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseWeekday(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	_, err := ParseWeekday("tues")
	if want := `unknown weekday "tues": use mon, tue, wed, thu, fri, sat or sun`; err == nil || err.Error() != want {
		t.Errorf("ParseWeekday(%q) error = %v, want %q", "tues", err, want)
	}
}

func TestWeekdays(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"mon", "tue", "wed", "thu", "fri"}, "mon,tue,wed,thu,fri"},
		{[]string{"sun", "mon", "tue", "wed", "thu"}, "mon,tue,wed,thu,sun"},
		{[]string{"Friday", "fri", "MON"}, "mon,fri"},
		{nil, ""},
	}
	for _, tt := range tests {
		w, err := ParseWeekdays(tt.names)
		if err != nil || w.String() != tt.want {
			t.Errorf("ParseWeekdays(%q) = %q, %v; want %q", tt.names, w, err, tt.want)
		}
	}
	if DefaultWorkdays.String() != "mon,tue,wed,thu,fri" {
		t.Errorf("DefaultWorkdays = %q, want mon,tue,wed,thu,fri", DefaultWorkdays)
	}
	if w, err := ParseWeekdays([]string{"mon", "tues"}); err == nil {
		t.Errorf("ParseWeekdays([mon tues]) = %q, nil; want an error", w)
	}
	for w := Weekdays(1); w < 1<<7; w++ {
		back, err := ParseWeekdays(strings.Split(w.String(), ","))
		if err != nil || back != w {
			t.Errorf("ParseWeekdays(Split(%q)) = %d, %v; want %d", w, back, err, w)
		}
	}
}

func TestWorkdayBefore(t *testing.T) {
	sunToThu, _ := ParseWeekdays([]string{"sun", "mon", "tue", "wed", "thu"})
	christmas := []Date{{2026, 12, 24}, {2026, 12, 25}}
	tests := []struct {
		name   string
		cal    Calendar
		day    string
		want   string // "" means none
		wantOK bool
	}{
		{"monday to friday", Calendar{Workdays: DefaultWorkdays}, "2026-11-30", "2026-11-27", true},
		{"tuesday to monday", Calendar{Workdays: DefaultWorkdays}, "2026-11-24", "2026-11-23", true},
		{"sunday to friday", Calendar{Workdays: DefaultWorkdays}, "2026-11-29", "2026-11-27", true},
		{"across a holiday", Calendar{Workdays: DefaultWorkdays, Holidays: []Date{{2026, 11, 26}}}, "2026-11-27", "2026-11-25", true},
		{"across christmas", Calendar{Workdays: DefaultWorkdays, Holidays: christmas}, "2026-12-28", "2026-12-23", true},
		{"saturday after christmas", Calendar{Workdays: DefaultWorkdays, Holidays: christmas}, "2026-12-26", "2026-12-23", true},
		{"across new year", Calendar{Workdays: DefaultWorkdays, Holidays: []Date{{2027, 1, 1}}}, "2027-01-04", "2026-12-31", true},
		{"away is still a workday", Calendar{Workdays: DefaultWorkdays, Away: []DateRange{{Date{2026, 11, 23}, Date{2026, 11, 27}}}}, "2026-11-30", "2026-11-27", true},
		{"sun..thu: sunday to thursday", Calendar{Workdays: sunToThu}, "2026-11-29", "2026-11-26", true},
		{"sun..thu: friday to thursday", Calendar{Workdays: sunToThu}, "2026-11-27", "2026-11-26", true},
		{"sun..thu: monday to sunday", Calendar{Workdays: sunToThu}, "2026-11-30", "2026-11-29", true},
		{"no workdays", Calendar{}, "2026-11-30", "", false},
	}
	for _, tt := range tests {
		day := calDate(t, tt.day)
		got, ok := tt.cal.WorkdayBefore(day)
		var want Date
		if tt.want != "" {
			want = calDate(t, tt.want)
		}
		if got != want || ok != tt.wantOK {
			t.Errorf("%s: WorkdayBefore(%v) = %v, %v; want %v, %v", tt.name, day, got, ok, want, tt.wantOK)
		}
	}
}

func TestNextWorkday(t *testing.T) {
	cal := Calendar{Workdays: DefaultWorkdays, Holidays: []Date{{2026, 12, 24}, {2026, 12, 25}}}
	tests := []struct{ day, want string }{
		{"2026-11-24", "2026-11-24"}, // on, not after
		{"2026-11-28", "2026-11-30"},
		{"2026-12-24", "2026-12-28"},
		{"2026-12-26", "2026-12-28"},
	}
	for _, tt := range tests {
		day := calDate(t, tt.day)
		if got, ok := cal.NextWorkday(day); got != calDate(t, tt.want) || !ok {
			t.Errorf("NextWorkday(%v) = %v, %v; want %s, true", day, got, ok, tt.want)
		}
	}
	if got, ok := (Calendar{}).NextWorkday(Date{2026, 11, 24}); ok {
		t.Errorf("NextWorkday with no workdays = %v, true; want false", got)
	}
}

func TestAvailability(t *testing.T) {
	cal := Calendar{
		Workdays: DefaultWorkdays,
		Holidays: []Date{{2026, 12, 24}, {2026, 12, 25}},
		Away:     []DateRange{{Date{2026, 12, 21}, Date{2027, 1, 1}}, {Date{2027, 2, 3}, Date{2027, 2, 3}}},
	}
	tests := []struct {
		day                        string
		workday, away, isAvailable bool
	}{
		{"2026-12-18", true, false, true}, // Friday before
		{"2026-12-19", false, false, false},
		{"2026-12-21", true, true, false}, // first away day
		{"2026-12-24", false, true, false},
		{"2026-12-31", true, true, false},
		{"2027-01-01", true, true, false}, // last away day, across the year
		{"2027-01-04", true, false, true},
		{"2027-02-03", true, true, false}, // single-day range
		{"2027-02-04", true, false, true},
	}
	for _, tt := range tests {
		d := calDate(t, tt.day)
		if got := cal.IsWorkday(d); got != tt.workday {
			t.Errorf("IsWorkday(%v) = %v, want %v", d, got, tt.workday)
		}
		if got := cal.IsAway(d); got != tt.away {
			t.Errorf("IsAway(%v) = %v, want %v", d, got, tt.away)
		}
		if got := cal.IsAvailable(d); got != tt.isAvailable {
			t.Errorf("IsAvailable(%v) = %v, want %v", d, got, tt.isAvailable)
		}
	}
}

func TestToday(t *testing.T) {
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		loc  *time.Location
		want Date
	}{
		{calZone(t, "America/New_York"), Date{2026, 11, 24}},
		{calZone(t, "Europe/Berlin"), Date{2026, 11, 25}},
		{nil, Date{2026, 11, 25}},
	}
	for _, tt := range tests {
		if got := (Calendar{Location: tt.loc}).Today(now); got != tt.want {
			t.Errorf("Calendar{Location: %v}.Today(%v) = %v, want %v", tt.loc, now, got, tt.want)
		}
	}
}
