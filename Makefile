# preread: build, test and check. `make test` is what CI runs.

GO ?= go
STATICCHECK_VERSION ?= v0.8.2

.PHONY: build test fuzz bench corpus fmt-check vet staticcheck demo clean

# Every fuzz target of the inbound path, briefly, each as PACKAGE:TARGET:
# parsing, trimming and classification must never panic on any bytes, and
# the fast paths must answer as the library calls they stand in for.
FUZZ_TARGETS = ./mailin:FuzzProcess ./mailin/message:FuzzParse ./mailin/message:FuzzHTMLToText ./mailin/message:FuzzHostileHTML \
	./mailin/quote:FuzzTrim ./mailin/quote:FuzzSplitForward ./mailin/quote:FuzzSplitStatus ./mailin:FuzzSubjectTag \
	./mailin/calendar:FuzzParse ./mailin/quote:FuzzLineTests ./mailin/message:FuzzFieldsLikeGoMessage \
	./mailin/message:FuzzSimpleAddressList ./mailin/message:FuzzSimpleMediaType
FUZZ_TIME ?= 8s

build:
	$(GO) build -o preread ./cmd/preread

# The whole suite: formatting, vet, staticcheck, then every test with the race
# detector against real Dovecot, SMTP and SQLite.
test: fmt-check vet staticcheck
	$(GO) test -race -count=1 ./...
	$(MAKE) fuzz

# A fuzz run can end in "context deadline exceeded" when its time runs out
# while the engine is busy (no failing input is written then); such a run
# is tried once more. A real failure writes its input under testdata/fuzz.
fuzz:
	@for pt in $(FUZZ_TARGETS); do \
		pkg=$${pt%%:*}; t=$${pt#*:}; \
		echo "fuzz $$t in $$pkg for $(FUZZ_TIME)"; \
		for try in 1 2; do \
			if $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZ_TIME) $$pkg >/tmp/preread-fuzz.log 2>&1; then break; fi; \
			if [ $$try = 1 ] && grep -q 'context deadline exceeded' /tmp/preread-fuzz.log && ! grep -q 'Failing input written' /tmp/preread-fuzz.log; then \
				echo "fuzz $$t: ran out of time mid-input, trying again"; continue; fi; \
			cat /tmp/preread-fuzz.log; exit 1; \
		done; \
	done

# The corpus report: per source of ../shared/corpus (or $PREREAD_CORPUS) and
# per kind (trimming, machine-ignored, human-filed, parsed), how many cases
# pass. The corpus tests print one "corpus-report" line per row; the exit
# status is the tests'.
corpus:
	@$(GO) test ./mailin/quote ./mailin -run 'Corpus' -count=1 -v >/tmp/preread-corpus.log 2>&1; status=$$?; \
	printf '%-28s %-16s %13s\n' SOURCE KIND PASSED; \
	awk -F'\t' '/corpus-report/ { t[$$3] += $$5; p[$$3] += $$4; \
		printf "%-28s %-16s %6d / %-6d %5.1f%%\n", $$2, $$3, $$4, $$5, ($$5 ? 100*$$4/$$5 : 100) } \
		END { for (k in t) printf "%-28s %-16s %6d / %-6d %5.1f%%\n", "all sources", k, p[k], t[k], (t[k] ? 100*p[k]/t[k] : 100) }' /tmp/preread-corpus.log; \
	if [ $$status -ne 0 ]; then grep -E -- '--- FAIL|FAIL' /tmp/preread-corpus.log | head -20; fi; exit $$status

# The benchmarks whose numbers are in BENCHMARKS.md. The company-scale ones
# (100,000 people: Directory100k, Burst100k) run with BENCH_BIG=1, which
# this target sets; `go test` alone skips them.
bench:
	$(GO) test ./bench -run '^$$' -bench Ingest10k -benchtime 1x -count 8 -timeout 30m
	$(GO) test ./bench -run '^$$' -bench IngestGmail500 -benchtime 1x -count 3 -timeout 30m
	$(GO) test ./mailin -run '^$$' -bench Process -benchmem
	BENCH_BIG=1 $(GO) test ./bench -run '^$$' -bench Directory100k -benchtime 1x -timeout 30m
	BENCH_BIG=1 $(GO) test ./mailout -run '^$$' -bench Burst100k -benchtime 1x -timeout 30m
	BENCH_BIG=1 $(GO) test ./store -run '^$$' -bench SyncUnchanged -benchtime 3x -timeout 30m
	BENCH_BIG=1 $(GO) test ./bench -run '^$$' -bench Day100k -benchtime 1x -timeout 90m
	$(GO) test ./bench -run '^$$' -bench IngestLarge -benchtime 1x -count 2 -timeout 30m
	$(GO) test ./mailout -run '^$$' -bench 'Outbox10k|BareGoMail10k' -benchtime 1x -count 3
	$(GO) test ./digest -run '^$$' -bench 'DigestAndPrereadsFromStore|Render' -benchtime 3x -benchmem

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

demo:
	$(GO) run ./cmd/preread demo

clean:
	rm -f preread
