package config

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/preread/preread"
	"gopkg.in/yaml.v3"
)

// File is the whole config file, checked and with defaults filled in.
type File struct {
	Path      string // the file's name as given; errors and relative paths start from it
	Mailbox   Mailbox
	SMTP      SMTP
	Database  string // resolved against the config file's folder
	Listen    string
	Directory preread.Directory
	envVars   []located // every *_env field, checked by MissingEnv
}

// Mailbox is the IMAP mailbox preread reads.
type Mailbox struct {
	IMAP            string // host:port
	Security        string // tls | starttls | none
	Username        string
	PasswordEnv     string
	Auth            ServerAuth // password or OAuth2 (auth.go)
	Folder          string
	ProcessedFolder string
	RejectedFolder  string
	FailedFolder    string
	Address         string // preread@corp.example; people write to preread+TAG@…
	Separator       string // between the local part and the tag, "+" by default
	AuthservID      string
	TrustFrom       bool
	MaxSize         int // bytes; bigger messages go to the failed folder unread
	// CheckEvery bounds how long mail can wait on a server whose IDLE
	// lags: IDLE ends with a NOOP at this interval when no notice came.
	CheckEvery time.Duration
}

// DefaultCheckEvery is mailbox.check_every when the config names none.
const DefaultCheckEvery = 30 * time.Second

// SMTP is the relay preread sends through.
type SMTP struct {
	Relay       string
	Security    string
	Username    string
	PasswordEnv string
	Auth        ServerAuth
	From        string
}

// Load reads and checks the config file at path. An *Error lists every
// problem at once.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config %s does not exist: write one with `preread init --config %s`", path, path)
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse checks config text; path names it in errors and anchors relative
// paths. An *Error lists every problem at once.
func Parse(path string, data []byte) (*File, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		p := Problem{Line: 1, Field: "yaml", Msg: err.Error()}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			p.Msg = m[2]
		}
		if err.Error() == "EOF" {
			p.Msg = "the file is empty: write one with `preread init`"
		}
		return nil, &Error{Path: path, Problems: []Problem{p}}
	}
	c := &File{Path: path}
	d := &decoder{}
	c.decode(d, root.Content[0])
	if len(d.problems) > 0 {
		sort.SliceStable(d.problems, func(i, j int) bool { return d.problems[i].Line < d.problems[j].Line })
		return nil, &Error{Path: path, Problems: d.problems}
	}
	if !filepath.IsAbs(c.Database) {
		c.Database = filepath.Join(filepath.Dir(path), c.Database)
	}
	return c, nil
}

// decode fills c from the document. The directory is read after the
// defaults and people whatever the order in the file, since teams and pairs
// refer to both.
func (c *File) decode(d *decoder, doc *yaml.Node) {
	top := map[string]*yaml.Node{}
	keep := func(name string) func(*yaml.Node, string) {
		return func(v *yaml.Node, _ string) { top[name] = v }
	}
	d.fields(doc, "", map[string]func(*yaml.Node, string){
		"mailbox": keep("mailbox"), "smtp": keep("smtp"), "database": keep("database"),
		"listen": keep("listen"), "defaults": keep("defaults"), "holidays": keep("holidays"),
		"people": keep("people"), "teams": keep("teams"), "pairs": keep("pairs"),
	})
	if resolve(doc).Kind != yaml.MappingNode {
		return
	}
	for _, name := range []string{"mailbox", "smtp", "people"} {
		if top[name] == nil {
			d.add(doc, name, "missing")
		}
	}
	c.decodeMailbox(d, top["mailbox"])
	c.decodeSMTP(d, top["smtp"])
	c.Database = orDefault(d.str(top["database"], "database"), "preread.db")
	c.Listen = orDefault(d.str(top["listen"], "listen"), "127.0.0.1:9825")
	// Port 0 takes any free port: for tests and benchmarks.
	if _, port, err := net.SplitHostPort(c.Listen); top["listen"] != nil && (err != nil || port != "0") {
		checkHostPort(d, top["listen"], "listen", c.Listen)
	}
	def := decodeDefaults(d, top["defaults"])
	for _, h := range d.strs(top["holidays"], "holidays") {
		if day, ok := parseDate(d, h); ok {
			c.Directory.Holidays = append(c.Directory.Holidays, day)
		}
	}
	dir := newDirectoryDecoder(d, def)
	dir.people(top["people"])
	dir.teams(top["teams"])
	dir.pairs(top["pairs"])
	c.Directory.People, c.Directory.Teams, c.Directory.Pairs = dir.out.People, dir.out.Teams, dir.out.Pairs
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
