package preread

import "errors"

// ErrNotFound is returned when a looked-up person, pair or item does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when a message was already recorded: nothing is
// filed twice.
var ErrDuplicate = errors.New("already recorded")

// ErrInDirectory is returned when a person's data is to be erased while
// they are still in the directory: the next sync would bring them back.
var ErrInDirectory = errors.New("still in the directory")

// ErrErased is returned for a message whose record was erased (preread
// forget): it keeps only a hash of its key and is never read again.
var ErrErased = errors.New("erased")

// ErrLoginRefused is returned when a server answered preread's login with a
// refusal (wrong password, revoked token, disabled account), as opposed to
// not being reached: trying again soon will not help.
var ErrLoginRefused = errors.New("login refused")
