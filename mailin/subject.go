package mailin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/preread/preread"
)

// SubjectTag strips reply and forward prefixes (Re:, AW:, Fwd:, WG:,
// "Re[2]:", "RE :"…) repeatedly from the start of subject, then looks for
// a tag there: "[STATUS]", "STATUS:", "[AGENDA]" or "AGENDA:", in any case.
// It returns the tag and the subject with the prefixes and the tag removed,
// trimmed, and whether a forward prefix (Fwd:, FW:, WG:, TR:, RV:,
// Doorst:) was among those stripped.
//
// A tag only counts at the start, after any prefixes: "Re: my status:
// update" has none. Prefixes after the tag go too, so a forward that was
// tagged by hand ("AGENDA: Fwd: Q3 plan") reads as tagged, forwarded and
// "Q3 plan". "AGENDA for Alice: …", with a name NamedReport accepts and a
// colon or dash after it, is an agenda tag too; its rest keeps "for Alice:
// …" for NamedReport.
func SubjectTag(subject string) (tag preread.AddressKind, rest string, forwarded bool) {
	s := strings.TrimSpace(subject)
	for {
		if r, fwd, ok := cutReplyPrefix(s); ok {
			s, forwarded = r, forwarded || fwd
			continue
		}
		// A repeated tag ("Re: [STATUS] Re: [STATUS] …") goes too; a
		// different one stays in the rest.
		if t, r, ok := cutTag(s); ok && (tag == preread.AddressNone || t == tag) {
			tag, s = t, r
			continue
		}
		break
	}
	if tag == preread.AddressNone {
		if r, ok := cutAgendaWord(s); ok {
			tag, s = preread.AddressAgenda, r
		}
	}
	return tag, strings.TrimSpace(s), forwarded
}

// replyPrefixKind says whether word (lower case, without its colon) is a
// reply or forward prefix, and which: English, German (AW, WG),
// Scandinavian (SV), Finnish (VS), French (TR, Réf.), Spanish (RV) and
// Dutch (Antw, Doorst).
func replyPrefixKind(word string) (known, forward bool) {
	switch word {
	case "re", "aw", "sv", "vs", "antw", "réf", "réf.":
		return true, false
	case "fwd", "fw", "wg", "tr", "rv", "doorst":
		return true, true
	}
	return false, false
}

// cutReplyPrefix removes one reply or forward prefix from the start of s,
// with an optional counter ("Re[2]:", "Re(2):") and spaces before the colon
// ("RE :", as French clients write it).
func cutReplyPrefix(s string) (rest string, forward, ok bool) {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i += n
	}
	known, forward := replyPrefixKind(strings.ToLower(s[:i]))
	if !known {
		return s, false, false
	}
	rest = cutReplyCounter(s[i:])
	rest = strings.TrimLeft(rest, " \t")
	switch {
	case strings.HasPrefix(rest, ":"):
		rest = rest[1:]
	case strings.HasPrefix(rest, "："): // full-width colon
		rest = rest[len("："):]
	default:
		return s, false, false
	}
	return strings.TrimLeft(rest, " \t"), forward, true
}

// cutReplyCounter removes a reply counter, "[2]" or "(2)", from the start
// of s.
func cutReplyCounter(s string) string {
	if len(s) < 3 || (s[0] != '[' && s[0] != '(') {
		return s
	}
	closer := byte(']')
	if s[0] == '(' {
		closer = ')'
	}
	i := 1
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 1 || i == len(s) || s[i] != closer {
		return s
	}
	return s[i+1:]
}

// cutTag removes a "[STATUS]", "STATUS:", "[AGENDA]" or "AGENDA:"
// tag from the start of s.
func cutTag(s string) (tag preread.AddressKind, rest string, ok bool) {
	for _, t := range []preread.AddressKind{preread.AddressStatus, preread.AddressAgenda} {
		name := string(t)
		n := len(name)
		if len(s) >= n+2 && s[0] == '[' && strings.EqualFold(s[1:1+n], name) && s[1+n] == ']' {
			rest = strings.TrimLeft(s[n+2:], " \t")
			rest = strings.TrimPrefix(rest, ":") // "[STATUS]: …"
			return t, strings.TrimLeft(rest, " \t"), true
		}
		if len(s) >= n && strings.EqualFold(s[:n], name) {
			rest = strings.TrimLeft(s[n:], " \t")
			if strings.HasPrefix(rest, ":") {
				return t, strings.TrimLeft(rest[1:], " \t"), true
			}
		}
	}
	return preread.AddressNone, s, false
}

// cutAgendaWord reads "AGENDA for Alice: …" at the start of s and
// returns s from "for" on. The name must pass NamedReport, and a colon or
// dash must follow it, so "Agenda for Monday" stays an ordinary subject.
func cutAgendaWord(s string) (rest string, ok bool) {
	const word = "agenda"
	if len(s) <= len(word) || !strings.EqualFold(s[:len(word)], word) || (s[len(word)] != ' ' && s[len(word)] != '\t') {
		return s, false
	}
	rest = strings.TrimLeft(s[len(word):], " \t")
	if _, _, ok := NamedReport(rest); !ok {
		return s, false
	}
	return rest, true
}
