#!/usr/bin/env bash
# The planner on the release build, signed in as the demo organiser (never
# cached): the week plan of a house with 8 rooms and 400 dates rendered on the
# server, at 1 and at 50 connections; then 20 organisers moving dates through
# `/api/planner/move` (request to committed answer). On SQLite, and on
# PostgreSQL when one listens on 127.0.0.1:5432.
#
#   bench/planner.sh [seconds]   (default 10 s; builds the example in release)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION="${1:-10}"
export PATH="$HOME/.cargo/bin:${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}/node_modules/.bin:$PATH"
for tool in wrk faketime; do
  command -v "$tool" >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y "$tool" >/dev/null; else sudo apt-get install -y "$tool" >/dev/null; fi; }
done
cargo build --release -p server --example bench_planner >&2
BENCH=target/release/examples/bench_planner
BINARY=target/release/treffpunkt
SEED_DATE="2026-11-25 10:00:00"
MONDAY="2026-12-14"
ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
WORK="$(mktemp -d)"
SERVER=""
PG_DB=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  [ -n "$PG_DB" ] && psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $PG_DB" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

start() { # $1 = database URL, $2 = mode
  PORT="$(free_port)"
  local preload=()
  [ "$2" = demo ] && preload=(env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME="@$SEED_DATE")
  "${preload[@]}" env LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD \
    TREFFPUNKT_MODE="$2" TREFFPUNKT_PUBLIC_URL="http://127.0.0.1:$PORT" DATABASE_URL="$1" \
    RUST_LOG=error "$BINARY" >/dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; sleep 1; }

load() { # $1 = connections, $2 = url, $3.. = extra wrk arguments
  local connections="$1" url="$2" out
  shift 2
  wrk -t1 -c"$connections" -d2s -H "Accept: $ACCEPT" "$@" "$url" >/dev/null
  out="$(wrk -t"$(( connections > 1 ? 2 : 1 ))" -c"$connections" -d"${DURATION}s" --latency -H "Accept: $ACCEPT" "$@" "$url")"
  local errors
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ' ' || true)"
  printf '%s | %s / %s | %s' \
    "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "${errors:-none}"
}

run() { # $1 = backend name, $2 = database URL
  start "$2" demo
  stop
  HOUSE="$("$BENCH" seed "$2" "$MONDAY")"
  start "$2" production
  BASE="http://127.0.0.1:$PORT"
  COOKIE="$(curl -fs -o /dev/null -D - -H "Origin: $BASE" -H 'Accept: application/json' \
    --data 'email=organisation%40example.org&password=treffpunkt-demo' "$BASE/api/accounts/login" |
    awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }' | head -n1)"
  [ -n "$COOKIE" ] || { echo "could not sign in" >&2; exit 1; }
  local page="/planner?house=$HOUSE&view=week&date=$MONDAY"
  local items
  items="$(curl -fs -H "Accept: $ACCEPT" -H "Cookie: $COOKIE" "$BASE$page" | grep -o 'data-item=' | wc -l)"
  [ "$items" -ge 400 ] || { echo "the week plan shows $items dates, not 400" >&2; exit 1; }
  for connections in 1 50; do
    echo "| $1 | week plan, 8 rooms, $items dates | $connections | $(load "$connections" "$BASE$page" -H "Cookie: $COOKIE") |"
  done
  echo
  echo "$1: $("$BENCH" moves "$BASE" "$HOUSE" "$MONDAY" "$DURATION" 20)"
  echo
  stop
}

echo "| backend | page | connections | requests/s | p50 / p99 | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
run SQLite "sqlite://$WORK/planner.sqlite3"
if pg_isready -q -h 127.0.0.1 -p 5432; then
  PG_DB="treffpunkt_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -c "create database $PG_DB" >/dev/null
  run PostgreSQL "postgres://postgres@127.0.0.1:5432/$PG_DB"
fi
