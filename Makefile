# preread: build, test and check. `make test` is what CI runs.

GO ?= go
STATICCHECK_VERSION ?= v0.8.2

.PHONY: build test lint fmt-check vet staticcheck demo clean

build:
	$(GO) build -o preread ./cmd/preread

# The whole suite: formatting, vet, staticcheck, then every test with the race
# detector against real Dovecot, SMTP and SQLite.
test: fmt-check vet staticcheck
	$(GO) test -race -count=1 ./...

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
