package mailtest

import (
	"bufio"
	"net"
	"regexp"
	"sync/atomic"
	"testing"
)

// LagProxy stands between an IMAP client and a server on loopback and
// holds back the untagged responses the server sends while the client is
// in IDLE (news of new mail, and anything that would carry it along) until
// the client ends IDLE, as servers whose IDLE only reports on their own
// timer do (Courier without IMAP_ENHANCEDIDLE). Everything else passes
// through unchanged; Withheld counts the EXISTS and RECENT held back.
type LagProxy struct {
	*proxy
	withheld atomic.Int64
}

// StartLagProxy proxies to target (host:port) from a free loopback port
// until t's cleanup.
func StartLagProxy(t testing.TB, target string) *LagProxy {
	t.Helper()
	p := &LagProxy{}
	p.proxy = startProxy(t, "lag proxy", target, func(client, server net.Conn) {
		var idling atomic.Bool
		go p.fromClient(client, server, &idling)
		go p.fromServer(server, client, &idling)
	})
	return p
}

// Withheld counts the responses held back so far.
func (p *LagProxy) Withheld() int { return int(p.withheld.Load()) }

var (
	idleCommand = regexp.MustCompile(`(?i)^\S+ IDLE\r?\n$`)
	doneCommand = regexp.MustCompile(`(?i)^DONE\r?\n$`)
	newMail     = regexp.MustCompile(`(?i)^\* \d+ (EXISTS|RECENT)\r?\n$`)
	untagged    = regexp.MustCompile(`^\* `)
)

// fromClient copies the client's lines, noting when IDLE starts and ends.
func (p *LagProxy) fromClient(client, server net.Conn, idling *atomic.Bool) {
	defer server.Close()
	r := bufio.NewReader(client)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			switch {
			case idleCommand.Match(line):
				idling.Store(true)
			case doneCommand.Match(line):
				idling.Store(false)
			}
			if _, werr := server.Write(line); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// fromServer copies the server's lines, holding news of new mail while
// the client idles and passing it on with the first line after IDLE.
func (p *LagProxy) fromServer(server, client net.Conn, idling *atomic.Bool) {
	defer client.Close()
	r := bufio.NewReader(server)
	var held []byte
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			switch {
			case idling.Load() && untagged.Match(line):
				if newMail.Match(line) {
					p.withheld.Add(1)
				}
				held = append(held, line...)
			default:
				if _, werr := client.Write(append(held, line...)); werr != nil {
					return
				}
				held = nil
			}
		}
		if err != nil {
			return
		}
	}
}
