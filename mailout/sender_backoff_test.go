package mailout

import (
	"errors"
	"io"
	"net/textproto"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	s := &Sender{}
	tests := []struct {
		attempts int
		max      time.Duration
	}{
		{0, time.Minute},
		{1, 2 * time.Minute},
		{2, 4 * time.Minute},
		{5, 32 * time.Minute},
		{6, time.Hour},
		{7, time.Hour},
		{1000, time.Hour},
	}
	for _, tt := range tests {
		for range 100 {
			if d := s.backoff(tt.attempts); d > tt.max || d < tt.max*3/4 {
				t.Fatalf("backoff(%d) = %s, want between %s and %s", tt.attempts, d, tt.max*3/4, tt.max)
			}
		}
	}
	s = &Sender{MinBackoff: time.Second, MaxBackoff: 10 * time.Second}
	if d := s.backoff(10); d > 10*time.Second || d < 7500*time.Millisecond {
		t.Errorf("backoff(10) with a 10s cap = %s, want 7.5s–10s", d)
	}
}

func TestSendErrorClassifies(t *testing.T) {
	tests := []struct {
		err       error
		permanent bool
		code      int
		lost      bool
		text      string
	}{
		{&textproto.Error{Code: 451, Msg: "4.3.0 try again"}, false, 451, false, "451 4.3.0 try again"},
		{&textproto.Error{Code: 421, Msg: "4.4.2 closing"}, false, 421, true, "421 4.4.2 closing"},
		{&textproto.Error{Code: 550, Msg: "5.1.1 user unknown"}, true, 550, false, "550 5.1.1 user unknown"},
		{&textproto.Error{Code: 554, Msg: "5.7.1 rejected\nby policy"}, true, 554, false, "554 5.7.1 rejected by policy"},
		{io.ErrUnexpectedEOF, false, 0, true, "data: unexpected EOF"},
	}
	for _, tt := range tests {
		se := sendError("data", tt.err)
		if se.Permanent != tt.permanent || se.Code != tt.code || se.sessionLost() != tt.lost || se.reason() != tt.text {
			t.Errorf("sendError(%v) = permanent %v, code %d, lost %v, %q; want %v, %d, %v, %q",
				tt.err, se.Permanent, se.Code, se.sessionLost(), se.reason(), tt.permanent, tt.code, tt.lost, tt.text)
		}
		if !errors.Is(se, tt.err) {
			t.Errorf("errors.Is(sendError(%v), itself) = false", tt.err)
		}
	}
}
