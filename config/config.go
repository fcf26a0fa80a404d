package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
	Path     string // the file's name as given; errors and relative paths start from it
	Mailbox  Mailbox
	SMTP     SMTP
	Database string // resolved against the config file's folder
	// DatabaseLine is the line of database:, for problems with the file
	// it names; 0 when the file names none and the default is used.
	DatabaseLine int
	Listen       string
	Directory    preread.Directory
	envVars      []located // every *_env field, checked by MissingEnv

	// MeetsAt is where each pair's meets is written, by pair key (for
	// `preread check` to name a rule a calendar overrides, or a pair that
	// waits for one).
	MeetsAt map[string]Place
}

// Place is where a field is written: the file (the config, or its people
// file), the line (0 when unknown) and the field's path.
type Place struct {
	File  string
	Line  int
	Field string
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
	CA         CA // ca_file: a private CA the server's certificate may come from
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
	CA          CA
	// NoBounceAddresses turns off the per-recipient envelope sender
	// (smtp.bounce_addresses: false): mail then goes out from From's
	// address, and out-of-office replies set no one away.
	NoBounceAddresses bool
	// Connections is how many connections to the relay send at once
	// (smtp.connections), 1 unless set: the 09:00 burst of a large
	// directory goes out sooner over several, where the relay allows them.
	Connections int
}

// MaxConnections bounds smtp.connections: relays limit connections per
// client (Postfix's smtpd_client_connection_count_limit is 50), and
// SQLite takes one write at a time, so more would only wait.
const MaxConnections = 16

// MaxFileSize bounds the config file, which is read whole: a directory of
// 100,000 people is about 18 MB.
const MaxFileSize = 64 << 20

// Load reads and checks the config file at path. An *Error lists every
// problem at once. A file over MaxFileSize is refused before it is read.
func Load(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config %s does not exist: write one with `preread init --config %s`", path, path)
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, tooBig(path, st.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data)
}

func tooBig(path string, size int64) error {
	return fmt.Errorf("config %s is %d MB, over the limit of %d MB (a directory of 100,000 people is about 18 MB)",
		path, (size+1<<20-1)>>20, MaxFileSize>>20)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse checks config text, and reads the people_file it names; path
// names it in errors and anchors relative paths (the people file's too).
// An *Error lists every problem at once.
func Parse(path string, data []byte) (*File, error) {
	if len(data) > MaxFileSize {
		return nil, tooBig(path, int64(len(data)))
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		return nil, &Error{Path: path, Problems: []Problem{yamlProblem(err, "the file is empty: write one with `preread init`")}}
	}
	// One document: a second one (after ---) would be silently ignored.
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, &Error{Path: path, Problems: []Problem{yamlProblem(err, "")}}
	case len(second.Content) == 1 && isNull(second.Content[0]) && second.Content[0].Value == "":
		// an empty document after a trailing ---: nothing is lost
	default:
		return nil, &Error{Path: path, Problems: []Problem{{Line: second.Line, Field: "yaml",
			Msg: "a second YAML document starts here: preread reads one; remove this --- and merge what follows into the first"}}}
	}
	c := &File{Path: path}
	d := &decoder{}
	c.decode(d, root.Content[0])
	if len(d.problems) > 0 {
		// The config file's problems first, then the people file's, each by line.
		sort.SliceStable(d.problems, func(i, j int) bool {
			a, b := d.problems[i], d.problems[j]
			if (a.File == "") != (b.File == "") {
				return a.File == ""
			}
			return a.Line < b.Line
		})
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
		"reviews": keep("reviews"), "people_file": keep("people_file"),
	})
	if resolve(doc).Kind != yaml.MappingNode {
		return
	}
	for _, name := range []string{"mailbox", "smtp"} {
		if top[name] == nil {
			d.add(doc, name, "missing")
		}
	}
	if top["people"] == nil && top["people_file"] == nil {
		d.add(doc, "people", "missing (or name a CSV of people with people_file)")
	}
	c.decodeMailbox(d, top["mailbox"])
	c.decodeSMTP(d, top["smtp"])
	c.Database = orDefault(d.str(top["database"], "database"), "preread.db")
	if n := top["database"]; n != nil {
		c.DatabaseLine = n.Line
	}
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
	dir.reviews = dates(d, top["reviews"], "reviews")
	c.MeetsAt = map[string]Place{}
	dir.meetsAt = c.MeetsAt
	dir.people(top["people"])
	var file string
	var rows []fileRow
	if top["people_file"] != nil {
		file, rows = dir.peopleFile(top["people_file"], c.Path)
	}
	dir.teams(top["teams"])
	dir.fileTeams(rows, file)
	dir.pairs(top["pairs"])
	dir.filePairs(rows, file)
	c.Directory.People, c.Directory.Teams, c.Directory.Pairs = dir.out.People, dir.out.Teams, dir.out.Pairs
}

// yamlProblem is a YAML syntax error at its line; atEOF replaces the
// parser's "EOF".
func yamlProblem(err error, atEOF string) Problem {
	p := Problem{Line: 1, Field: "yaml", Msg: err.Error()}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Msg = m[2]
	}
	if errors.Is(err, io.EOF) && atEOF != "" {
		p.Msg = atEOF
	}
	return p
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
