package probe

import (
	"fmt"
	"strings"
)

// Provider recognises the big hosted mail services by their server names,
// for hints that name their settings (README: "Mail providers").
func Provider(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	has := func(domains ...string) bool {
		for _, d := range domains {
			if host == d || strings.HasSuffix(host, "."+d) {
				return true
			}
		}
		return false
	}
	switch {
	case has("gmail.com", "googlemail.com", "google.com"):
		return "google"
	case has("office365.com", "outlook.com", "office.com"):
		return "microsoft"
	case has("fastmail.com", "messagingengine.com"):
		return "fastmail"
	}
	return ""
}

// PasswordHint says what to check when a password login was refused.
func PasswordHint(provider, section, user, env string) string {
	switch provider {
	case "google":
		return fmt.Sprintf("Google refuses the account's own password here: turn on 2-Step Verification for %s and put an app password in $%s, "+
			"or use auth: xoauth2 (README, Google Workspace)", user, env)
	case "microsoft":
		return "Microsoft 365 no longer takes passwords over IMAP and SMTP: use auth: xoauth2 with a token_command (README, Microsoft 365)"
	case "fastmail":
		return fmt.Sprintf("Fastmail needs an app password (Settings → Privacy & Security → Manage app passwords) in $%s", env)
	}
	if env == "" {
		return fmt.Sprintf("set %s.password_env to the variable that holds the password of %s", section, user)
	}
	return fmt.Sprintf("check %s.username (%s) and the password in $%s", section, user, env)
}

// OAuthHint says what to check when the server refused the token.
func OAuthHint(provider, kind, user string) string {
	switch provider {
	case "google":
		return fmt.Sprintf("the token must be for %s with the scope https://mail.google.com/; a service account needs domain-wide delegation "+
			"of that scope and must act as the user (oauth2l fetch --email %s)", user, user)
	case "microsoft":
		perm := "IMAP.AccessAsApp"
		if kind == "smtp" {
			perm = "SMTP.SendAsApp"
		}
		return fmt.Sprintf("the token must come from the scope https://outlook.office365.com/.default for an app with the %s permission (admin consent given), "+
			"whose service principal has FullAccess to %s (New-ServicePrincipal, Add-MailboxPermission)", perm, user)
	}
	return fmt.Sprintf("the server refused the token: check that it is for %s, has not expired, and carries the scope the server wants for %s", user, strings.ToUpper(kind))
}
