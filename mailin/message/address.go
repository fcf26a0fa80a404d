package message

import (
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"unicode"

	gomail "github.com/emersion/go-message/mail"

	"github.com/preread/preread"
)

// envelopeFields are the header fields MTAs add with the envelope
// recipient. With To and Cc, they name every recipient (GitLab routes by
// the same list).
var envelopeFields = []string{"Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"}

// parseFrom returns the first mailbox of the From field, its address in
// lower case. A null sender ("<>", RFC 5321 §4.5.5) and a bare local part
// ("MAILER-DAEMON") are accepted: bounces use them, and such an address
// never matches a person.
func parseFrom(values []string) (*mail.Address, error) {
	v := strings.TrimSpace(strings.Join(values, ", "))
	if v == "" {
		return nil, errNoFrom
	}
	addressList := parseAddressList(v)
	if len(addressList) == 0 {
		name, addr, ok := looseMailbox(v)
		if !ok {
			return nil, errors.New("malformed From: no address can be read from it")
		}
		addressList = []*mail.Address{{Name: name, Address: addr}}
	}
	a := addressList[0]
	if strings.ContainsFunc(a.Address, unicode.IsControl) {
		return nil, errors.New("malformed From: the address holds control characters")
	}
	return &mail.Address{Name: a.Name, Address: strings.ToLower(a.Address)}, nil
}

var (
	angleAddrRE = regexp.MustCompile(`<\s*([^<>\s]*)\s*>`)
	bareAddrRE  = regexp.MustCompile(`[^\s<>"(),;:\[\]]+@[^\s<>"(),;:\[\]]+`)
	localPartRE = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+\-/=?^_{|}~.]+$`)
	alnumRE     = regexp.MustCompile(`[A-Za-z0-9]`)
)

// looseMailbox finds a mailbox in an address that RFC 5322 parsing
// rejected: an angle address (even "<>" or one without a domain), an
// addr-spec anywhere in the text, or a lone word taken as a local part.
func looseMailbox(s string) (name, addr string, ok bool) {
	if m := angleAddrRE.FindStringSubmatchIndex(s); m != nil {
		name = decodeWords(strings.Trim(strings.TrimSpace(s[:m[0]]), `"' `))
		return name, s[m[2]:m[3]], true
	}
	if a := bareAddrRE.FindString(s); a != "" {
		return "", a, true
	}
	if t := strings.TrimSpace(s); localPartRE.MatchString(t) && alnumRE.MatchString(t) {
		return "", t, true
	}
	return "", "", false
}

// addressHeader parses every value of an address field, keeping the
// addresses that can be read and dropping the rest.
func addressHeader(values []string) []*mail.Address {
	var out []*mail.Address
	for _, v := range values {
		out = append(out, parseAddressList(v)...)
	}
	return out
}

// parseAddressList parses an address list strictly first, then piece by
// piece, so that one broken address does not lose the others.
func parseAddressList(v string) []*mail.Address {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	if l, ok := simpleAddressList(v); ok {
		return validAddrs(l)
	}
	if l, err := gomail.ParseAddressList(v); err == nil {
		return validAddrs(l)
	}
	var out []*mail.Address
	for _, piece := range splitAddresses(v) {
		if a, err := gomail.ParseAddress(piece); err == nil {
			out = append(out, a)
		} else if name, addr, ok := looseMailbox(piece); ok && addr != "" {
			out = append(out, &mail.Address{Name: name, Address: addr})
		}
	}
	return validAddrs(out)
}

// simpleAddressList parses the address lists most mail has, such as
// "Alice Example <alice@corp.example>, bob@corp.example", without
// net/mail's parser, which costs a dozen allocations an address: each
// address is an addr-spec of ASCII dot-atoms, bare or in angle brackets
// after a name of ASCII letters and digits, words one space apart. It
// reports false for anything else, which is left to net/mail, and gives
// what net/mail gives where it reports true (FuzzSimpleAddressList).
func simpleAddressList(v string) ([]*mail.Address, bool) {
	n := strings.Count(v, ",") + 1
	list := make([]*mail.Address, 0, n)
	addrs := make([]mail.Address, n)
	for i := range addrs {
		piece, rest, _ := strings.Cut(v, ",")
		v = rest
		piece = strings.Trim(piece, " ")
		name, spec := "", piece
		if strings.HasSuffix(piece, ">") {
			lt := strings.IndexByte(piece, '<')
			if lt < 0 {
				return nil, false
			}
			name, spec = strings.TrimRight(piece[:lt], " "), piece[lt+1:len(piece)-1]
			if !simpleName(name) {
				return nil, false
			}
		}
		if !preread.PlainAddrSpec(spec) {
			return nil, false
		}
		addrs[i] = mail.Address{Name: name, Address: spec}
		list = append(list, &addrs[i])
	}
	return list, true
}

// simpleName reports a display name of ASCII letters and digits, words
// one space apart, or none.
func simpleName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && i > 0 && s[i-1] != ' ' {
			continue
		}
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// validAddrs drops empty addresses and makes names valid UTF-8.
func validAddrs(l []*mail.Address) []*mail.Address {
	out := l[:0]
	for _, a := range l {
		if a == nil || a.Address == "" {
			continue
		}
		a.Name = oneLine(a.Name)
		a.Address = oneLine(a.Address)
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// splitAddresses splits an address list at the commas and semicolons that
// are outside quotes, comments and angle brackets.
func splitAddresses(v string) []string {
	var (
		out          []string
		start, depth int
		quoted, esc  bool
	)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(' || c == '<':
			depth++
		case (c == ')' || c == '>') && depth > 0:
			depth--
		case (c == ',' || c == ';') && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// recipients lists every address from To, Cc and the envelope fields,
// lower case, each once, in the order seen. To and Cc are read already.
func recipients(m *Message) []string {
	var out []string
	seen := map[string]bool{}
	add := func(addrs []*mail.Address) {
		for _, a := range addrs {
			addr := strings.ToLower(a.Address)
			if !seen[addr] {
				seen[addr] = true
				out = append(out, addr)
			}
		}
	}
	add(m.To)
	add(m.Cc)
	for _, key := range envelopeFields {
		add(addressHeader(m.Header[key]))
	}
	return out
}
