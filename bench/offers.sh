#!/usr/bin/env bash
# The organisers' moderation queue on the release build, signed in as the demo
# organiser (never cached): the demo house with 1,000 offers waiting for the
# house (`server/examples/bench_offers.rs`), `/moderation/offers` rendered on
# the server at 1 and at 50 connections. On SQLite.
#
#   bench/offers.sh [seconds]   (default 10 s; builds the example in release)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION="${1:-10}"
export PATH="$HOME/.cargo/bin:${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}/node_modules/.bin:$PATH"
command -v wrk >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi; }
cargo build --release -p server --example bench_offers >&2
BENCH=target/release/examples/bench_offers
BINARY=target/release/treffpunkt
ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
WORK="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
URL="sqlite://$WORK/offers.sqlite3"

start() { # $1 = mode
  PORT="$(free_port)"
  env LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD \
    TREFFPUNKT_MODE="$1" TREFFPUNKT_PUBLIC_URL="http://127.0.0.1:$PORT" DATABASE_URL="$URL" \
    RUST_LOG=error "$BINARY" >/dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; sleep 1; }

start demo
stop
"$BENCH" seed "$URL" >/dev/null
start production
BASE="http://127.0.0.1:$PORT"
COOKIE="$(curl -fs -o /dev/null -D - -H "Origin: $BASE" -H 'Accept: application/json' \
  --data 'email=organisation%40example.org&password=treffpunkt-demo' "$BASE/api/accounts/login" |
  awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }' | head -n1)"
[ -n "$COOKIE" ] || { echo "could not sign in" >&2; exit 1; }
PAGE="$BASE/moderation/offers"
ROWS="$(curl -fs -H "Accept: $ACCEPT" -H "Cookie: $COOKIE" "$PAGE" | grep -o 'href="/offers/[0-9]*"' | wc -l)"
BYTES="$(curl -fs -H "Accept: $ACCEPT" -H "Cookie: $COOKIE" "$PAGE" | wc -c)"
echo "| connections | requests/s | p50 / p99 | errors | rows | bytes |"
echo "| --- | --- | --- | --- | --- | --- |"
for connections in 1 50; do
  wrk -t1 -c"$connections" -d2s -H "Accept: $ACCEPT" -H "Cookie: $COOKIE" "$PAGE" >/dev/null
  out="$(wrk -t"$(( connections > 1 ? 2 : 1 ))" -c"$connections" -d"${DURATION}s" --latency \
    -H "Accept: $ACCEPT" -H "Cookie: $COOKIE" "$PAGE")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ' ' || true)"
  printf '| %s | %s | %s / %s | %s | %s | %s |\n' "$connections" \
    "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "${errors:-none}" "$ROWS" "$BYTES"
done
