package config

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/preread/preread"

	"gopkg.in/yaml.v3"
)

// decoder walks the YAML node tree and collects every problem it finds, so
// `preread check` can report them all at once.
type decoder struct {
	problems []Problem

	// A directory of 100,000 people names a few time zones and meeting
	// rules many times: each is read once, and shared (a Location per
	// person would also keep 100,000 copies of its tables).
	zones map[string]*time.Location
	rules map[ruleKey]ruleResult
}

type ruleKey struct {
	src string
	loc *time.Location
}

type ruleResult struct {
	rule preread.MeetingRule
	err  error
}

// zone loads a time zone by name, once per name.
func (d *decoder) zone(name string) (*time.Location, error) {
	if loc, ok := d.zones[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	if d.zones == nil {
		d.zones = map[string]*time.Location{}
	}
	d.zones[name] = loc
	return loc, nil
}

// meetingRule parses a meeting rule, once per text and zone: a rule is a
// value no one changes.
func (d *decoder) meetingRule(src string, loc *time.Location) (preread.MeetingRule, error) {
	k := ruleKey{src, loc}
	if r, ok := d.rules[k]; ok {
		return r.rule, r.err
	}
	rule, err := preread.ParseMeetingRule(src, loc)
	if d.rules == nil {
		d.rules = map[ruleKey]ruleResult{}
	}
	d.rules[k] = ruleResult{rule, err}
	return rule, err
}

func (d *decoder) add(n *yaml.Node, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.problems = append(d.problems, Problem{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows a YAML alias (*name) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields walks a mapping, calling the handler of each known key with its
// value and path; unknown and repeated keys are problems.
func (d *decoder) fields(n *yaml.Node, path string, known map[string]func(v *yaml.Node, path string)) {
	d.fieldsOf(n, path, known, func(key string, v *yaml.Node, path string) { known[key](v, path) })
}

// fieldsOf is fields with one handler for every known key, so a mapping
// read 100,000 times (people) need not build a map of handlers each time;
// known's values are not called.
func (d *decoder) fieldsOf(n *yaml.Node, path string, known map[string]func(*yaml.Node, string), set func(key string, v *yaml.Node, path string)) {
	n = resolve(n)
	if n == nil || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.add(n, path, "want a mapping of fields, got %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		switch _, ok := known[k.Value]; {
		case seen[k.Value]:
			d.add(k, field, "given twice")
		case !ok:
			d.add(k, field, "unknown field%s", hint(k.Value, known))
		default:
			set(k.Value, v, field)
		}
		seen[k.Value] = true
	}
}

// hint suggests what an unknown key was meant to be.
func hint(key string, known map[string]func(*yaml.Node, string)) string {
	if key == "password" || strings.HasSuffix(key, "_password") || key == "token" || key == "secret" {
		return ": secrets come from the environment; name the variable with " + key + "_env"
	}
	var names []string
	for k := range known {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if editDistance(key, k) <= 2 {
			return fmt.Sprintf(" (did you mean %s?)", k)
		}
	}
	return fmt.Sprintf(" (known: %s)", strings.Join(names, ", "))
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// str reads a scalar as text.
func (d *decoder) str(n *yaml.Node, path string) string {
	n = resolve(n)
	if n == nil || isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.add(n, path, "want a single value, got %s", kindName(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// boolean reads true or false.
func (d *decoder) boolean(n *yaml.Node, path string) bool {
	switch s := strings.ToLower(d.str(n, path)); s {
	case "true", "yes", "on":
		return true
	case "false", "no", "off", "":
		return false
	default:
		d.add(n, path, "want true or false, got %q", s)
		return false
	}
}

// each calls fn for each item of a list; a single value counts as a list
// of one only when single is true.
func (d *decoder) each(n *yaml.Node, path string, fn func(item *yaml.Node, path string)) {
	n = resolve(n)
	if n == nil || isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.add(n, path, "want a list, got %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		fn(item, fmt.Sprintf("%s[%d]", path, i))
	}
}

// strs reads a list of scalars, each with its node for later checks.
func (d *decoder) strs(n *yaml.Node, path string) []located {
	var out []located
	d.each(n, path, func(item *yaml.Node, p string) {
		if s := d.str(item, p); s != "" {
			out = append(out, located{s, resolve(item), p})
		} else if resolve(item).Kind == yaml.ScalarNode {
			d.add(item, p, "empty value")
		}
	})
	return out
}

// located is a value with where it came from.
type located struct {
	val  string
	node *yaml.Node
	path string
}
