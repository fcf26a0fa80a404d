package preread

// Auth is how preread logs in to the mailbox or the relay, as the config's
// auth names it.
type Auth string

// The ways to log in: a password, or an OAuth2 access token sent with the
// SASL mechanism of that name (internal/oauth runs them).
const (
	AuthPassword    Auth = "password"
	AuthXOAuth2     Auth = "xoauth2"
	AuthOAuthBearer Auth = "oauthbearer"
)
