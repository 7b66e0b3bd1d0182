#!/usr/bin/env bash
# Lighthouse (mobile profile: a mid-range phone on a slow 4G network, simulated)
# on the release build serving the demo house: the month view, an event page and
# the login page. Prints performance / accessibility / best practices per page
# and the bytes transferred; see docs/benchmarks.md.
#
#   bench/lighthouse.sh [--no-build]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS="${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
LIGHTHOUSE="$TOOLS/lighthouse/node_modules/.bin/lighthouse"
if [ ! -x "$LIGHTHOUSE" ]; then
  npm install --prefix "$TOOLS/lighthouse" --no-audit --no-fund --loglevel=error lighthouse@12 >&2
fi
[ "${1:-}" = --no-build ] || cargo leptos build --release --split --precompress >&2

PORT="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
DATA_DIR="$(mktemp -d)"
OUT_DIR="$(mktemp -d)"
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
  TREFFPUNKT_MODE=demo TREFFPUNKT_DATA_DIR="$DATA_DIR" RUST_LOG=warn \
  target/release/treffpunkt >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA_DIR" "$OUT_DIR"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
EVENT="$(curl -fs -H 'Accept: text/html' "$BASE/calendar?view=list&q=Repair-Caf%C3%A9" | grep -o 'href="/events/[0-9]*"' | head -n1 | cut -d'"' -f2)"

echo "| page | performance | accessibility | best practices | transferred | LCP |"
echo "| --- | --- | --- | --- | --- | --- |"
for path in "/calendar?view=month" "$EVENT" "/login"; do
  report="$OUT_DIR/report.json"
  CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "$BASE$path" --quiet --output=json --output-path="$report" \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage" \
    >/dev/null 2>&1 || { echo "| \`$path\` | lighthouse failed | | | | |"; continue; }
  node -e '
    const r = require(process.argv[1]);
    const score = (c) => Math.round(r.categories[c].score * 100);
    const bytes = r.audits["total-byte-weight"].numericValue;
    const lcp = r.audits["largest-contentful-paint"].displayValue;
    console.log(`| \`${process.argv[2]}\` | ${score("performance")} | ${score("accessibility")} | ${score("best-practices")} | ${(bytes / 1000).toFixed(1)} KB | ${lcp} |`);
    const failing = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && ["accessibility", "best-practices"].some((c) => r.categories[c].auditRefs.some((ref) => ref.id === a.id && ref.weight > 0)));
    for (const a of failing) console.error(`  ${process.argv[2]}: ${a.id}: ${a.title}`);
  ' "$report" "$path"
done
