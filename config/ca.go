package config

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// CA is a section's ca_file: the certificates of a private CA that the
// server's certificate may be issued by, trusted besides the system's
// roots. The zero value trusts the system's roots alone.
type CA struct {
	File  string              // as resolved against the config file's folder; "" when not set
	Certs []*x509.Certificate // the file's certificates, at least one
}

// maxCAFile bounds what ca_file may hold; a bundle of every public root is
// about 200 KB.
const maxCAFile = 4 << 20

// caFile reads and checks the PEM file that ca_file names: it must exist
// and hold certificates and nothing else, so a wrong file shows up in
// `preread check` rather than as a TLS failure at the first connection.
func (c *File) caFile(d *decoder, n *yaml.Node, path string) CA {
	name := d.str(n, path)
	if name == "" {
		return CA{}
	}
	file := name
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(c.Path), file)
	}
	certs, err := readCerts(file)
	if err != nil {
		d.add(n, path, "%v: want a PEM file of the CA's certificate (-----BEGIN CERTIFICATE-----)", err)
		return CA{}
	}
	return CA{File: file, Certs: certs}
}

// readCerts parses every PEM block of file as a certificate.
func readCerts(file string) ([]*x509.Certificate, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCAFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if len(data) > maxCAFile {
		return nil, fmt.Errorf("%s is over %d MB", file, maxCAFile>>20)
	}
	var certs []*x509.Certificate
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break // text around the blocks (a bundle's comments) is allowed
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("%s holds a %s, not only certificates", file, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: certificate %d: %w", file, len(certs)+1, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New(file + " holds no PEM certificate")
	}
	return certs, nil
}
