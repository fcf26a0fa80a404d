package preread

import "errors"

// ErrNotFound is returned when a looked-up person, pair or item does not exist.
var ErrNotFound = errors.New("not found")

// ErrNotBuilt is returned by a command or part that a later release fills in.
var ErrNotBuilt = errors.New("not built yet")
