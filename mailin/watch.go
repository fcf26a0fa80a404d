package mailin

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
)

// Watcher keeps the mailbox read: it holds one connection in IDLE (or
// polls where the server has no IDLE), runs a pass whenever mail arrives,
// and reconnects with capped exponential back-off and jitter after any drop.
type Watcher struct {
	Server     Server
	Syncer     *Syncer
	Log        *slog.Logger
	IdleRenew  time.Duration                   // restart IDLE this often, under the 29 minutes of RFC 2177; 25m when 0
	Poll       time.Duration                   // pass interval without IDLE; 1m when 0
	CheckEvery time.Duration                   // end IDLE with a NOOP this often when no notice came, for servers whose IDLE lags; 30s when 0
	MinBackoff time.Duration                   // first wait after a drop; 1s when 0
	MaxBackoff time.Duration                   // longest wait; 5m when 0
	OnPass     func(Stats)                     // called after each pass; nil for none
	OnState    func(connected bool, err error) // called when the connection comes up or goes down (err is preread.ErrLoginRefused when the login was); nil for none
}

func (w *Watcher) state(connected bool, err error) {
	if w.OnState != nil {
		w.OnState(connected, err)
	}
}

// Run watches until ctx ends; it returns nil then. Errors are logged and
// retried, never returned.
func (w *Watcher) Run(ctx context.Context) error {
	backoff := or(w.MinBackoff, time.Second)
	for ctx.Err() == nil {
		started := time.Now()
		err := w.session(ctx)
		w.state(false, err)
		if ctx.Err() != nil {
			return nil
		}
		if time.Since(started) > time.Minute {
			backoff = or(w.MinBackoff, time.Second) // it worked for a while: start over
		}
		wait := backoff/2 + rand.N(backoff/2+1) // jitter, so many clients don't return at once
		if errors.Is(err, preread.ErrLoginRefused) {
			// Not the network: the password or token is wrong, and stays
			// wrong until someone fixes it.
			w.Log.Error("login refused", "addr", w.Server.Addr, "username", w.Server.Username, "err", err, "retry_in", wait.Round(time.Millisecond))
		} else {
			w.Log.Warn("mailbox connection lost; reconnecting", "addr", w.Server.Addr, "err", err, "retry_in", wait.Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(backoff*2, or(w.MaxBackoff, 5*time.Minute))
	}
	return nil
}

// session is the life of one connection: pass, wait for mail, pass again.
func (w *Watcher) session(ctx context.Context) error {
	wake := make(chan struct{}, 1)
	server := w.Server
	server.unilateral = &imapclient.UnilateralDataHandler{
		Mailbox: func(data *imapclient.UnilateralDataMailbox) {
			if data.NumMessages != nil {
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		},
	}
	conn, err := Dial(ctx, server)
	if err != nil {
		return err
	}
	defer conn.Close()
	c := conn.c
	idle := c.Caps().Has(imap.CapIdle) || c.Caps().Has(imap.CapIMAP4rev2)
	w.Log.Info("mailbox connected", "addr", w.Server.Addr, "idle", idle)
	w.state(true, nil)
	for {
		// Sync before and after each wait, so mail that came while busy is read.
		stats, err := w.Syncer.Pass(ctx, conn)
		if err != nil {
			return err
		}
		if w.OnPass != nil {
			w.OnPass(stats)
		}
		if idle {
			err = w.idle(ctx, c, wake)
		} else {
			err = w.poll(ctx, c)
		}
		if err != nil || ctx.Err() != nil {
			return err
		}
	}
}

// idle waits in IDLE for new mail, the renewal time, shutdown or a drop.
// Some servers say nothing in IDLE until their own timer (Courier checks
// every 60 s): every CheckEvery without a notice, IDLE ends for a NOOP,
// whose answer carries any EXISTS the server held back, so mail waits at
// most that long on any server. The same check ends the wait when a move
// the server refused is due again.
func (w *Watcher) idle(ctx context.Context, c *imapclient.Client, wake <-chan struct{}) error {
	renew := time.NewTimer(or(w.IdleRenew, 25*time.Minute))
	defer renew.Stop()
	for {
		checked, err := w.idleOnce(ctx, c, wake, renew.C)
		if err != nil || !checked {
			return err
		}
		if err := c.Noop().Wait(); err != nil {
			return err
		}
		select {
		case <-wake:
			return nil
		default:
		}
		// A move the server refused is due again: a pass tries it.
		if next := w.Syncer.NextMoveTry(); !next.IsZero() && !w.Syncer.now().Before(next) {
			return nil
		}
	}
}

// idleOnce runs one IDLE command until mail, renewal, shutdown or the
// check interval; checked says the interval ended it.
func (w *Watcher) idleOnce(ctx context.Context, c *imapclient.Client, wake <-chan struct{}, renew <-chan time.Time) (checked bool, err error) {
	cmd, err := c.Idle()
	if err != nil {
		return false, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	check := time.NewTimer(or(w.CheckEvery, 30*time.Second))
	defer check.Stop()
	select {
	case <-wake:
	case <-renew:
	case <-check.C:
		checked = true
	case <-ctx.Done():
	case err := <-done:
		return false, idleEnded(err)
	case <-c.Closed():
		return false, errors.New("server closed the connection")
	}
	if err := cmd.Close(); err != nil {
		return false, err
	}
	return checked, <-done
}

// poll waits for the next pass on a server without IDLE, checking the
// connection is alive.
func (w *Watcher) poll(ctx context.Context, c *imapclient.Client) error {
	select {
	case <-ctx.Done():
		return nil
	case <-c.Closed():
		return errors.New("server closed the connection")
	case <-time.After(or(w.Poll, time.Minute)):
		return c.Noop().Wait()
	}
}

func idleEnded(err error) error {
	if err == nil {
		return errors.New("server ended IDLE")
	}
	return err
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
