package mailtest

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/preread/preread/internal/loopback"
)

// freePort asks the kernel for a currently unused TCP port on loopback.
// Another process may grab it before it is used; callers that hand it to an
// external server retry on "address in use".
func freePort() (int, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(loopback.Host, "0"))
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	return port, nil
}

// waitPortFree waits until port can be bound on loopback again, i.e. until
// every process that held its listening socket has exited.
func waitPortFree(port int, timeout time.Duration) error {
	addr := net.JoinHostPort(loopback.Host, strconv.Itoa(port))
	deadline := time.Now().Add(timeout)
	for {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return ln.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d still in use after %s: %w", port, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
