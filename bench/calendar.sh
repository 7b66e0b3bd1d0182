#!/usr/bin/env bash
# The calendar's budgets (issue 3): the month view of a house with 60 weekly series and
# 300 single events at 50 connections, cached (anonymous visitors) and uncached (every
# request rendered); the iCalendar feed of the coming year at one connection, cached
# and written anew for every request. Prints a
# Markdown table; see docs/benchmarks.md.
#
#   bench/calendar.sh [seconds]      (default 15 s of load per measure)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION="${1:-15}"
export PATH="$HOME/.cargo/bin:${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}/node_modules/.bin:$PATH"
command -v wrk >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi; }

cargo leptos build --release --split --precompress >&2
cargo build --release -p server --example bench_house >&2

DATA_DIR="$(mktemp -d)"
DB="sqlite://$DATA_DIR/bench.sqlite3"
target/release/examples/bench_house "$DB" >&2
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$DATA_DIR"' EXIT

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

start() { # $1 = page cache seconds
  PORT="$(free_port)"
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
    TREFFPUNKT_PUBLIC_URL="http://127.0.0.1:$PORT" \
    DATABASE_URL="$DB" TREFFPUNKT_PAGE_CACHE_SECONDS="$1" RUST_LOG=error \
    target/release/treffpunkt >/dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; sleep 1; }

MONTH="$(date -d "$(date +%Y-%m-15) +1 month" +%Y-%m-15)"
ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
load() { # $1 = url, $2 = connections
  local out threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$2" -d2s -H "Accept: $ACCEPT" "$1" >/dev/null
  out="$(wrk -t"$threads" -c"$2" -d"${DURATION}s" --latency -H "Accept: $ACCEPT" "$1")"
  printf '%s | %s / %s | %s' \
    "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ' ' || true)"
}

start 1
PAGE="http://127.0.0.1:$PORT/calendar?view=month&date=$MONTH"
ENTRIES="$(curl -fs -H "Accept: $ACCEPT" "$PAGE" | grep -o 'class="month__entry' | wc -l)"
BYTES="$(curl -fs -H "Accept: $ACCEPT" "$PAGE" | wc -c)"
CACHED="$(load "$PAGE" 50)"
FEED_URL="http://127.0.0.1:$PORT/feeds/calendar.ics"
FEED_BYTES="$(curl -fs "$FEED_URL" | wc -c)"
FEED_EVENTS="$(curl -fs "$FEED_URL" | grep -c 'BEGIN:VEVENT')"
FEED="$(load "$FEED_URL" 1)"
stop
start 0
PAGE="http://127.0.0.1:$PORT/calendar?view=month&date=$MONTH"
UNCACHED="$(load "$PAGE" 50)"
UNCACHED_ONE="$(load "$PAGE" 1)"
FEED_UNCACHED="$(load "http://127.0.0.1:$PORT/feeds/calendar.ics" 1)"
stop

cat <<REPORT
| measure (60 weekly series, 300 single events) | requests/s | p50 / p99 | errors |
| --- | --- | --- | --- |
| month view $MONTH, $ENTRIES entries shown, $BYTES bytes, 50 connections, page cache 1 s | $CACHED |
| same, page cache off (every request rendered), 50 connections | $UNCACHED |
| same, page cache off, 1 connection | $UNCACHED_ONE |
| iCalendar feed (past 3 months + 18 months ahead; $FEED_EVENTS VEVENTs, $FEED_BYTES bytes), 1 connection, page cache 1 s | $FEED |
| same feed, page cache off (every request written), 1 connection | $FEED_UNCACHED |
REPORT
