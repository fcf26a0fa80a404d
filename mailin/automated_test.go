package mailin

import (
	"os"
	"testing"

	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/mailin/message"
)

const parseCorpusDir = "../../shared/corpus"

// parseCorpusFile parses one corpus file.
func parseCorpusFile(t *testing.T, path string) (*message.Message, error) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return message.Parse(raw, 0)
}

func TestAutomatedCorpus(t *testing.T) {
	files := mailtest.CorpusFiles(t, parseCorpusDir,
		"sisimai_set_of_emails/bsd/*.eml",
		"sisimai_set_of_emails/not/rb-issue-368-bug.eml",
		"flanker/messages/bounce/*.eml",
		"flanker/messages/complaints/*.eml",
		"flanker/messages/disposition-notification.eml",
		"enmime/dsn/*.raw",
		"gitlab/emails/auto_reply.eml",
	)
	pass := 0
	for _, f := range files {
		m, err := parseCorpusFile(t, f)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", f, err)
			continue
		}
		if _, ok := Automated(m); !ok {
			t.Errorf("Automated(%s) = false, want true (From %v, Subject %q)", f, m.From, m.Subject)
			continue
		}
		pass++
	}
	t.Logf("automated: %d/%d", pass, len(files))
}

func TestAutomatedCorpusHuman(t *testing.T) {
	files := mailtest.CorpusFiles(t, parseCorpusDir, "sisimai_set_of_emails/not/is-not-bounce-*.eml", "flanker/messages/signed.eml")
	pass := 0
	for _, f := range files {
		m, err := parseCorpusFile(t, f)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", f, err)
			continue
		}
		if reason, ok := Automated(m); ok {
			t.Errorf("Automated(%s) = %q, true; want false", f, reason)
			continue
		}
		pass++
	}
	t.Logf("not automated: %d/%d", pass, len(files))
}
