package probe

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
)

// CaptureTLS returns a TLS config that records the connection it verified,
// for the ok line, on top of base (nil for the system's roots).
func CaptureTLS(base *tls.Config, host string, state **tls.ConnectionState) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		c = base.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = host
	}
	c.VerifyConnection = func(cs tls.ConnectionState) error {
		*state = &cs
		return nil
	}
	return c
}

// DescribeTLS is the ok line of a verified TLS connection.
func DescribeTLS(cs *tls.ConnectionState) string {
	if cs == nil || len(cs.PeerCertificates) == 0 {
		return "encrypted"
	}
	leaf := cs.PeerCertificates[0]
	name := leaf.Subject.CommonName
	if len(leaf.DNSNames) > 0 {
		name = leaf.DNSNames[0]
	}
	issuer := leaf.Issuer.CommonName
	if issuer == "" && len(leaf.Issuer.Organization) > 0 {
		issuer = leaf.Issuer.Organization[0]
	}
	return fmt.Sprintf("%s, certificate for %s issued by %s, valid until %s",
		tls.VersionName(cs.Version), name, issuer, leaf.NotAfter.UTC().Format("2006-01-02"))
}

// TLSHint names the certificate problem in err and how to fix it.
func (e Endpoint) TLSHint(err error) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &unknown):
		section, _, _ := strings.Cut(e.Field, ".")
		return fmt.Sprintf("the certificate of %s is signed by an authority this machine does not trust (self-signed, or a private CA): "+
			"name that CA's PEM file in %s.ca_file, or install it (copy it to /usr/local/share/ca-certificates/ and run update-ca-certificates), "+
			"or give the server a public certificate", e.Host, section)
	case errors.As(err, &hostname):
		names := hostname.Certificate.DNSNames
		if len(names) == 0 {
			names = []string{hostname.Certificate.Subject.CommonName}
		}
		return fmt.Sprintf("the certificate is for %s, not %s: write one of those names in %s", strings.Join(names, ", "), e.Host, e.Field)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return fmt.Sprintf("the certificate of %s has expired or is not valid yet (valid %s to %s): renew it on the server, or fix this machine's clock",
			e.Host, invalid.Cert.NotBefore.UTC().Format("2006-01-02"), invalid.Cert.NotAfter.UTC().Format("2006-01-02"))
	case errors.As(err, &invalid):
		return fmt.Sprintf("the certificate of %s is not valid for a server: %s", e.Host, invalid.Detail)
	case errors.As(err, &record):
		return fmt.Sprintf("the server did not answer in TLS: port %s may be plain text or STARTTLS; %s", e.Port, e.UsualPorts())
	}
	return fmt.Sprintf("check that the security of %s matches its port: %s", e.Field, e.UsualPorts())
}
