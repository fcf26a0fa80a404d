package config

import _ "embed"

// example is the commented config that `preread init` writes.
//
//go:embed example.yaml
var example string

// Example returns the commented example config that `preread init` writes:
// every field of the contract with a word on what it takes. Parse accepts it.
func Example() []byte { return []byte(example) }
