import { test, expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const PASSWORD = "treffpunkt-demo";

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/status of (4\d\d)/.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
}

async function sameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)) === true;
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  return page;
}

type ApiEvent = { id: number; title: string; start: string; audience: string[]; kind: string; status: string };

/** The public dates the JSON API lists for a query. */
async function apiEvents(page: Page, query: string): Promise<ApiEvent[]> {
  const response = await page.request.get(`/api/v1/events?${query}`);
  expect(response.ok(), query).toBe(true);
  return (await response.json()).events;
}

/** A date (YYYY-MM-DD) `days` days after another. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of a date's week. */
function mondayOf(date: string): string {
  return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/** Europe/Berlin's offset on a date, in the evening: summer time (+02:00) from the
 * last Sunday of March up to the last Sunday of October, which is winter time again
 * by then (both switches happen at 01:00 UTC). Worked out independently of the server. */
function berlinEveningOffset(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const lastSunday = (m: number) => {
    const last = new Date(Date.UTC(year, m, 0)); // the last day of month m (1-based)
    return Date.UTC(year, m - 1, last.getUTCDate() - last.getUTCDay());
  };
  const at = Date.UTC(year, month - 1, day);
  return at >= lastSunday(3) && at < lastSunday(10) ? "+02:00" : "+01:00";
}

/** The first date of a demo series, found through the list view's search. */
async function openFirstDate(page: Page, title: string) {
  await page.goto(`/calendar?view=list&q=${encodeURIComponent(title)}`);
  await page.waitForLoadState("networkidle");
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("filter the month, share the URL, and get the same view", async ({ page, browser }) => {
  const errors = watchErrors(page);
  await page.goto("/calendar?view=month");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("table")).toBeVisible();
  await markDocument(page);
  await page.getByText("Filtern und suchen").click();
  // A weekly series: next month has its dates whatever day the test runs.
  await page.getByLabel("Kategorie").selectOption({ label: "Yoga" });
  await page.getByRole("button", { name: "Filter anwenden" }).click();
  await expect(page).toHaveURL(/category=yoga/);
  expect(await sameDocument(page), "filtering without a page load").toBe(true);

  await page.getByRole("link", { name: "Weiter" }).click();
  await expect(page).toHaveURL(/date=/);
  expect(await sameDocument(page), "paging without a page load").toBe(true);
  await expect(page.getByRole("status").filter({ hasText: /(passen|passt) zu Ihren Filtern/ })).toBeVisible();
  const entries = page.locator(".month__entry");
  await expect(entries.first()).toBeVisible();
  const texts = await entries.allTextContents();
  expect(texts.length, "next month has the weekly dates").toBeGreaterThanOrEqual(3);
  for (const text of texts) expect(text).toContain("Yoga für alle");
  const shared = page.url();

  const other = await (await browser.newContext()).newPage();
  await other.goto(shared);
  await expect(other.getByLabel("Kategorie")).toHaveValue("yoga");
  await expect(other.getByRole("heading", { level: 2, name: await page.locator("#calendar-period").innerText() })).toBeVisible();
  // The same month without the filter has other dates too: the filter left them out.
  const unfiltered = new URL(shared);
  unfiltered.searchParams.delete("category");
  await other.goto(unfiltered.toString());
  await expect(other.locator(".month__entry").first()).toBeVisible();
  const all = await other.locator(".month__entry").allTextContents();
  expect(all.length, "the unfiltered month has more dates").toBeGreaterThan(texts.length);
  expect(all.some((text) => !text.includes("Yoga für alle")), "dates of other series").toBe(true);
  expect(errors).toEqual([]);
});

test("the arrow keys move between the days of the month", async ({ page }) => {
  await page.goto("/calendar?view=month");
  await page.waitForLoadState("networkidle");
  await page.locator('a[data-day="8"]').focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator('a[data-day="9"]')).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('a[data-day="16"]')).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator('a[data-day="8"]')).toBeFocused();
});

test("an empty filter says so and offers to clear it", async ({ page }) => {
  await page.goto("/calendar?view=list&q=gibt-es-nicht");
  await expect(page.getByText("Zu Ihren Filtern gibt es in diesem Zeitraum keine Termine.")).toBeVisible();
  await page.locator(".empty-state").getByRole("link", { name: "Filter zurücksetzen" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.locator(".event-card").first()).toBeVisible();
});

test("the calendar works with JavaScript off, filters included", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // The API says which series are for seniors (theirs and those for everyone), and
  // which week has both such dates and others (homework help, counselling).
  const today: string = (await (await page.request.get("/api/v1/events")).json()).from;
  const range = `from=${today}&to=${addDays(today, 60)}`;
  const seniors = await apiEvents(page, `audience=seniors&${range}`);
  for (const event of seniors) expect(event.audience.some((a) => a === "seniors" || a === "everyone"), event.title).toBe(true);
  const forSeniors = new Set(seniors.map((event) => event.title));
  const all = await apiEvents(page, range);
  const week = seniors
    .map((event) => mondayOf(event.start.slice(0, 10)))
    .filter((monday) => addDays(monday, 6) <= addDays(today, 60))
    .find((monday) => all.some((event) => mondayOf(event.start.slice(0, 10)) === monday && !forSeniors.has(event.title)));
  expect(week, "a week with dates for seniors and others").toBeTruthy();

  await page.goto(`/calendar?view=week&date=${week}`);
  await expect(page.locator(".days--week")).toBeVisible();
  const titles = page.locator(".days--week .event-card__title");
  const before = (await titles.allTextContents()).map((text) => text.trim());
  expect(before.some((title) => !forSeniors.has(title)), `dates not for seniors: ${before}`).toBe(true);
  await page.getByText("Filtern und suchen").click();
  await page.getByLabel("Für wen").selectOption("seniors");
  await page.getByRole("button", { name: "Filter anwenden" }).click();
  await expect(page).toHaveURL(/audience=seniors/);
  await expect(page).toHaveURL(/view=week/);
  await expect(page).toHaveURL(new RegExp(`date=${week}`));
  await page.waitForLoadState();
  const after = (await titles.allTextContents()).map((text) => text.trim());
  expect(after.length, "the filtered week lists dates").toBeGreaterThan(0);
  for (const title of after) expect(forSeniors.has(title), `${title} is for seniors`).toBe(true);
  expect(after.length, "the filter left dates out").toBeLessThan(before.length);
  await context.close();
});

test("open an event: facts, calendar file, share link, JSON-LD and OpenGraph", async ({ page }) => {
  await openFirstDate(page, "Yoga für alle");
  await expect(page.getByText("Gegen Spende").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "In meinen Kalender (.ics)" })).toHaveAttribute("href", /\/events\/\d+\/ics/);
  await expect(page.getByLabel("Link zum Teilen")).toHaveValue(/\/events\/\d+$/);
  await expect(page.getByRole("heading", { name: "Die nächsten Termine" })).toBeVisible();
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(jsonLd["@type"]).toBe("Event");
  expect(jsonLd.name).toBe("Yoga für alle");
  expect(jsonLd.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T18:00:00[+-]\d{2}:\d{2}$/);
  const date = jsonLd.startDate.slice(0, 10);
  expect(jsonLd.startDate, "the offset Berlin has on that date").toBe(`${date}T18:00:00${berlinEveningOffset(date)}`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Yoga für alle");
});

test("register and cancel; the waitlist moves up", async ({ browser }) => {
  const first = await signedInPage(browser, "nachbarschaft@example.org");
  const second = await signedInPage(browser, "ehrenamt@example.org");
  const third = await signedInPage(browser, "admin@example.org");
  for (const page of [first, second]) {
    await openFirstDate(page, "Nähkurs für Einsteigende");
    await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
    await expect(page.getByText("Sie sind angemeldet.")).toBeVisible();
  }
  await openFirstDate(third, "Nähkurs für Einsteigende");
  await expect(third.getByText("Ausgebucht – Warteliste").first()).toBeVisible();
  await third.getByRole("button", { name: "Auf die Warteliste setzen" }).click();
  await expect(third.getByText("Sie stehen auf der Warteliste, auf Platz 1.")).toBeVisible();

  await first.getByRole("button", { name: "Anmeldung zurückziehen" }).click();
  await expect(first.getByText("Sie haben sich abgemeldet.")).toBeVisible();
  await third.reload();
  await expect(third.getByText("Sie sind angemeldet.")).toBeVisible();
});

test("the subscribe link is a webcal link to the filtered feed", async ({ page }) => {
  await page.goto("/calendar?category=yoga");
  const link = page.getByRole("link", { name: "Abonnieren (webcal)" });
  await expect(link).toHaveAttribute("href", /^webcal:\/\/.+\/feeds\/calendar\.ics\?category=yoga$/);
  const feed = await page.request.get("/feeds/calendar.ics?category=yoga");
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  expect(await feed.text()).toContain("SUMMARY:Yoga für alle");
});

test("the entrance screen shows today by room and refreshes itself", async ({ page }) => {
  await page.goto("/screen?refresh=5");
  await expect(page.getByRole("heading", { level: 1, name: /Heute im Alte Körne Haus/ })).toBeVisible();
  await expect(page.locator(".site-header")).toBeHidden();
  await page.waitForLoadState("networkidle");
  await markDocument(page);
  const refetch = await page.waitForRequest(/\/api\/calendar\/view/, { timeout: 12_000 });
  expect(refetch.method()).toBe("POST");
  await page.waitForLoadState("networkidle");
  expect(await sameDocument(page), "refreshed in place").toBe(true);
});

test("axe finds no violations on the calendar views, an event page and the entrance screen", async ({ page }) => {
  const pages = ["/calendar?view=month", "/calendar?view=week", "/calendar?view=day", "/calendar", "/screen", "/print/week"];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(result.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  }
  await openFirstDate(page, "Yoga für alle");
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(result.violations.map((v) => `event: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
});

test("an organiser changes this and following dates, cancels one date and restores a skipped one", async ({ browser }) => {
  const page = await signedInPage(browser, "organisation@example.org");
  const errors = watchErrors(page);
  await openFirstDate(page, "Gymnastik 60+");
  await page.getByRole("link", { name: "Termin bearbeiten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Termin bearbeiten: Gymnastik 60+" })).toBeVisible();
  await page.waitForLoadState("networkidle");

  // Open the third date and move it and every following one to 11:00.
  const dates = page.getByRole("region", { name: "Termine ab heute" }).getByRole("listitem");
  await dates.nth(2).getByRole("link", { name: "Bearbeiten" }).click();
  await expect(dates.nth(2).getByText("Dieser Termin")).toBeVisible();
  await page.waitForLoadState("networkidle");
  const start = await page.getByLabel("Beginn").inputValue();
  const day = start.slice(0, 10);
  await page.getByLabel("Diesen und alle folgenden Termine").check();
  await page.getByRole("textbox", { name: "Titel", exact: true }).fill("Gymnastik 60+ am späten Vormittag");
  await page.getByLabel("Beginn").fill(`${day}T11:00`);
  await page.getByRole("textbox", { name: "Ende", exact: true }).fill(`${day}T12:00`);
  await page.getByRole("button", { name: "Änderungen speichern" }).click();
  await expect(page.getByText("Die Änderungen sind gespeichert.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("am späten Vormittag");
  const changed = page.getByRole("region", { name: "Termine ab heute" }).getByRole("listitem");
  await expect(changed.first().locator("time")).toHaveAttribute("datetime", `${day}T11:00`);
  for (const text of await changed.locator(".editor-dates__when").allTextContents()) expect(text).toContain("11:00");

  // The earlier dates keep their time and title. The list runs four weeks, and a
  // closure (Christmas) can put the changed date beyond the first four: each part
  // is looked up in a list that starts where it lies, whatever the day.
  const editor = page.url();
  const search = `q=${encodeURIComponent("Gymnastik 60+")}`;
  await page.goto(`/calendar?view=list&${search}`);
  await expect(page.getByRole("link", { name: "Gymnastik 60+", exact: true }).first()).toBeVisible();
  await page.goto(`/calendar?view=list&date=${day}&${search}`);
  await expect(page.getByRole("link", { name: "Gymnastik 60+ am späten Vormittag" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Gymnastik 60+", exact: true })).toHaveCount(0);

  // Cancel one date only, and undo it.
  await page.goto(editor);
  await page.waitForLoadState("networkidle");
  const second = page.getByRole("region", { name: "Termine ab heute" }).getByRole("listitem").nth(1);
  await second.getByRole("button", { name: "Nur diesen Termin absagen" }).click();
  await expect(second.getByText("Fällt aus")).toBeVisible();
  await second.getByRole("button", { name: "Wieder stattfinden lassen" }).click();
  await expect(second.getByText("Fällt aus")).toBeHidden();

  // Ascension Day is a Thursday: the series skips it, and an organiser can restore it.
  const skipped = page.getByRole("region", { name: "Ausgelassene Termine" });
  const holiday = skipped.getByRole("listitem").filter({ hasText: "Feiertag" }).first();
  const holidayDate = await holiday.locator("time").getAttribute("datetime");
  await holiday.getByRole("button", { name: "Wiederherstellen" }).click();
  await expect(skipped.locator(`time[datetime="${holidayDate}"]`)).toHaveCount(0);
  await expect(
    page.getByRole("region", { name: "Termine ab heute" }).locator(`time[datetime="${holidayDate}T11:00"]`),
  ).toHaveCount(1);

  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(result.violations.map((v) => `editor: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test("an organiser creates a weekly series with the create form", async ({ browser }) => {
  const page = await signedInPage(browser, "organisation@example.org");
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.getByRole("textbox", { name: "Titel", exact: true }).fill("Schachtreff");
  await page.getByLabel("Raum").selectOption({ index: 1 });
  await page.getByLabel("Kategorie").selectOption({ index: 1 });
  await page.getByLabel("Beginn").fill("2027-09-06T19:00");
  await page.getByRole("textbox", { name: "Ende", exact: true }).fill("2027-09-06T21:00");
  await page.getByLabel("Wiederholt sich").selectOption("weekly");
  await page.getByLabel("Montag").check();
  await page.getByLabel("Wie lange läuft die Reihe?").selectOption("after");
  await page.getByLabel("Anzahl der Termine").fill("0");
  await page.getByLabel("Jugendliche").check();
  await page.getByLabel("Türkisch").check();
  await page.getByLabel("Kosten", { exact: true }).selectOption("amount");
  await page.getByLabel("Betrag in Euro").fill("zwei");
  await page.getByLabel("Kontakt").fill("schach@example.org");
  await page.getByRole("button", { name: "Veranstaltung speichern" }).click();
  await expect(page.getByText("Eine Reihe hat 1 bis 520 Termine.")).toBeVisible();
  await expect(page.getByText("Bitte geben Sie einen Betrag zwischen 0,01 und 1.000 Euro an")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Titel", exact: true })).toHaveValue("Schachtreff");
  await page.getByLabel("Anzahl der Termine").fill("4");
  await page.getByLabel("Betrag in Euro").fill("2,50");
  await page.getByRole("button", { name: "Veranstaltung speichern" }).click();
  await expect(page.getByText("Die Veranstaltung wurde gespeichert")).toBeVisible();
  const api = await page.request.get("/api/v1/events?from=2027-09-01&to=2027-10-31&q=Schachtreff");
  const body = await api.json();
  const titles = body.events.filter((e: { title: string }) => e.title === "Schachtreff");
  expect(titles.length).toBe(4);
  expect(titles[0].price).toEqual({ kind: "amount", cents: 250, currency: "EUR" });
  expect(titles[0].audience).toEqual(["everyone", "youth"]);
  expect(titles[0].languages).toEqual(["de", "tr"]);
});
