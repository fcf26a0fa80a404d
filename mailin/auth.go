package mailin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-msgauth/authres"
	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// authenticate says why a known sender's message can't be trusted, or ""
// when it can: a current token of the sender's own in the recipient
// sub-address, a DKIM, DMARC or aligned SPF pass recorded by the trusted
// server, or trust_from. A token that is not the sender's is refused even
// when another check would pass.
func (c *Classifier) authenticate(ctx context.Context, m *message.Message, sender preread.Person, subs []preread.SubAddress) (string, error) {
	for _, s := range subs {
		if s.Token == "" {
			continue
		}
		owner, current, err := c.tokens.owner(ctx, c.Lookup, s.Token)
		switch {
		case errors.Is(err, preread.ErrNotFound):
			return "unknown reply token in the address", nil
		case err != nil:
			return "", err
		case owner != sender.Email:
			return fmt.Sprintf("reply token of another person (%s) used by %s", owner, sender.Email), nil
		case !current:
			return "reply token was replaced by rotate-token; the sender must use their new address", nil
		}
		return "", nil
	}
	if c.AuthservID != "" && authResultsPass(m, c.AuthservID) {
		return "", nil
	}
	if c.TrustFrom {
		return "", nil
	}
	if c.AuthservID == "" {
		return "sender not authenticated: no reply token in the address, and no authserv_id configured to trust", nil
	}
	return fmt.Sprintf("sender not authenticated: no reply token in the address and no DKIM/DMARC pass from %s", c.AuthservID), nil
}

// authResultsPass reads the Authentication-Results headers added by the
// trusted server (RFC 8601) and ignores every other one, since anyone can
// write such a header before the mail reaches that server. The trusted
// server must remove or rename copies that claim its authserv-id (RFC 8601 §5).
func authResultsPass(m *message.Message, authservID string) bool {
	fromDomain := domainOf(m.From.Address)
	for _, v := range m.Header["Authentication-Results"] {
		id, results, err := authres.Parse(v)
		if err != nil || !strings.EqualFold(strings.TrimSpace(id), authservID) {
			continue
		}
		for _, r := range results {
			switch r := r.(type) {
			case *authres.DKIMResult:
				if r.Value == authres.ResultPass && aligned(fromDomain, r.Domain, r.Identifier) {
					return true
				}
			case *authres.DMARCResult:
				if r.Value == authres.ResultPass && (r.From == "" || strings.EqualFold(r.From, fromDomain)) {
					return true
				}
			case *authres.SPFResult:
				if r.Value == authres.ResultPass && r.From != "" && aligned(fromDomain, domainOf(r.From)) {
					return true
				}
			}
		}
	}
	return false
}

// aligned reports whether a signing domain matches the From domain or is a
// parent of it (relaxed alignment, RFC 7489 §3.1). A result that names no
// domain at all counts, as the trusted server vouched for it.
func aligned(fromDomain string, domains ...string) bool {
	named := false
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSpace(domainOf(d)))
		if d == "" {
			continue
		}
		named = true
		if fromDomain == d || strings.HasSuffix(fromDomain, "."+d) {
			return true
		}
	}
	return !named
}

func domainOf(addr string) string {
	return strings.ToLower(addr[strings.LastIndex(addr, "@")+1:])
}
