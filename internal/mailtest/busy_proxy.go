package mailtest

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BusyProxy stands between an IMAP client and a server on loopback and,
// while Refuse has set an answer, answers UID FETCH commands itself with
// it ("NO [UNAVAILABLE] Try again later", as Gmail does at its bandwidth
// limit) instead of passing them on. Everything else passes through.
type BusyProxy struct {
	*proxy
	refusal atomic.Pointer[refusal]
}

// StartBusyProxy proxies to target (host:port) from a free loopback port
// until t's cleanup.
func StartBusyProxy(t testing.TB, target string) *BusyProxy {
	t.Helper()
	p := &BusyProxy{}
	p.proxy = startProxy(t, "busy proxy", target, func(client, server net.Conn) {
		var writing sync.Mutex // whole lines to the client, from the server or the proxy
		go p.fromClient(client, server, &writing)
		go fromServerLines(server, client, &writing)
	})
	return p
}

// refusal is what a BusyProxy answers, and to which UID FETCH.
type refusal struct {
	answer string
	only   string // the command holds it; "" for every UID FETCH
}

// Refuse answers the UID FETCH commands that hold only ("" for all) with
// answer from now on; an answer of "" passes them on again.
func (p *BusyProxy) Refuse(answer, only string) {
	p.refusal.Store(&refusal{answer: answer, only: only})
}

// fromClient passes the client's lines on, but for a UID FETCH while
// refusing, which it answers itself once the server has answered what
// came before (a pass waits for each FETCH's end before the next).
func (p *BusyProxy) fromClient(client, server net.Conn, writing *sync.Mutex) {
	defer server.Close()
	r := bufio.NewReader(client)
	for {
		line, err := r.ReadString('\n')
		if len(line) > 0 {
			f := strings.Fields(line)
			ref := p.refusal.Load()
			if ref != nil && ref.answer != "" && len(f) > 2 && strings.EqualFold(f[1], "UID") && strings.EqualFold(f[2], "FETCH") &&
				strings.Contains(line, ref.only) {
				time.Sleep(20 * time.Millisecond)
				writing.Lock()
				_, werr := client.Write([]byte(f[0] + " " + ref.answer + "\r\n"))
				writing.Unlock()
				if werr != nil {
					return
				}
			} else if _, werr := server.Write([]byte(line)); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// fromServerLines copies the server's bytes to the client a line at a
// time, each under writing.
func fromServerLines(server, client net.Conn, writing *sync.Mutex) {
	defer client.Close()
	r := bufio.NewReader(server)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			writing.Lock()
			_, werr := client.Write(line)
			writing.Unlock()
			if werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
