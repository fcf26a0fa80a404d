package config

import (
	"regexp"
	"sort"

	"gopkg.in/yaml.v3"
)

var (
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// plainEnvName is a name as environment variables are usually
	// written, which a password hardly is: only such a name is repeated
	// in a problem.
	plainEnvName = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
)

// envVar reads the name of an environment variable that holds a secret.
// An admin may have written the secret itself there, so a value that is no
// variable name is never repeated in the problem.
func (c *File) envVar(d *decoder, n *yaml.Node, path string) string {
	name := d.str(n, path)
	if !envName.MatchString(name) {
		d.add(n, path, "want the name of an environment variable, like PREREAD_IMAP_PASSWORD "+
			"(the value is not shown: the secret goes in the environment, its name here)")
		return name
	}
	c.envVars = append(c.envVars, located{name, resolve(n), path})
	return name
}

// MissingEnv lists, in line order, the *_env variables that getenv does not
// find, as problems. The package never reads the environment itself: the
// caller passes os.Getenv or a stand-in.
func (c *File) MissingEnv(getenv func(string) string) []Problem {
	var out []Problem
	for _, v := range c.envVars {
		if getenv(v.val) == "" {
			msg := "environment variable " + v.val + " is not set"
			if !plainEnvName.MatchString(v.val) {
				msg = "the environment variable it names is not set (a name in lower case is not shown: it may be the secret itself)"
			}
			out = append(out, Problem{Line: v.node.Line, Field: v.path, Msg: msg})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}
