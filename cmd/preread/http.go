package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// health settings: how long the mailbox may be out of reach, and how long
// a due email may wait, before /healthz says so.
type health struct {
	mailboxGrace time.Duration
	outboxStuck  time.Duration
}

// listen serves /healthz and /metrics on the config's listen address until
// ctx ends.
func (a *app) listen(ctx context.Context, mon *monitor, h health) (stop func(), err error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&metrics{a: a, mon: mon})
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		problems, report := a.checkHealth(r.Context(), mon, h)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if problems > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprint(w, report)
	})
	l, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (listen in %s): %w", a.cfg.Listen, a.cfg.Path, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http", "err", err)
		}
	}()
	a.log.Info("http listening", "addr", l.Addr().String())
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}, nil
}

// checkHealth runs the four checks and says how each went, one per line.
func (a *app) checkHealth(ctx context.Context, mon *monitor, h health) (problems int, report string) {
	var b strings.Builder
	check := func(name string, err error) {
		if err != nil {
			problems++
			fmt.Fprintf(&b, "%s: FAIL: %s\n", name, cleanLine(err.Error())) // may quote a server's answer
			return
		}
		fmt.Fprintf(&b, "%s: ok\n", name)
	}
	check("database", a.db.Writable(ctx))
	ok, refused, last, lastErr := mon.mailbox(h.mailboxGrace)
	var mailboxErr error
	switch {
	case refused:
		mailboxErr = fmt.Errorf("%s refused the login (fix the password or token; `preread check --connect` tries it): %v", a.cfg.Mailbox.IMAP, lastErr)
	case !ok:
		since := "never reached"
		if !last.IsZero() {
			since = "last reached " + time.Since(last).Round(time.Second).String() + " ago"
		}
		mailboxErr = fmt.Errorf("%s is out of reach (%s): %v", a.cfg.Mailbox.IMAP, since, lastErr)
	}
	check("mailbox", mailboxErr)
	var outboxErr error
	st, err := a.db.OutboxStats(ctx, a.now())
	switch {
	case err != nil:
		outboxErr = err
	case !st.OldestDue.IsZero() && a.now().Sub(st.OldestDue) > h.outboxStuck:
		outboxErr = fmt.Errorf("%d emails waiting; the oldest for %s (see `preread outbox`)", st.Pending,
			a.now().Sub(st.OldestDue).Round(time.Second))
	}
	check("outbox", outboxErr)
	check("moves", a.moveRefusals(ctx))
	return problems, b.String()
}

// moveRefusals says which result folders the server refuses copies to:
// their messages are filed but wait in the inbox until a try works.
func (a *app) moveRefusals(ctx context.Context) error {
	refusals, err := a.db.MoveRefusals(ctx)
	if err != nil || len(refusals) == 0 {
		return err
	}
	var each []string
	for _, r := range refusals {
		each = append(each, fmt.Sprintf("the server refuses copies to %s since %s (%d tries, next %s): %s", r.Folder,
			r.Since.Format(time.RFC3339), r.Attempts, r.NextTry.Format(time.RFC3339), r.Reason))
	}
	return fmt.Errorf("%s; the messages wait in %s (see `preread mail`)", strings.Join(each, "; "), a.cfg.Mailbox.Folder)
}

// metrics reads preread's numbers at each scrape: counts from the
// database, connection state and timings from the monitor.
type metrics struct {
	a   *app
	mon *monitor
}

var (
	messagesDesc  = prometheus.NewDesc("preread_messages_total", "Inbound messages recorded, by outcome.", []string{"outcome"}, nil)
	emailsDesc    = prometheus.NewDesc("preread_emails", "Emails in the outbox, by kind and state (pending, sent, failed, dropped).", []string{"kind", "state"}, nil)
	depthDesc     = prometheus.NewDesc("preread_outbox_depth", "Emails waiting to be sent.", nil, nil)
	oldestDesc    = prometheus.NewDesc("preread_outbox_oldest_due_seconds", "Age of the oldest email that is due and not sent; 0 when none.", nil, nil)
	lastSyncDesc  = prometheus.NewDesc("preread_mailbox_last_sync_timestamp_seconds", "When the last pass over the mailbox ended (Unix time).", nil, nil)
	connectedDesc = prometheus.NewDesc("preread_imap_connected", "1 while the IMAP connection is up.", nil, nil)
	lagDesc       = prometheus.NewDesc("preread_scheduler_lag_seconds", "How late the scheduler's last run came against its interval.", nil, nil)
	refusedDesc   = prometheus.NewDesc("preread_move_refusals", "Refusals in a row of copies to a result folder (a full quota, no permission); absent when the server takes them.", []string{"folder"}, nil)
)

func (m *metrics) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{messagesDesc, emailsDesc, depthDesc, oldestDesc, lastSyncDesc, connectedDesc, lagDesc, refusedDesc} {
		ch <- d
	}
}

func (m *metrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if counts, err := m.a.db.MessageCounts(ctx); err == nil {
		for outcome, n := range counts {
			ch <- prometheus.MustNewConstMetric(messagesDesc, prometheus.CounterValue, float64(n), string(outcome))
		}
	}
	now := m.a.now()
	if st, err := m.a.db.OutboxStats(ctx, now); err == nil {
		for k, n := range st.ByKindState {
			ch <- prometheus.MustNewConstMetric(emailsDesc, prometheus.GaugeValue, float64(n), k[0], k[1])
		}
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(st.Pending))
		age := 0.0
		if !st.OldestDue.IsZero() {
			age = now.Sub(st.OldestDue).Seconds()
		}
		ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age)
	}
	if refusals, err := m.a.db.MoveRefusals(ctx); err == nil {
		for _, r := range refusals {
			ch <- prometheus.MustNewConstMetric(refusedDesc, prometheus.GaugeValue, float64(r.Attempts), r.Folder)
		}
	}
	connected, lastSync, lag := m.mon.snapshot()
	up := 0.0
	if connected {
		up = 1
	}
	ch <- prometheus.MustNewConstMetric(connectedDesc, prometheus.GaugeValue, up)
	if !lastSync.IsZero() {
		ch <- prometheus.MustNewConstMetric(lastSyncDesc, prometheus.GaugeValue, float64(lastSync.UnixNano())/1e9)
	}
	ch <- prometheus.MustNewConstMetric(lagDesc, prometheus.GaugeValue, lag.Seconds())
}
