package mailtest

import (
	"net"
	"sync"
	"testing"
)

// proxy is what the test proxies share: a loopback listener whose every
// connection is joined to a new one to target, handed to pair, and
// closed at t's cleanup.
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns []net.Conn
}

// startProxy listens on a free loopback port until t's cleanup and hands
// each client, with its connection to target, to pair.
func startProxy(t testing.TB, name, target string, pair func(client, server net.Conn)) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := &proxy{ln: ln, target: target}
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.serve(pair)
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
	})
	return p
}

// Addr is where clients connect.
func (p *proxy) Addr() string { return p.ln.Addr().String() }

func (p *proxy) serve(pair func(client, server net.Conn)) {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, client, server)
		p.mu.Unlock()
		pair(client, server)
	}
}
