package mailin

import (
	"context"
	"fmt"
	"path"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/preread/preread/internal/probe"
)

// idleWait is how long the IDLE check waits for the server's news of a
// message appended on another connection. Servers that report at once do
// so within a second (Dovecot in about half of one).
const idleWait = 5 * time.Second

// probeIdle tells which kind of IDLE the server has, as the watcher will
// meet it: one connection idles in a scratch folder while another appends
// a message to it, and the time to the EXISTS says whether IDLE reports new
// mail at once or only on the server's own timer (Courier checks every 60
// s unless IMAP_ENHANCEDIDLE is set), in which case check_every bounds the
// wait. The scratch folder is deleted after.
func probeIdle(ctx context.Context, r *probe.Run, o ProbeOptions, ns Namespace) {
	const step = "imap idle"
	news := make(chan time.Time, 1)
	s := o.Server
	s.unilateral = &imapclient.UnilateralDataHandler{Mailbox: func(d *imapclient.UnilateralDataMailbox) {
		if d.NumMessages != nil && *d.NumMessages > 0 {
			select {
			case news <- time.Now():
			default:
			}
		}
	}}
	watcher, err := Dial(ctx, s)
	if err != nil {
		r.Fail(step, err, "a second login failed: serve keeps one connection, but check it")
		return
	}
	defer watcher.Close()
	c := watcher.c
	if !c.Caps().Has(imap.CapIdle) && !c.Caps().Has(imap.CapIMAP4rev2) {
		r.OK(step, "the server has no IDLE: serve asks for new mail every minute")
		return
	}
	scratch := ns.Name(path.Join(path.Dir(o.Folders.Processed), "idle-check"))
	if _, err := ensureFolder(c, nil, scratch); err != nil {
		r.Fail(step, err, fmt.Sprintf("could not create the scratch folder %s for the check", scratch))
		return
	}
	defer func() { _ = c.Delete(scratch).Wait() }()
	if _, err := c.Select(scratch, nil).Wait(); err != nil {
		r.Fail(step, err, fmt.Sprintf("could not select the scratch folder %s", scratch))
		return
	}
	idle, err := c.Idle()
	if err != nil {
		r.Fail(step, err, "the server offers IDLE but refused it")
		return
	}
	took, err := appendAndWait(ctx, o.Server, scratch, news)
	_ = idle.Close()
	_ = idle.Wait()
	checkEvery := or(o.CheckEvery, 30*time.Second)
	switch {
	case err != nil:
		r.Fail(step, err, fmt.Sprintf("could not append a test message to %s", scratch))
	case took > 0:
		r.OK(step, "reports new mail at once: EXISTS %s after a message was appended on another connection", took.Round(time.Millisecond))
	default:
		r.OK(step, "said nothing within %s of a new message: this server reports new mail on its own timer "+
			"(Courier: set IMAP_ENHANCEDIDLE=1 in its imapd config); serve ends IDLE for a check every %s "+
			"(mailbox.check_every), so mail waits at most that long", idleWait, checkEvery)
	}
}

// appendAndWait appends a small message to folder on a connection of its
// own and returns how long until news came; 0 when none came in idleWait.
func appendAndWait(ctx context.Context, s Server, folder string, news <-chan time.Time) (time.Duration, error) {
	writer, err := Dial(ctx, s)
	if err != nil {
		return 0, err
	}
	defer writer.Close()
	raw := []byte("From: preread <" + s.Username + ">\r\nSubject: preread IDLE check\r\n\r\nThis folder is deleted after the check.\r\n")
	start := time.Now()
	cmd := writer.c.Append(folder, int64(len(raw)), nil)
	if _, err := cmd.Write(raw); err != nil {
		return 0, err
	}
	if err := cmd.Close(); err != nil {
		return 0, err
	}
	if _, err := cmd.Wait(); err != nil {
		return 0, err
	}
	_ = writer.Logout()
	select {
	case at := <-news:
		return max(at.Sub(start), time.Millisecond), nil
	case <-time.After(idleWait):
		return 0, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
