#!/usr/bin/env bash
# Signed-in pages (never cached) against anonymous ones, for one or two server
# binaries in one sitting: the month view and the home page of the demo house at
# 50 connections, anonymous and signed in as the demo resident. Both binaries
# serve copies of one database, seeded once (by the first binary, at a fixed date
# through faketime, so that a build older than the clock can seed too).
#
#   bench/signed_in.sh [seconds] [binary ...]   (default 10 s, target/release/treffpunkt)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION="${1:-10}"
shift || true
BINARIES=("$@")
[ ${#BINARIES[@]} -gt 0 ] || BINARIES=(target/release/treffpunkt)
export PATH="$HOME/.cargo/bin:${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}/node_modules/.bin:$PATH"
for tool in wrk faketime; do
  command -v "$tool" >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y "$tool" >/dev/null; else sudo apt-get install -y "$tool" >/dev/null; fi; }
done
SEED_DATE="2026-11-25 10:00:00"
MONTH="2026-12-15"
ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
WORK="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

start() { # $1 = binary, $2 = database file, $3 = mode
  PORT="$(free_port)"
  local preload=()
  [ "$3" = demo ] && preload=(env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME="@$SEED_DATE")
  "${preload[@]}" env LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD \
    TREFFPUNKT_MODE="$3" TREFFPUNKT_PUBLIC_URL="http://127.0.0.1:$PORT" DATABASE_URL="sqlite://$2" \
    RUST_LOG=error "$1" >/dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server $1 did not start" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; sleep 1; }

start "${BINARIES[0]}" "$WORK/seed.sqlite3" demo
stop

load() { # $1 = url, $2.. = extra wrk arguments
  local url="$1" out
  shift
  wrk -t2 -c50 -d2s -H "Accept: $ACCEPT" "$@" "$url" >/dev/null
  out="$(wrk -t2 -c50 -d"${DURATION}s" --latency -H "Accept: $ACCEPT" "$@" "$url")"
  local errors
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ' ' || true)"
  printf '%s | %s / %s | %s' \
    "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "${errors:-none}"
}

echo "| binary | page | visitor | requests/s | p50 / p99 | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
for binary in "${BINARIES[@]}"; do
  cp "$WORK/seed.sqlite3" "$WORK/run.sqlite3"
  start "$binary" "$WORK/run.sqlite3" production
  BASE="http://127.0.0.1:$PORT"
  COOKIE="$(curl -fs -o /dev/null -D - -H "Origin: $BASE" -H 'Accept: application/json' \
    --data 'email=nachbarschaft%40example.org&password=treffpunkt-demo' "$BASE/api/accounts/login" |
    awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }' | head -n1)"
  [ -n "$COOKIE" ] || { echo "could not sign in on $binary" >&2; exit 1; }
  curl -fs -H "Accept: $ACCEPT" -H "Cookie: $COOKIE" "$BASE/calendar?view=month&date=$MONTH" | grep -q 'Abmelden' ||
    { echo "the signed-in page does not show the account on $binary" >&2; exit 1; }
  for page in "/calendar?view=month&date=$MONTH" "/"; do
    echo "| \`$binary\` | \`$page\` | anonymous | $(load "$BASE$page") |"
    echo "| \`$binary\` | \`$page\` | signed in | $(load "$BASE$page" -H "Cookie: $COOKIE") |"
  done
  stop
done
