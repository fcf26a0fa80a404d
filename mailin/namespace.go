package mailin

import (
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Namespace is where a server keeps the account's own folders: the prefix
// of its personal namespace (RFC 2342; "INBOX." on Courier and Cyrus, ""
// on Dovecot and Gmail) and the hierarchy delimiter between levels.
type Namespace struct {
	Prefix string
	Delim  rune // 0 when the server has no hierarchy
}

// serverNamespace asks the server for its personal namespace (NAMESPACE,
// where it has it) and its delimiter (from NAMESPACE, else LIST "" "").
func serverNamespace(c *imapclient.Client) (Namespace, error) {
	var ns Namespace
	if c.Caps().Has(imap.CapNamespace) {
		data, err := c.Namespace().Wait()
		if err != nil {
			return ns, fmt.Errorf("namespace: %w", err)
		}
		if len(data.Personal) > 0 {
			ns.Prefix, ns.Delim = data.Personal[0].Prefix, data.Personal[0].Delim
		}
	}
	if ns.Delim == 0 {
		list, err := c.List("", "", nil).Collect()
		if err != nil {
			return ns, fmt.Errorf("list the hierarchy delimiter: %w", err)
		}
		for _, l := range list {
			if l.Delim != 0 {
				ns.Delim = l.Delim
			}
		}
	}
	return ns, nil
}

// Name maps a folder name as the config writes it, with / between levels
// ("preread/Processed"), to the server's ("INBOX.preread.Processed" on
// Courier). INBOX stays INBOX, and a name that already carries the
// server's prefix is taken as it is.
func (ns Namespace) Name(name string) string {
	if strings.EqualFold(name, "INBOX") {
		return name
	}
	if ns.Delim != 0 && ns.Delim != '/' {
		name = strings.ReplaceAll(name, "/", string(ns.Delim))
	}
	if ns.Prefix == "" || hasPrefixFold(name, ns.Prefix) {
		return name
	}
	return ns.Prefix + name
}

// Folders maps every folder of f to the server's names.
func (ns Namespace) Folders(f Folders) Folders {
	return Folders{Inbox: ns.Name(f.Inbox), Processed: ns.Name(f.Processed), Rejected: ns.Name(f.Rejected), Failed: ns.Name(f.Failed)}
}

// hasPrefixFold is strings.HasPrefix ignoring case, as INBOX is.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
