package preread

import (
	"strings"
)

// Mailbox is preread's own address and how sub-addresses are written on it:
// people write to LOCAL+status.TOKEN@DOMAIN and LOCAL+agenda.TOKEN@DOMAIN,
// and invite LOCAL+calendar.TOKEN@DOMAIN to their 1:1s.
type Mailbox struct {
	Address   string // preread@corp.example
	Separator string // "+" on most servers
}

// AddressKind is what a sub-address (or a subject tag) says a message is.
// It is the one vocabulary for both: "preread+status…@" and "[STATUS]".
type AddressKind string

// The kinds of sub-address. AddressNone is a message that carries none.
const (
	AddressNone   AddressKind = ""
	AddressStatus AddressKind = "status" // a daily status
	AddressAgenda AddressKind = "agenda" // a topic for the next 1:1
	AddressReply  AddressKind = "reply"  // a reply to a pre-read or a question, filed on the pair
	AddressBounce AddressKind = "bounce" // the envelope sender of what preread sends: auto-replies and bounces come back here
	// AddressCalendar is a guest of a 1:1 in a calendar: the calendar
	// server's invitations, updates and cancellations come here, with the
	// person's calendar-only token (every attendee sees it).
	AddressCalendar AddressKind = "calendar"
)

// SubAddress is what rides after the separator: the kind of mail, the
// sender's secret token, and (for a manager's agenda item) the report.
type SubAddress struct {
	Kind   AddressKind // as written, lower case
	Token  string
	Report string // a name or local part, as written
}

// Build writes the full address for a sub-address.
func (m Mailbox) Build(s SubAddress) string {
	local, domain, _ := strings.Cut(m.Address, "@")
	tag := string(s.Kind)
	for _, part := range []string{s.Token, s.Report} {
		if part != "" {
			tag += "." + part
		}
	}
	return local + m.Separator + tag + "@" + domain
}

// Parse reads the sub-address of addr; ok is false when addr is not one of
// this mailbox's sub-addresses. Parts are KIND[.TOKEN][.REPORT]; a part is
// taken as the token when isToken says it looks like one.
func (m Mailbox) Parse(addr string, isToken func(string) bool) (SubAddress, bool) {
	local, domain, _ := strings.Cut(CanonicalAddress(m.Address), "@")
	alocal, adomain, ok := strings.Cut(CanonicalAddress(addr), "@")
	if !ok || adomain != domain || !strings.HasPrefix(alocal, local+m.Separator) {
		return SubAddress{}, false
	}
	parts := strings.Split(alocal[len(local)+len(m.Separator):], ".")
	s := SubAddress{Kind: AddressKind(parts[0])}
	rest := parts[1:]
	if len(rest) > 0 && isToken(rest[0]) {
		s.Token, rest = rest[0], rest[1:]
	}
	s.Report = strings.Join(rest, ".")
	return s, s.Kind != ""
}

// LooksLikeToken reports whether s has the shape of a reply token: 16
// characters of lower-case base32.
func LooksLikeToken(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// PlainAddrSpec reports an address written local@domain, each an ASCII
// dot-atom (RFC 5322 §3.4.1: atoms of atext joined by single dots), which
// net/mail reads as it is written: the usual address, taken without
// asking net/mail (config's 100,000 people, every message's From and To).
func PlainAddrSpec(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && isDotAtom(local) && isDotAtom(domain)
}

// isDotAtom reports atoms of ASCII atext (RFC 5322 §3.2.3) joined by
// single dots.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>[]:;@\,"`, c) >= 0 {
			return false
		}
	}
	return true
}
