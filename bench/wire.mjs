// Bytes a browser receives for one page: a first visit (empty cache) and a second
// visit (the same browser again), counted from Chromium's network events, so
// compression and caching count as they do for a person. Prints a Markdown table.
//
//   node bench/wire.mjs http://127.0.0.1:3000 /calendar?view=month /events/1 ...
import { chromium } from "../end2end/node_modules/playwright-core/index.mjs";

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage"],
});

/** Loads `path` in `page` and sums the bytes of every response that came over the wire. */
async function visit(page, cdp, path) {
  const byType = new Map();
  const types = new Map();
  const onResponse = (e) => types.set(e.requestId, e.type);
  const onFinished = (e) => {
    const type = types.get(e.requestId) ?? "Other";
    byType.set(type, (byType.get(type) ?? 0) + e.encodedDataLength);
  };
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.loadingFinished", onFinished);
  await page.goto(base + path, { waitUntil: "networkidle" });
  await page.waitForSelector("html[data-hydrated]", { timeout: 15000 });
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.loadingFinished", onFinished);
  return byType;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
const detail = (m) => [...m.entries()].map(([t, b]) => `${t} ${kb(b)}`).join(", ");

console.log("| page | first visit | second visit | first visit by type |");
console.log("| --- | --- | --- | --- |");
for (const path of paths) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const first = await visit(page, cdp, path);
  const second = await visit(page, cdp, path);
  console.log(`| \`${path}\` | ${kb(sum(first))} | ${kb(sum(second))} | ${detail(first)} |`);
  await context.close();
}
await browser.close();
