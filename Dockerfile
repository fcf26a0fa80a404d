# preread in a container: one binary, one SQLite file on a volume.
#
#   docker build --build-arg VERSION="$(git describe --tags --always --dirty)" -t preread .
#   docker run -d --name preread \
#     -v preread-data:/var/lib/preread \
#     -v "$PWD/preread.yaml:/etc/preread/preread.yaml:ro" \
#     --env-file preread.env -p 127.0.0.1:9825:9825 preread
#
# The config's database must be /var/lib/preread/preread.db and its listen
# 0.0.0.0:9825 (contrib/preread.yaml, with that one line changed). README.md,
# "Run it as a service", has the rest.

# Build: the SQLite driver needs cgo; the golang image has gcc. These are the
# README's install steps.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/preread ./cmd/preread \
 && /out/preread version

# Run: Debian slim (the binary links glibc), CA certificates for TLS to the
# mail servers, tzdata for the zoneinfo of tools a token_command runs (preread
# embeds its own), curl for the health check and, with jq, for token
# commands such as Microsoft 365's client-credentials request.
FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata curl jq \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 preread \
 && useradd --system --uid 10001 --gid preread --home-dir /var/lib/preread --no-create-home --shell /usr/sbin/nologin preread \
 && mkdir -p /var/lib/preread /etc/preread \
 && chown preread:preread /var/lib/preread \
 && chmod 0750 /var/lib/preread
COPY --from=build /out/preread /usr/local/bin/preread
COPY contrib/preread.yaml /etc/preread/preread.example.yaml
USER preread:preread
WORKDIR /var/lib/preread
VOLUME ["/var/lib/preread"]
EXPOSE 9825
# /healthz fails when the database is not writable, the mailbox has been
# out of reach past its grace, or the outbox is stuck.
HEALTHCHECK --interval=1m --timeout=10s --start-period=2m --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9825/healthz"]
ENTRYPOINT ["preread"]
CMD ["serve", "--config", "/etc/preread/preread.yaml"]
