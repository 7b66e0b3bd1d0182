#!/usr/bin/env bash
# The outbox on the release build: two server processes on one PostgreSQL send
# N queued mails to a real SMTP server on loopback (the aiosmtpd sink the tests
# use); prints mails per second from the commit that queued them until the
# outbox is empty (`server/examples/bench_outbox.rs`).
#
#   bench/outbox.sh [mails]   (default 2000; needs PostgreSQL on 127.0.0.1:5432
#                              and the test tools: `.ci/dev test` installs them)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MAILS="${1:-2000}"
TOOLS="${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
PYTHON="${TREFFPUNKT_PYTHON:-$TOOLS/venv/bin/python}"
cargo build --release -p server --example bench_outbox >&2
BENCH=target/release/examples/bench_outbox
BINARY=target/release/treffpunkt
WORK="$(mktemp -d)"
PIDS=()
DB="bench_outbox_$$"
ADMIN="postgres://postgres@127.0.0.1:5432/postgres"
URL="postgres://postgres@127.0.0.1:5432/$DB"
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$ADMIN" -qc "drop database if exists $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
psql "$ADMIN" -qc "create database $DB" >/dev/null

SMTP_PORT="$(free_port)"
mkdir "$WORK/inbox"
"$PYTHON" server/tests/interop/smtp_sink.py "$SMTP_PORT" "$WORK/inbox" >/dev/null &
PIDS+=($!)
start() {
  local port
  port="$(free_port)"
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD \
    TREFFPUNKT_MODE=demo DATABASE_URL="$URL" TREFFPUNKT_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" \
    TREFFPUNKT_MAIL_POLL_MS=50 RUST_LOG=error "$BINARY" >/dev/null 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
start   # seeds the demo house (which sends nothing)
start
"$BENCH" run "$URL" "$MAILS"
echo "received by the SMTP server: $(ls "$WORK/inbox" | wc -l)"
