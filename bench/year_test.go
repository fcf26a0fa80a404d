package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread"
	"github.com/preread/preread/config"
	"github.com/preread/preread/mailout"
	"github.com/preread/preread/store"
)

// The simulated year ends on yearDay, a Monday: its digests and the
// pre-reads of Tuesday's 1:1s are "the day" BenchmarkDay100k renders.
var yearDay = preread.Date{Year: 2026, Month: time.November, Day: 30}

// yearDays is how many calendar days of history the simulation writes
// before and including yearDay; BENCH_YEAR_DAYS shortens it for a try.
func yearDays() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_YEAR_DAYS")); err == nil && n > 0 {
		return n
	}
	return 365
}

// companyConfig writes the company's config and people file (companyCSV)
// into a folder and loads it.
func companyConfig(b *testing.B, folder string) *config.File {
	b.Helper()
	yaml, csv := companyCSV()
	cfg := "mailbox:\n  imap: 127.0.0.1:993\n  security: none\n  username: preread\n  password_env: P\n  address: preread@corp.example\n" +
		"smtp:\n  relay: 127.0.0.1:25\n  security: none\n  from: preread@corp.example\n" + yaml
	if err := os.WriteFile(filepath.Join(folder, "preread.yaml"), []byte(cfg), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "people.csv"), []byte(csv), 0o600); err != nil {
		b.Fatal(err)
	}
	c, err := config.Load(filepath.Join(folder, "preread.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// yearDB is the company's database after a simulated year: the directory
// synced, then for every workday four in five people's status (one in ten
// with a blocker), each report's agenda item every other week (closed
// after three weeks), each pair's weekly meeting, and the prompts of
// yearDay in the outbox, each with its message recorded; and days away
// set by mail (simulateAway). The outbox holds
// no earlier mail: a year of it is too big to write here, and is
// estimated from a day's instead (BENCHMARKS.md). BENCH_YEAR_DB names a
// file to keep it in and reuse (it takes minutes to write).
func yearDB(b *testing.B) (path string, cfg *config.File) {
	b.Helper()
	folder := b.TempDir()
	cfg = companyConfig(b, folder)
	path = os.Getenv("BENCH_YEAR_DB")
	if path == "" {
		path = filepath.Join(folder, "year.db")
	}
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		b.Logf("reusing %s (%d MB)", path, st.Size()>>20)
		if err := simulateAway(b.Context(), path, cfg.Directory); err != nil {
			b.Fatal(err)
		}
		return path, cfg
	}
	ctx := b.Context()
	db, err := store.Open(ctx, path, store.Options{Now: func() time.Time { return yearDay.AddDays(-yearDays()).In(time.UTC, preread.Clock{}) }})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.SyncDirectory(ctx, cfg.Directory); err != nil {
		b.Fatal(err)
	}
	db.Close()
	start := time.Now()
	if err := simulateYear(ctx, path, cfg.Directory); err != nil {
		os.Remove(path)
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.Logf("simulated %d days in %v: %s is %d MB", yearDays(), time.Since(start).Round(time.Second), path, st.Size()>>20)
	return path, cfg
}

// simulateYear writes the history straight into the tables, many rows to
// an INSERT and a day to a transaction, with no fsync: as preread would
// have filed it, far sooner.
func simulateYear(ctx context.Context, path string, dir preread.Directory) error {
	sqldb, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=off&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer sqldb.Close()
	sqldb.SetMaxOpenConns(1)
	people, err := idsOf(ctx, sqldb, "SELECT email, id FROM people")
	if err != nil {
		return err
	}
	pairs, err := idsOf(ctx, sqldb, `SELECT m.email || ':' || r.email, pr.id FROM pairs pr
		JOIN people m ON m.id = pr.manager_id JOIN people r ON r.id = pr.report_id`)
	if err != nil {
		return err
	}
	first := yearDay.AddDays(1 - yearDays())
	for n, day := 0, first; !yearDay.Before(day); n, day = n+1, day.AddDays(1) {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if err := simulateDay(ctx, sqldb, dir, people, pairs, day, n); err != nil {
			return fmt.Errorf("day %s: %w", day, err)
		}
	}
	if _, err := sqldb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return err
	}
	return simulateAway(ctx, path, dir)
}

// simulateAway writes the days people set away by mail (AWAY, or their
// out-of-office): every workday one in 500 sets the next three days away.
// It writes nothing where some are there already.
func simulateAway(ctx context.Context, path string, dir preread.Directory) error {
	sqldb, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=off&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer sqldb.Close()
	sqldb.SetMaxOpenConns(1)
	var n int
	if err := sqldb.QueryRowContext(ctx, "SELECT count(*) FROM away_set").Scan(&n); err != nil || n > 0 {
		return err
	}
	people, err := idsOf(ctx, sqldb, "SELECT email, id FROM people")
	if err != nil {
		return err
	}
	tx, err := sqldb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	away := newInserter(tx, "away_set", "person_id, from_day, to_day, source, message_key, created_at")
	for day := yearDay.AddDays(1 - yearDays()); !yearDay.Before(day); day = day.AddDays(1) {
		for i := int(day.Weekday()) * 100; i < len(dir.People); i += 500 {
			p := dir.People[(i+day.Day*37)%len(dir.People)]
			at := formatUTC(day.In(p.TimeZone, preread.Clock{Hour: 8}))
			if err := away.add(ctx, people[p.Email], day.AddDays(1).String(), day.AddDays(3).String(), "mail",
				fmt.Sprintf("<away%d.%s@mail.corp.example>", i, day), at); err != nil {
				return err
			}
		}
	}
	if err := away.flush(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

func idsOf(ctx context.Context, db *sql.DB, query string) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, rows.Err()
}

// simulateDay writes one workday: n counts the days, so who replies and
// who writes an agenda item shifts from day to day.
func simulateDay(ctx context.Context, db *sql.DB, dir preread.Directory, people, pairs map[string]int64, day preread.Date, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	messages := newInserter(tx, "messages", "message_key, uidvalidity, uid, sender, kind, outcome, reason, processed_at, moved_at")
	status := newInserter(tx, "status_entries", "person_id, workday, text, yesterday, today, blockers, message_key, created_at")
	agenda := newInserter(tx, "agenda_items", "pair_id, author_id, category, subject, text, state, message_key, created_at, closed_at")
	meetings := newInserter(tx, "meetings", "pair_id, starts_at, created_at, carried_at")
	cats := []string{"growth", "feedback", "help", "offer", "idea", "other"}
	for i, p := range dir.People {
		if (i+n)%5 == 0 {
			continue // one in five does not reply that day
		}
		at := formatUTC(day.In(p.TimeZone, preread.Clock{Hour: 9, Minute: 30}).Add(time.Duration(i%600) * time.Second))
		key := fmt.Sprintf("<s%d.%s@mail.corp.example>", i, day)
		blockers := ""
		if (i*7+n)%10 == 0 {
			blockers = "Waiting for the staging database to be restored (INFRA-" + strconv.Itoa(1000+i%500) + ")."
		}
		yesterday := "Reviewed the retry change and merged the billing export fix."
		today := "Work on the invoice reconciliation job; pair with the data team on the schema."
		text := "Yesterday: " + yesterday + "\nToday: " + today + "\nBlockers: " + orNone(blockers)
		if err := messages.add(ctx, key, 1, 0, p.Email, "status", "filed", "", at, at); err != nil {
			return err
		}
		if err := status.add(ctx, people[p.Email], day.String(), text, yesterday, today, blockers, key, at); err != nil {
			return err
		}
	}
	for j, pr := range dir.Pairs {
		id := pairs[pr.Key()]
		if (j+n)%10 == 0 { // an agenda item every other week
			at := formatUTC(day.In(time.UTC, preread.Clock{Hour: 14}))
			key := fmt.Sprintf("<a%d.%s@mail.corp.example>", j, day)
			state, closed := "open", any(nil)
			if day.AddDays(21).Before(yearDay) {
				state, closed = "done", formatUTC(day.AddDays(7).In(time.UTC, preread.Clock{Hour: 11}))
			}
			if err := messages.add(ctx, key, 1, 0, pr.Report, "agenda", "filed", "", at, at); err != nil {
				return err
			}
			if err := agenda.add(ctx, id, people[pr.Report], cats[j%len(cats)], "Next quarter",
				"Could I take the lead on the invoice reconciliation rewrite? I would like the bigger scope.", state, key, at, closed); err != nil {
				return err
			}
		}
		if int(day.Weekday()) == 1+j%5 { // a weekly 1:1 on the pair's day
			start := day.In(time.UTC, preread.Clock{Hour: 10})
			var carried any
			if day.Before(yearDay) {
				carried = formatUTC(start.Add(time.Hour))
			}
			if err := meetings.add(ctx, id, formatUTC(start), formatUTC(start.AddDate(0, 0, -1)), carried); err != nil {
				return err
			}
		}
	}
	if day == yearDay {
		if err := simulatePrompts(ctx, tx, dir, people, day); err != nil {
			return err
		}
	}
	for _, in := range []*inserter{messages, status, agenda, meetings} {
		if err := in.flush(ctx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// simulatePrompts puts the day's prompts in the outbox as sent, each at
// its person's 09:00, with the bytes of a real one: the digests ask who
// was prompted.
func simulatePrompts(ctx context.Context, tx *sql.Tx, dir preread.Directory, people map[string]int64, day preread.Date) error {
	r, err := mailout.Renderer{From: "preread <preread@corp.example>"}.Render(preread.Email{Kind: preread.KindPrompt,
		To: dir.People[0].Email, Period: day.String(), Subject: "[STATUS] What are you working on? (Mon 30 Nov)",
		Text: strings.Repeat("What are you working on? Reply to this email; a few lines are enough.\n", 8),
		HTML: strings.Repeat("<p>What are you working on? Reply to this email; a few lines are enough.</p>", 8),
		Date: day.In(time.UTC, preread.Clock{Hour: 9})})
	if err != nil {
		return err
	}
	outbox := newInserter(tx, "outbox", "kind, person_id, recipient, period, message_id, state, attempts, next_attempt_at, created_at, sent_at")
	for i, p := range dir.People {
		at := formatUTC(day.In(p.TimeZone, preread.Clock{Hour: 9}))
		if err := outbox.add(ctx, "prompt", people[p.Email], p.Email, day.String(), fmt.Sprintf("<p%d.%s@preread>", i, day),
			"sent", 1, at, at, at); err != nil {
			return err
		}
	}
	if err := outbox.flush(ctx); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox_raw (id, raw) SELECT id, ? FROM outbox WHERE kind = 'prompt' AND period = ?`, r.Raw, day.String())
	return err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func formatUTC(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// inserter adds rows to a table 200 at a time.
type inserter struct {
	tx    *sql.Tx
	head  string
	cols  int
	rows  int
	args  []any
	stmts map[int]*sql.Stmt
}

func newInserter(tx *sql.Tx, table, columns string) *inserter {
	return &inserter{tx: tx, head: "INSERT INTO " + table + " (" + columns + ") VALUES ",
		cols: strings.Count(columns, ",") + 1, stmts: map[int]*sql.Stmt{}}
}

func (in *inserter) add(ctx context.Context, values ...any) error {
	in.args = append(in.args, values...)
	if in.rows++; in.rows == 200 {
		return in.flush(ctx)
	}
	return nil
}

func (in *inserter) flush(ctx context.Context) error {
	if in.rows == 0 {
		return nil
	}
	stmt, ok := in.stmts[in.rows]
	if !ok {
		row := "(?" + strings.Repeat(", ?", in.cols-1) + ")"
		var err error
		if stmt, err = in.tx.PrepareContext(ctx, in.head+row+strings.Repeat(", "+row, in.rows-1)); err != nil {
			return err
		}
		in.stmts[in.rows] = stmt
	}
	_, err := stmt.ExecContext(ctx, in.args...)
	in.args, in.rows = in.args[:0], 0
	return err
}
