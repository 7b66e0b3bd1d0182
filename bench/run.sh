#!/usr/bin/env bash
# Speed and size of the release build: home page throughput and latency at 50
# connections on loopback (wrk), server memory idle and after the load, and the
# WASM bundle raw / gzip / brotli. Prints a Markdown table; see docs/benchmarks.md.
#
#   bench/run.sh [seconds]      (default 20 s of load)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION="${1:-20}"
export PATH="$HOME/.cargo/bin:${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}/node_modules/.bin:$PATH"

for tool in wrk brotli; do
  if ! command -v "$tool" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y "$tool" >/dev/null; else sudo apt-get install -y "$tool" >/dev/null; fi
  fi
done

cargo leptos build --release --split --precompress >&2

PORT="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
DATA_DIR="$(mktemp -d)"
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
  TREFFPUNKT_MODE=demo TREFFPUNKT_DATA_DIR="$DATA_DIR" RUST_LOG=warn \
  target/release/treffpunkt >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
URL="http://127.0.0.1:$PORT/"
ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER/status"; }

EVENTS="$(curl -fs -H "Accept: $ACCEPT" "$URL" | grep -o 'class="event-card"' | wc -l)"
IDLE_RSS="$(rss_mb)"
wrk -t2 -c50 -d2s -H "Accept: $ACCEPT" "$URL" >/dev/null # warm-up
OUT="$(wrk -t2 -c50 -d"${DURATION}s" --latency -H "Accept: $ACCEPT" "$URL")"
AFTER_RSS="$(rss_mb)"

RPS="$(awk '/Requests\/sec/ { print $2 }' <<<"$OUT")"
P50="$(awk '$1 == "50%" { print $2 }' <<<"$OUT")"
P99="$(awk '$1 == "99%" { print $2 }' <<<"$OUT")"
ERRORS="$(grep -E 'Non-2xx|Socket errors' <<<"$OUT" || echo none)"

# Hashed names (`hash-files`): the one main module and its JS glue.
WASM="$(ls target/site/pkg/treffpunkt.*.wasm | head -n1)"
JS="$(ls target/site/pkg/treffpunkt.*.js | head -n1)"
raw() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
br() { brotli -q 11 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

cat <<REPORT
| measure | value |
| --- | --- |
| home page (demo house, $EVENTS events), wrk -t2 -c50 -d${DURATION}s | $RPS requests/s |
| latency p50 / p99 | $P50 / $P99 |
| errors | $ERRORS |
| server RSS idle / after load | $IDLE_RSS MB / $AFTER_RSS MB |
| WASM main module (every page loads it) raw / gzip / brotli | $(kb "$(raw "$WASM")") / $(kb "$(gz "$WASM")") / $(kb "$(br "$WASM")") |
| JS glue raw / brotli | $(kb "$(raw "$JS")") / $(kb "$(br "$JS")") |
REPORT
