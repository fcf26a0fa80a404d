package main

import (
	"errors"
	"sync"
	"time"

	"github.com/preread/preread"
)

// monitor keeps what /healthz and /metrics say about the running parts that
// the database does not: the mailbox connection and the scheduler's ticks.
type monitor struct {
	mu          sync.Mutex
	connected   bool
	lastContact time.Time // the mailbox was last known reachable
	lastErr     error
	refused     bool      // the server refused the last login: not healthy, whatever the grace
	lastSync    time.Time // the last pass over the mailbox ended
	lastTick    time.Time // the scheduler last ran
	tickLag     time.Duration
}

func (m *monitor) mailboxState(connected bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.connected = connected
	if connected {
		m.lastContact = time.Now()
		m.refused = false
	}
	if err != nil {
		m.lastErr = err
		m.refused = errors.Is(err, preread.ErrLoginRefused)
	}
}

func (m *monitor) synced() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lastSync = time.Now()
	m.lastContact = m.lastSync
	m.connected = true
	m.refused = false
}

// ticked records a scheduler run and how late it came against interval.
func (m *monitor) ticked(interval time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if !m.lastTick.IsZero() {
		m.tickLag = max(0, now.Sub(m.lastTick)-interval)
	}
	m.lastTick = now
}

// mailbox reports whether the mailbox counts as reachable: connected now,
// or reached within grace, unless the server refused the login, which
// waiting will not mend.
func (m *monitor) mailbox(grace time.Duration) (ok, refused bool, lastContact time.Time, lastErr error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ok = m.connected || (!m.refused && !m.lastContact.IsZero() && time.Since(m.lastContact) < grace)
	return ok, m.refused, m.lastContact, m.lastErr
}

func (m *monitor) snapshot() (connected bool, lastSync time.Time, tickLag time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.connected, m.lastSync, m.tickLag
}
