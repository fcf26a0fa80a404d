package config

import (
	"regexp"
	"sort"

	"gopkg.in/yaml.v3"
)

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envVar reads the name of an environment variable that holds a secret.
func (c *File) envVar(d *decoder, n *yaml.Node, path string) string {
	name := d.str(n, path)
	if !envName.MatchString(name) {
		d.add(n, path, "want the name of an environment variable, like PREREAD_IMAP_PASSWORD, got %q", name)
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
			out = append(out, Problem{Line: v.node.Line, Field: v.path, Msg: "environment variable " + v.val + " is not set"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}
