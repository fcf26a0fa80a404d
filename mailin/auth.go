package mailin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-msgauth/authres"
	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
	"golang.org/x/net/publicsuffix"
)

// authenticate says why a known sender's message can't be trusted, or ""
// when it can: a current token of the sender's own in the recipient
// sub-address, a DKIM, DMARC or aligned SPF pass recorded by the trusted
// server, or trust_from. A token that is not the sender's is refused even
// when another check would pass. notice is what to tell the sender at
// their directory address, when their own old token (replaced by
// rotate-token) shows it is them: it authenticates a notice, never a
// filing.
func (c *Classifier) authenticate(ctx context.Context, m *message.Message, sender preread.Person, subs []preread.SubAddress) (reason, notice string, err error) {
	for _, s := range subs {
		if s.Token == "" {
			continue
		}
		owner, current, err := c.tokens.owner(ctx, c.Lookup, s.Token)
		switch {
		case errors.Is(err, preread.ErrNotFound):
			return "unknown reply token in the address", "", nil
		case err != nil:
			return "", "", err
		case owner != sender.Email:
			return fmt.Sprintf("reply token of another person (%s) used by %s", owner, sender.Email), "", nil
		case !current:
			return "reply token was replaced by rotate-token; the sender must use their new address",
				"it went to an address with your old token, replaced since: use the address in your latest prompt (below)", nil
		}
		return "", "", nil
	}
	if c.AuthservID != "" && authResultsPass(m, c.AuthservID) {
		return "", "", nil
	}
	if c.TrustFrom {
		return "", "", nil
	}
	if c.AuthservID == "" {
		return "sender not authenticated: no reply token in the address, and no authserv_id configured to trust", "", nil
	}
	return fmt.Sprintf("sender not authenticated: no reply token in the address and no DKIM/DMARC pass from %s", c.AuthservID), "", nil
}

// authResultsPass reports a DKIM, DMARC or aligned SPF pass for the From
// domain in the Authentication-Results fields the trusted server added.
func authResultsPass(m *message.Message, authservID string) bool {
	from := domainOf(m.From.Address)
	if from == "" {
		return false
	}
	for _, v := range trustedResults(m, authservID) {
		// A result that fails to parse ends the list; those before it stand.
		_, results, _ := authres.Parse(v)
		for _, r := range results {
			if resultPasses(r, from) {
				return true
			}
		}
	}
	return false
}

// trustedResults returns the Authentication-Results fields the trusted
// server added, comments removed: those naming authservID from the topmost
// one down, as long as no Received field stands between them. Anyone can
// write such a field before the mail reaches that server; one below a
// Received came from outside (RFC 8601 §5). This keeps Gmail (one field,
// below its own Received lines) and a Postfix with one field per milter at
// the top, and drops a forged field further down.
func trustedResults(m *message.Message, authservID string) []string {
	var out []string
	receivedSince := false
	for _, f := range m.FieldsNamed("Received", "Authentication-Results") {
		if f.Name == "Received" {
			receivedSince = len(out) > 0
			continue
		}
		v := stripComments(f.Value)
		if !strings.EqualFold(authservIDOf(v), authservID) {
			continue
		}
		if receivedSince {
			break
		}
		out = append(out, v)
	}
	return out
}

// authservIDOf returns the authserv-id an Authentication-Results value
// starts with (before any version and the first ";").
func authservIDOf(v string) string {
	id, _, _ := strings.Cut(v, ";")
	if f := strings.Fields(id); len(f) > 0 {
		return f[0]
	}
	return ""
}

// resultPasses reports a pass that vouches for the From domain: DKIM
// signed by it or a domain aligned with it (header.d, else header.i's
// domain), DMARC for exactly it (header.from), or SPF for an aligned
// envelope sender. A pass that names no domain vouches for nothing.
func resultPasses(r authres.Result, from string) bool {
	switch r := r.(type) {
	case *authres.DKIMResult:
		d := unquote(r.Domain)
		if d == "" && strings.Contains(r.Identifier, "@") {
			d = domainOf(unquote(r.Identifier))
		}
		return r.Value == authres.ResultPass && aligned(from, d)
	case *authres.DMARCResult:
		return r.Value == authres.ResultPass && strings.EqualFold(unquote(r.From), from)
	case *authres.SPFResult:
		return r.Value == authres.ResultPass && aligned(from, domainOf(unquote(r.From)))
	}
	return false
}

// aligned reports whether domain d is the From domain or shares its
// organizational domain, by the public suffix list (relaxed alignment,
// RFC 7489 §3.1): mail.corp.example is aligned with corp.example, and
// evil.co.uk is not aligned with corp.co.uk.
func aligned(from, d string) bool {
	d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
	if d == "" {
		return false
	}
	if d == from {
		return true
	}
	a, errA := publicsuffix.EffectiveTLDPlusOne(from)
	b, errB := publicsuffix.EffectiveTLDPlusOne(d)
	return errA == nil && errB == nil && a == b
}

// stripComments removes RFC 5322 comments ("(2048-bit key; unprotected)"),
// which may hold semicolons the Authentication-Results parser would split
// on. Quoted strings are kept; comments nest.
func stripComments(v string) string {
	var b strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, r := range v {
		switch {
		case escaped:
			escaped = false
			if depth > 0 {
				continue
			}
		case r == '\\':
			escaped = true
			if depth > 0 {
				continue
			}
		case quoted:
			quoted = r != '"'
		case r == '"' && depth == 0:
			quoted = true
		case r == '(':
			depth++
			continue
		case r == ')' && depth > 0:
			depth--
			if depth == 0 {
				b.WriteByte(' ')
			}
			continue
		case depth > 0:
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unquote(s string) string {
	return strings.Trim(strings.TrimSpace(s), `"`)
}

// domainOf returns the domain of an address in lower case, or the whole
// value when it has no "@" (an SPF result may name a bare domain).
func domainOf(addr string) string {
	return strings.ToLower(addr[strings.LastIndex(addr, "@")+1:])
}
