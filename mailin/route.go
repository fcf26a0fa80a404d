package mailin

import (
	"fmt"
	"strings"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// route finds the pair an agenda item belongs to. A report's item goes to
// the pair with their manager; a manager's item names its report (in the
// sub-address, as "AGENDA for Alice:", or by copying the report in To/Cc).
// problem says why no single pair fits.
func (c *Classifier) route(in inbound, named string) (pair preread.Pair, problem string) {
	var asManager, asReport []preread.Pair
	for _, p := range c.Directory.PairsOf(in.sender.Email) {
		switch in.sender.Email {
		case p.Manager:
			asManager = append(asManager, p)
		case p.Report:
			asReport = append(asReport, p)
		}
	}
	if named != "" {
		for _, p := range asManager {
			if c.names(p.Report, named) {
				return p, ""
			}
		}
		return pair, fmt.Sprintf("%q is not one of your reports", named)
	}
	if copied := c.copiedReports(in.msg, asManager); len(copied) == 1 {
		return copied[0], ""
	}
	switch {
	case len(asManager) == 0 && len(asReport) == 1:
		return asReport[0], ""
	case len(asManager) == 1 && len(asReport) == 0:
		return asManager[0], ""
	case len(asManager) == 0 && len(asReport) == 0:
		return pair, "you are in no 1:1 pair"
	}
	return pair, "it names no report, and you have more than one 1:1"
}

// names reports whether a name written by a manager means this report: their
// address, an alias, its local part, their full name or first name.
func (c *Classifier) names(report, name string) bool {
	p, ok := c.Directory.Person(report)
	if !ok {
		return false
	}
	name = strings.ToLower(strings.TrimSpace(name))
	for _, a := range p.Addresses() {
		local, _, _ := strings.Cut(a, "@")
		if name == a || name == local {
			return true
		}
	}
	return name == strings.ToLower(p.Name) || name == strings.ToLower(p.FirstName())
}

// copiedReports lists the manager's pairs whose report is in To or Cc.
func (c *Classifier) copiedReports(m *message.Message, pairs []preread.Pair) []preread.Pair {
	var out []preread.Pair
	for _, p := range pairs {
		report, ok := c.Directory.Person(p.Report)
		if !ok {
			continue
		}
		for _, a := range append(append([]string(nil), addressesOf(m.To)...), addressesOf(m.Cc)...) {
			if contains(report.Addresses(), a) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
