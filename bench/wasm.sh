#!/usr/bin/env bash
# What the browser downloads: the WASM bundle, raw and compressed as served. A build
# made with `cargo leptos build --release --split` (lazy routes) is measured per page:
# the main module plus that page's chunks from the split manifest, each file
# compressed on its own. Prints a Markdown table; see docs/benchmarks.md.
#
#   bench/wasm.sh            (builds with `cargo leptos build --release --split` first)
#   bench/wasm.sh --no-build (measures what target/site/pkg holds)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:${TREFFPUNKT_TOOLS_DIR:-$HOME/.cache/treffpunkt-tools}/node_modules/.bin:$PATH"
command -v brotli >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y brotli >/dev/null; else sudo apt-get install -y brotli >/dev/null; fi; }
if [ "${1:-}" != --no-build ]; then
  # cargo-leptos leaves an earlier split build's chunks behind; they would be measured too.
  rm -f target/site/pkg/__wasm_split* target/site/pkg/chunk_*
  cargo leptos build --release --split --precompress >&2
fi

python3 - <<'PY'
import gzip, json, pathlib, subprocess

pkg = pathlib.Path("target/site/pkg")
# Built with hashed names (`hash-files`): `treffpunkt.<hash>.wasm`, `chunk_3.<hash>.wasm`,
# `__wasm_split_manifest.<hash>.json`, whose entries name the chunks by their hashed stems.
manifests = sorted(pkg.glob("__wasm_split_manifest*.json"))
split = bool(manifests)
manifest = json.loads(manifests[0].read_text()) if split else {}

def sizes(path):
    data = path.read_bytes()
    brotli = subprocess.run(["brotli", "-q", "11", "-c", str(path)], capture_output=True, check=True).stdout
    return len(data), len(gzip.compress(data, 9)), len(brotli)

main = sizes(next(p for p in pkg.glob("treffpunkt*.wasm")))
kb = lambda b: f"{b / 1000:,.1f} KB"
print("| what the browser loads | files | raw | gzip | brotli |")
print("| --- | --- | --- | --- | --- |")
what = "main module (every page; all the calendar, not a lazy route, needs)" if split else "the one bundle (every page)"
print(f"| {what} | 1 | {kb(main[0])} | {kb(main[1])} | {kb(main[2])} |")
for split, chunks in sorted(manifest.items()):
    route = split.strip("_").rsplit("_", 1)[0].removesuffix("_route_view")
    total = list(main)
    for chunk in chunks:
        for i, size in enumerate(sizes(pkg / f"{chunk}.wasm")):
            total[i] += size
    print(f"| main + route `{route}` | {1 + len(chunks)} | {kb(total[0])} | {kb(total[1])} | {kb(total[2])} |")
print()
print("| the page's texts (`/texts/<code>.<hash>.txt`, one language per visitor, cached a year) | raw | gzip | brotli |")
print("| --- | --- | --- | --- |")
for path in sorted(pathlib.Path("app/locales").glob("*.txt")):
    raw, gz, br = sizes(path)
    print(f"| `{path.stem}` | {kb(raw)} | {kb(gz)} | {kb(br)} |")
PY
