package mailin

import (
	"net/mail"
	"slices"

	"github.com/preread/preread"
	"github.com/preread/preread/mailin/message"
)

// help answers a known, authenticated sender whose message could not be
// filed: nothing is filed, and the reply of kind is due (digest keeps it to
// one a day for unclassified mail, one per message for an ambiguous agenda
// item).
func (c *Classifier) help(in inbound, p preread.Processed, problem string, kind preread.ReplyKind) preread.Processed {
	p = ignored(p, "%s", problem)
	p.Due = &preread.ReplyDue{Kind: kind, To: in.sender.Email, Problem: problem, Answers: answered(in.msg, p.Key), At: c.now()}
	return p
}

// answered is what a reply needs of the message it answers.
func answered(m *message.Message, key string) preread.Answered {
	return preread.Answered{Key: key, MessageID: m.MessageID, Subject: m.Subject, References: m.References}
}

// addressesOf lists the addresses of a header field, lower case.
func addressesOf(list []*mail.Address) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, preread.CanonicalAddress(a.Address))
	}
	return out
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
