package demo

import "time"

// action is what a person does with one email in the demo's week.
type action int

const (
	answerPrompt   action = iota // replies to the day's status prompt
	answerPreread                // the manager replies to a pre-read
	answerQuestion               // the report replies to the manager's question
	writeAgenda                  // writes a topic to their agenda address
	forwardAgenda                // forwards an email to their agenda address
	autoReply                    // their out-of-office answers the prompt
	outsider                     // bulk mail from outside the team
	command                      // a command (AWAY …) to their status address; NOTEBOOK to their agenda address
	answerFollowup               // the manager replies to the follow-up of a 1:1
)

// String names the act in the file names of received/.
func (a action) String() string {
	return [...]string{"status", "preread-reply", "answer", "agenda", "forward", "auto-reply", "newsletter", "command", "followup-reply"}[a]
}

// step is one email sent to preread during the week.
type step struct {
	day     time.Weekday
	clock   string // "09:14" in the author's own time zone
	who     string // the local part of their address; an outsider's whole address
	name    string // an outsider's display name
	act     action
	about   string // answerPreread, answerFollowup: the report whose pre-read or follow-up is answered
	subject string // new messages
	body    string
	client  *mailClient // else the person's own (writers)
	forward *forwardedMail
}

// script is what the team writes, Monday to Friday. Bob's blocker lasts
// four days; Dan is out on Tuesday and Wednesday without telling preread,
// so his mail server's out-of-office answers Tuesday's prompt and sets him
// away until he is back; Erin tells preread she is away on Wednesday.
// After Tuesday's 1:1 Carol answers its follow-up with two action items
// and a note, which open Thursday's pre-read; on Friday Alice asks for
// her notebook.
func script() []step {
	ny := mustZone("America/New_York")
	return []step{
		// Monday
		{day: time.Monday, clock: "09:41", who: "dan", act: answerPrompt,
			body: "Yesterday: finished the Tokyo failover drill, write-up is in the wiki\nToday: on-call handover, then the drill review with Erin\nBlockers: none"},
		{day: time.Monday, clock: "09:12", who: "bob", act: answerPrompt,
			body: "Yesterday: rolled the new ingress controller out to staging\nToday: TLS config for the public endpoints\nBlockers: waiting for the security review of the TLS change (SEC-412)"},
		{day: time.Monday, clock: "09:31", who: "erin", act: answerPrompt,
			body: "Yesterday I finished the Grafana dashboards for the queue latency alerts.\n\nToday I'm tuning the alert thresholds with the on-call folks. No blockers."},
		{day: time.Monday, clock: "11:40", who: "bob", act: writeAgenda, subject: "On-call handbook",
			body: "I can take the rewrite of the on-call handbook next sprint if nobody has it yet.\nIt has been out of date since the ingress move."},
		{day: time.Monday, clock: "08:05", who: "alice", act: forwardAgenda, subject: "Fwd: Billing API design review",
			body: "Priya's review of the billing API came in on Friday. Can we go through it?\nI'm not sure how to read the part about the rollout.",
			forward: &forwardedMail{fromName: "Priya Raman", from: "priya@payments.corp.example", to: "Alice Liddell <alice@corp.example>",
				date: time.Date(2026, time.November, 27, 11, 12, 0, 0, ny), subject: "Billing API design review",
				body: "Hi Alice,\n\nThe API shape looks good to me. Two things before we sign off:\n\n1. The rollout plan needs a fallback for the EU region.\n2. Please add idempotency keys to the refund endpoint.\n\nThanks,\nPriya"}},
		{day: time.Monday, clock: "09:14", who: "alice", act: answerPrompt,
			body: "Yesterday: dry run of the billing migration on the staging tenants, all green\nToday: cut-over plan for the first two production tenants\nBlockers: none so far"},
		{day: time.Monday, clock: "09:50", who: "alice", act: writeAgenda, subject: "Second reviewer for the cut-over plan",
			body: "I need a second reviewer for the billing cut-over plan by Wednesday, ideally someone who knows the ledger code. #help"},
		{day: time.Monday, clock: "18:20", who: "carol", act: answerPreread, about: "alice",
			body: "DONE 1\n\nI talked to Priya this afternoon: the rollout note is only about the EU region, and she's happy with the rest.\n\nOn the second reviewer: who would you ask? Sam knows the ledger code best, but he is on leave until the 9th."},
		{day: time.Monday, clock: "13:05", who: "alice", act: answerQuestion,
			body: "Priya, then? She knows the ledger side from the API review and offered to help. I'll ask her tomorrow if that works for you."},

		// Tuesday
		{day: time.Tuesday, clock: "09:01", who: "dan", act: autoReply, client: &exchangeOOO,
			body: "I'm out of the office with no access to email and back on Thursday 3 December.\nFor anything urgent, please contact Carol Danvers (carol@corp.example)."},
		{day: time.Tuesday, clock: "09:20", who: "bob", act: answerPrompt,
			body: "Yesterday: TLS config for the public endpoints, ready for review\nToday: ingress metrics, docs for the new controller\nBlockers: still waiting for the security review (SEC-412)"},
		{day: time.Tuesday, clock: "10:02", who: "erin", act: answerPrompt,
			body: "The alert thresholds are merged; the two noisiest alerts are gone.\n\nToday: the runbook for the queue latency alert. No blockers."},
		{day: time.Tuesday, clock: "11:13", who: "weekly@news.vendor.example", name: "Cloud Weekly", act: outsider, client: &bulkMailer, subject: "Your weekly cloud digest: 12 new features",
			body: "This week in Cloud Weekly: 12 new features, 3 deprecations and a webinar.\n\nUnsubscribe: https://news.vendor.example/unsubscribe?u=8812"},
		{day: time.Tuesday, clock: "18:10", who: "erin", act: command, subject: "AWAY Wednesday"},
		{day: time.Tuesday, clock: "17:20", who: "carol", act: answerFollowup, about: "alice",
			body: "ACTION Alice: send Priya the cut-over plan for review by Wed\nACTION me: ask Sam about the ledger tests when he is back\n\n" +
				"We agreed that Priya reviews the cut-over plan and that the second tenant waits for her review."},
		{day: time.Tuesday, clock: "09:05", who: "alice", act: answerPrompt,
			body: "Yesterday: cut-over plan drafted; Priya agreed to review it\nToday: first production tenant at 14:00\nBlockers: none"},

		// Wednesday
		{day: time.Wednesday, clock: "09:15", who: "bob", act: answerPrompt,
			body: "Yesterday: ingress metrics dashboard\nToday: 1:1 with Carol, then the controller docs\nBlockers: the security review of the TLS change (SEC-412), third day now"},
		{day: time.Wednesday, clock: "07:40", who: "alice", act: writeAgenda, client: &iPhoneMail, subject: "Conference talk",
			body: "I'd like to submit a talk to GopherCon EU about the billing migration. Would you support that, and could it count towards the staff engineer path? #growth"},
		{day: time.Wednesday, clock: "09:10", who: "alice", act: answerPrompt,
			body: "Yesterday: first production tenant migrated, no incidents\nToday: second tenant, then archiving the old billing tables\nBlockers: none"},
		{day: time.Wednesday, clock: "17:45", who: "carol", act: writeAgenda, subject: "Agenda for Dan: holiday on-call rota",
			body: "Let's settle who covers the Tokyo on-call over the holidays before the rota goes out on the 11th."},

		// Thursday
		{day: time.Thursday, clock: "09:25", who: "dan", act: answerPrompt,
			body: "Back from two days off.\n\nToday: catching up, then reviewing the failover drill write-up with Erin\nBlockers: none"},
		{day: time.Thursday, clock: "10:30", who: "dan", act: writeAgenda, subject: "Nightly batch",
			body: "What if we moved the nightly billing batch into Tokyo's working hours? Someone would be awake when it fails. #idea"},
		{day: time.Thursday, clock: "09:10", who: "bob", act: answerPrompt,
			body: "Yesterday: 1:1 with Carol, controller docs\nToday: more docs; pairing with Dan on the Tokyo ingress\nBlockers: SEC-412, the security review, still waiting (day four)"},
		{day: time.Thursday, clock: "09:40", who: "erin", act: answerPrompt,
			body: "Yesterday was the runbook for the queue latency alert; it is in review now.\n\nToday I'm helping Dan with the failover drill write-up. No blockers."},
		{day: time.Thursday, clock: "09:02", who: "alice", act: answerPrompt,
			body: "Yesterday: second tenant migrated, old billing tables archived\nToday: 1:1 with Carol, then the migration retro notes\nBlockers: none"},

		// Friday
		{day: time.Friday, clock: "09:30", who: "dan", act: answerPrompt,
			body: "Today: 1:1 with Carol, then writing up the nightly batch idea\nBlockers: none"},
		{day: time.Friday, clock: "09:05", who: "bob", act: answerPrompt,
			body: "Yesterday: SEC-412 came through late in the day, the TLS change is live\nToday: controller docs, on-call handbook outline\nBlockers: none"},
		{day: time.Friday, clock: "09:50", who: "erin", act: answerPrompt,
			body: "The runbook is merged.\n\nToday: getting the on-call handover ready for next week. No blockers."},
		{day: time.Friday, clock: "09:10", who: "alice", act: answerPrompt,
			body: "Yesterday: migration retro notes, shared with the payments team\nToday: the talk abstract for GopherCon EU\nBlockers: none"},
		{day: time.Friday, clock: "10:15", who: "alice", act: command, subject: "NOTEBOOK"},
	}
}

// address is the author's address.
func (s step) address() string {
	if s.act == outsider {
		return s.who
	}
	return s.who + "@corp.example"
}

// mailClient is the mail program the author writes this email with.
func (s step) mailClient() mailClient {
	if s.client != nil {
		return *s.client
	}
	return writers[s.who].client
}
