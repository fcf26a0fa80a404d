package preread

import "errors"

// ErrNotFound is returned when a looked-up person, pair or item does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when a message was already recorded: nothing is
// filed twice.
var ErrDuplicate = errors.New("already recorded")

// ErrLoginRefused is returned when a server answered preread's login with a
// refusal (wrong password, revoked token, disabled account), as opposed to
// not being reached: trying again soon will not help.
var ErrLoginRefused = errors.New("login refused")
