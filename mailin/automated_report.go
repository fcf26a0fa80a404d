package mailin

import (
	"regexp"
	"strings"

	"github.com/preread/preread/internal/ascii"
)

// dsnField matches a field of a delivery status notification (RFC 3464)
// at the start of a line, with a value of the right shape where it can
// be told; reportField the fields of a feedback report (RFC 5965) and a
// read receipt (RFC 8098).
var (
	dsnField    = regexp.MustCompile(`(?im)^[ \t]*(` + strings.Join(dsnNames, "|") + `)[ \t]*:[ \t]*(\S.*)?$`)
	dsnAction   = regexp.MustCompile(`(?i)^(failed|delayed|delivered|relayed|expanded)\b`)
	dsnStatus   = regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}\b`)
	reportField = regexp.MustCompile(`(?im)^[ \t]*(feedback-type[ \t]*:[ \t]*(abuse|fraud|virus|other|not-spam|auth-failure|opt-out)|disposition[ \t]*:[ \t]*(manual|automatic)-action/mdn-sent-(manually|automatically))\b`)
)

// dsnFields counts the different DSN fields in text: Action and Status
// count only with a value of theirs ("failed", "5.1.1").
func dsnFields(text string) int {
	var seen map[string]bool
	var buf [32]byte
	eachLineWhere(text, dsnFieldFirst, func(line string, _ int) bool {
		name, _, ok := strings.Cut(line, ":")
		if !ok {
			return false // a field has a colon
		}
		// The names are ASCII; a name that is not may still match, as (?i)
		// folds ſ into s and K (Kelvin) into k: the regexp decides then.
		if name = strings.TrimSpace(name); ascii.Is(name) && !dsnFieldNames[string(ascii.AppendLower(buf[:0], name))] {
			return false
		}
		f := dsnField.FindStringSubmatch(line)
		if f == nil {
			return false
		}
		name, value := strings.ToLower(f[1]), strings.TrimSpace(f[2])
		if name == "action" && !dsnAction.MatchString(value) || name == "status" && !dsnStatus.MatchString(value) {
			return false
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[name] = true
		return false
	})
	return len(seen)
}

// dsnNames are the names of the fields dsnField matches.
var dsnNames = []string{"final-recipient", "original-recipient", "reporting-mta", "received-from-mta", "arrival-date",
	"last-attempt-date", "diagnostic-code", "remote-mta", "will-retry-until", "x-postfix-queue-id", "x-postfix-sender",
	"original-envelope-id", "dsn-gateway", "x-actual-recipient", "action", "status"}

// dsnFieldNames are dsnNames as a set.
var dsnFieldNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range dsnNames {
		m[n] = true
	}
	return m
}()

// dsnFieldFirst are the letters dsnField's names start with, and the
// first byte of ſ, which (?i) takes for an s.
const dsnFieldFirst = "fFoOrRaAlLdDwWxXsS\xc5"

// reportFields: a delivery status, feedback or read-receipt report
// written into the text (a plain-text bounce, or one whose report part
// was text/plain).
func reportFields(own string) string {
	var f []string
	eachLineWhere(own, "fFdD", func(line string, _ int) bool {
		if !strings.Contains(line, ":") {
			return false // a field has one
		}
		f = reportField.FindStringSubmatch(line)
		return f != nil
	})
	if f != nil {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(f[1])), "feedback") {
			return "complaint (feedback report fields)"
		}
		return "read receipt (disposition fields)"
	}
	if dsnFields(own) >= 2 {
		return "bounce (delivery status fields)"
	}
	return ""
}

// reportPart: a report part (RFC 6522) inside a message that is not a
// multipart/report, as some gateways send them; mailin/message lists a
// part without a file name by its media type.
func reportPart(attachments []string) string {
	for _, a := range attachments {
		switch strings.ToLower(a) {
		case "message/delivery-status", "message/global-delivery-status", "text/rfc822-headers", "message/rfc822-headers":
			return "bounce (delivery-status part)"
		case "message/feedback-report":
			return "complaint (feedback-report part)"
		case "message/disposition-notification", "message/global-disposition-notification":
			return "read receipt (disposition-notification part)"
		}
	}
	return ""
}
