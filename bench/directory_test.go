package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/preread/preread/config"
	"github.com/preread/preread/internal/mailtest"
	"github.com/preread/preread/store"
)

// bigOnly skips a benchmark of company scale unless BENCH_BIG is set:
// each takes minutes and hundreds of MB, too much for every `go test`.
func bigOnly(b *testing.B) {
	b.Helper()
	if os.Getenv("BENCH_BIG") == "" {
		b.Skip("set BENCH_BIG=1 for the 100,000-person benchmarks (make bench does)")
	}
}

// companyPeople and companyTeams size issue 19's company: 1,000 teams of
// 100 (a manager and 99 reports), each report paired with their manager,
// and each manager with the next team's: 100,000 pairs.
const (
	companyPeople = 100000
	companyTeams  = 1000
)

func companyAddr(i int) string { return fmt.Sprintf("person%05d@corp.example", i) }

// companyDirectory is the YAML of the company's directory: people with a
// name and a time zone, teams (in their people's zone), pairs with a
// weekly meeting. About 22 MB.
func companyDirectory() string {
	var y strings.Builder
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "America/Los_Angeles"}
	y.WriteString("people:\n")
	for i := range companyPeople {
		fmt.Fprintf(&y, "  - email: %s\n    name: Person Number %05d\n    timezone: %s\n", companyAddr(i), i, zones[i/100%len(zones)])
	}
	size := companyPeople / companyTeams
	y.WriteString("teams:\n")
	for t := range companyTeams {
		fmt.Fprintf(&y, "  - name: Team %04d\n    manager: %s\n    timezone: %s\n    members:\n", t, companyAddr(t*size), zones[t%len(zones)])
		for m := t*size + 1; m < (t+1)*size; m++ {
			fmt.Fprintf(&y, "      - %s\n", companyAddr(m))
		}
	}
	y.WriteString("pairs:\n")
	days := []string{"mon", "tue", "wed", "thu", "fri"}
	for t := range companyTeams {
		m := t * size
		for r := m + 1; r < m+size; r++ {
			fmt.Fprintf(&y, "  - manager: %s\n    report: %s\n    meets: weekly %s %02d:00\n", companyAddr(m), companyAddr(r), days[r%5], 9+r%8)
		}
		fmt.Fprintf(&y, "  - manager: %s\n    report: %s\n    meets: every 2 weeks thu 15:00 from 2026-11-26\n",
			companyAddr(m), companyAddr((t+1)%companyTeams*size))
	}
	return y.String()
}

// companyCSV is the same company as companyDirectory with its people in
// a people_file: the CSV of people (each report's row names their team,
// manager and meeting; a manager's row the next team's manager) and the
// YAML that names the teams and their managers. About 8 MB of CSV and
// 75 KB of YAML.
func companyCSV() (yaml, csv string) {
	var y, c strings.Builder
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "America/Los_Angeles"}
	days := []string{"mon", "tue", "wed", "thu", "fri"}
	size := companyPeople / companyTeams
	c.WriteString("email,name,timezone,team,manager,meets\n")
	for i := range companyPeople {
		t, m := i/size, i/size*size
		if i == m {
			fmt.Fprintf(&c, "%s,Person Number %05d,%s,,%s,every 2 weeks thu 15:00 from 2026-11-26\n",
				companyAddr(i), i, zones[i/100%len(zones)], companyAddr((t+1)%companyTeams*size))
			continue
		}
		fmt.Fprintf(&c, "%s,Person Number %05d,%s,Team %04d,%s,weekly %s %02d:00\n",
			companyAddr(i), i, zones[i/100%len(zones)], t, companyAddr(m), days[i%5], 9+i%8)
	}
	y.WriteString("people_file: people.csv\nteams:\n")
	for t := range companyTeams {
		fmt.Fprintf(&y, "  - name: Team %04d\n    manager: %s\n    timezone: %s\n", t, companyAddr(t*size), zones[t%len(zones)])
	}
	return y.String(), c.String()
}

// BenchmarkDirectory100k is the company's directory through the built
// binary: `ingest --once` on an empty mailbox first with a new database
// (the first sync: every person, token, team and pair written), then
// twice more with nothing changed (start-up: load and sync). It also
// times config.Load and a no-change SyncDirectory in this process.
// Needs BENCH_BIG.
func BenchmarkDirectory100k(b *testing.B) {
	bigOnly(b)
	bin := buildBinary(b)
	b.Run("yaml", func(b *testing.B) {
		directory := companyDirectory()
		directory100k(b, bin, func(d *mailtest.Dovecot) string { return writeConfigFile(b, d, directory) })
	})
	b.Run("csv", func(b *testing.B) {
		yaml, csv := companyCSV()
		directory100k(b, bin, func(d *mailtest.Dovecot) string {
			file := writeConfigFile(b, d, yaml)
			if err := os.WriteFile(filepath.Join(filepath.Dir(file), "people.csv"), []byte(csv), 0o600); err != nil {
				b.Fatal(err)
			}
			return file
		})
	})
}

// directory100k measures one shape of the company's directory; write
// writes its config (and people file) for a Dovecot.
func directory100k(b *testing.B, bin string, write func(*mailtest.Dovecot) string) {
	b.StopTimer()
	for range b.N {
		d := mailtest.StartDovecot(b, mailtest.DovecotOptions{})
		file := write(d)
		st, _ := os.Stat(file)
		if csv, err := os.Stat(filepath.Join(filepath.Dir(file), "people.csv")); err == nil {
			b.Logf("people.csv: %.1f MB", float64(csv.Size())/(1<<20))
		}
		first := ingest(b, bin, file, d)
		again := []run{ingest(b, bin, file, d), ingest(b, bin, file, d)}
		b.Logf("config: %.1f MB", float64(st.Size())/(1<<20))
		b.Logf("first sync (ingest --once, empty mailbox): %v wall, %v CPU, peak RSS %d MB",
			first.wall.Round(time.Millisecond), first.cpu.Round(time.Millisecond), first.rss>>20)
		for _, r := range again {
			b.Logf("start-up, nothing changed (ingest --once, empty mailbox): %v wall, %v CPU, peak RSS %d MB",
				r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), r.rss>>20)
		}

		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		cfg, err := config.Load(file)
		if err != nil {
			b.Fatal(err)
		}
		load := time.Since(start)
		runtime.ReadMemStats(&after)
		db, err := store.Open(b.Context(), cfg.Database, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		rep, err := db.SyncDirectory(b.Context(), cfg.Directory)
		if err != nil {
			b.Fatal(err)
		}
		sync := time.Since(start)
		db.Close()
		b.Logf("in process: config.Load %v (%d MB allocated), SyncDirectory with nothing changed %v (%d changes)",
			load.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20, sync.Round(time.Millisecond), len(rep.Changes))
		b.ReportMetric(first.wall.Seconds(), "first-sync-s")
		b.ReportMetric(again[1].wall.Seconds(), "startup-s")
		b.ReportMetric(float64(max(first.rss, again[0].rss, again[1].rss))/(1<<20), "peak-RSS-MB")
		b.ReportMetric(load.Seconds(), "config-load-s")
		b.ReportMetric(sync.Seconds(), "nochange-sync-s")
		d.Stop()
	}
}
