// Package config owns preread's config file, the YAML contract an admin
// writes: it loads the file, checks it (every problem at once, each as
// FILE:LINE: field: problem, read from yaml.v3's nodes), fills in the
// defaults, and turns the people, teams and pairs into a preread.Directory.
// Example is the commented file `preread init` writes.
//
// It imports only the standard library, gopkg.in/yaml.v3 and the root
// package's domain types: nothing else of preread's and no mail protocol
// library. It never reads the environment: the file names the variables
// that hold secrets (*_env), and the command that reads them passes its
// lookup to File.MissingEnv. Connecting to the servers is not its job.
package config
