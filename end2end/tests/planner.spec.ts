import { test, expect, type Page, type Browser, type Locator } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const PASSWORD = "treffpunkt-demo";
const CAFE = "Ukrainisches Gesprächscafé";
const CHOIR = "Chorprobe Körner Stimmen";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/status of (4\d\d)/.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function organiser(browser: Browser, options = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-Mail-Adresse").fill("organisation@example.org");
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  return page;
}

/** A Monday at least a week ahead on which the demo house is open (YYYY-MM-DD). */
function openMonday(): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 7);
  const closed = ["12-24", "12-25", "12-26", "12-31", "01-01"];
  for (;;) {
    const iso = day.toISOString().slice(0, 10);
    if (day.getUTCDay() === 1 && !closed.includes(iso.slice(5))) return iso;
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

async function openPlanner(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  // The planner is a lazy route: its part hydrates after the page's frame.
  await expect(page.locator(".planner")).toHaveAttribute("data-ready", "true");
  await page.waitForLoadState("networkidle");
}

/** The day grid's cell of a room (by its column heading) at an hour. */
async function cell(page: Page, room: string, hour: number): Promise<Locator> {
  const headings = await page.locator("table.planner-day thead th").allInnerTexts();
  const column = headings.findIndex((text) => text.startsWith(room));
  expect(column, `a column for ${room}`).toBeGreaterThan(0);
  const row = page.locator("table.planner-day tbody tr").filter({
    has: page.locator("th", { hasText: `${String(hour).padStart(2, "0")}:00` }),
  });
  return row.locator("td").nth(column - 1);
}

function item(scope: Page | Locator, title: string): Locator {
  return scope.locator(".plan-item").filter({ hasText: title });
}

async function dragTo(page: Page, from: Locator, to: Locator, yShare = 0.05) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("both ends of the drag are on screen");
  await page.mouse.move(a.x + a.width / 2, a.y + Math.min(8, a.height / 2));
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height * yShare, { steps: 12 });
  await page.mouse.up();
}

const live = (page: Page) => page.locator("[data-planner-live]");

test("drag from the tray, move by keyboard, resize, a refused drop and undo", async ({ browser }) => {
  // Tall enough that the tray and the evening hours are on screen together.
  const page = await organiser(browser, { viewport: { width: 1400, height: 1800 } });
  const errors = watchErrors(page);
  const day = openMonday();
  await openPlanner(page, `/planner?view=day&date=${day}`);
  const tray = page.locator("[data-tray]");
  await expect(item(tray, CAFE)).toBeVisible();

  // Drag from the tray into the café at 16:00 with the mouse.
  const target = await cell(page, "Nachbarschaftscafé", 16);
  await dragTo(page, item(tray, CAFE).locator(".plan-item-handle"), target);
  await expect(live(page)).toContainText("Gespeichert");
  await expect(item(target, CAFE)).toContainText("16:00–17:30");
  await expect(item(tray, CAFE)).toHaveCount(0);

  // The keyboard alone: Enter picks it up, four steps down is an hour, Enter puts it down.
  const handle = item(page, CAFE).locator(".plan-item-handle");
  await handle.focus();
  await page.keyboard.press("Enter");
  await expect(live(page)).toContainText("aufgenommen");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
  await expect(live(page)).toContainText("17:00–18:30");
  await expect(live(page)).toContainText("passt");
  await page.keyboard.press("Enter");
  await expect(live(page)).toContainText("Gespeichert");
  await expect(item(await cell(page, "Nachbarschaftscafé", 17), CAFE)).toContainText("17:00–18:30");

  // Shift+arrow changes the end; Escape cancels a move. The save's own live echo
  // can redraw the date just after it landed, taking the focus with it: pick it
  // up once it holds still.
  await expect(async () => {
    await item(page, CAFE).locator(".plan-item-handle").focus();
    await page.keyboard.press("Enter");
    await expect(live(page)).toContainText("aufgenommen", { timeout: 1000 });
  }).toPass();
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Escape");
  await expect(live(page)).toContainText("abgebrochen");
  await expect(item(page, CAFE)).toContainText("17:00–18:30");

  // Resize by the lower edge with the mouse: down to 19:00.
  const edge = item(page, CAFE).locator(".plan-item-resize");
  await dragTo(page, edge, await cell(page, "Nachbarschaftscafé", 18), 0.9);
  await expect(live(page)).toContainText("Gespeichert");
  await expect(item(page, CAFE)).toContainText("17:00–19:00");

  // The choir dropped onto the café's time is refused, with the reason, and stays in the tray.
  await dragTo(page, item(tray, CHOIR).first().locator(".plan-item-handle"), await cell(page, "Nachbarschaftscafé", 17));
  await expect(live(page)).toContainText("Nicht gespeichert");
  await expect(live(page)).toContainText(CAFE);
  await expect(item(tray, CHOIR).first()).toBeVisible();

  // Undo (Ctrl+Z) takes back the resize; the server has it too.
  await page.keyboard.press("Control+z");
  await expect(live(page)).toContainText("Gespeichert");
  await expect(item(page, CAFE)).toContainText("17:00–18:30");
  await page.getByRole("button", { name: "Wiederholen" }).click();
  await expect(item(page, CAFE)).toContainText("17:00–19:00");
  await openPlanner(page, `/planner?view=day&date=${day}`);
  await expect(item(await cell(page, "Nachbarschaftscafé", 17), CAFE)).toContainText("17:00–19:00");
  expect(errors).toEqual([]);
  await page.context().close();
});

test("the move dialog does what dragging does, and a drop that needs confirming asks", async ({ browser }) => {
  const page = await organiser(browser);
  const day = openMonday();
  await openPlanner(page, `/planner?view=week&date=${day}`);
  const choir = item(page.locator("[data-tray]"), CHOIR).first();
  await choir.getByRole("link", { name: "Verschieben …" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(axe.violations.map((v) => `dialog: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  // The seminar room has no piano: the choir needs one, so the browser asks first.
  await dialog.getByLabel("Raum").selectOption({ label: "Seminarraum" });
  await dialog.getByLabel("Beginn").fill(`${day}T19:00`);
  await dialog.getByLabel("Ende").fill(`${day}T20:30`);
  await expect(dialog).toContainText("Klavier");
  page.once("dialog", (question) => question.accept());
  await dialog.getByRole("button", { name: "Speichern" }).click();
  await expect(live(page)).toContainText("Gespeichert");
  await expect(page.locator("table.planner-week")).toContainText(CHOIR);
  await page.context().close();
});

test("the planner works with JavaScript off: a table to read and a form to move", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-Mail-Adresse").fill("organisation@example.org");
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.waitForLoadState();
  const day = openMonday();
  await page.goto(`/planner?view=week&date=${day}`);
  await expect(page.locator("table.planner-week caption")).toContainText("Alte Körne Haus");
  await expect(page.locator("table.planner-week tbody th", { hasText: "Saal A" })).toContainText("Teil von Großer Saal");
  const choir = item(page.locator("[data-tray]"), CHOIR).first();
  await choir.getByRole("link", { name: "Verschieben …" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Raum").selectOption({ label: "Saal A" });
  await dialog.getByLabel("Beginn").fill(`${day}T19:00`);
  await dialog.getByLabel("Ende").fill(`${day}T20:30`);
  await dialog.getByRole("button", { name: "Speichern" }).click();
  await page.goto(`/planner?view=week&date=${day}`);
  await expect(page.locator("table.planner-week tbody tr", { hasText: "Saal A" })).toContainText(CHOIR);
  await context.close();
});

test("axe finds no violations on the planner's day and week", async ({ browser }) => {
  const page = await organiser(browser);
  for (const path of [`/planner?view=day&date=${openMonday()}`, `/planner?view=week&date=${openMonday()}`]) {
    await openPlanner(page, path);
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(result.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  }
  // The printable plan of a room's week, for its door.
  await page.locator("table.planner-week tbody tr", { hasText: "Nachbarschaftscafé" }).getByRole("link", { name: /Wochenplan drucken/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nachbarschaftscafé");
  await expect(page.locator(".door-plan")).toContainText(CAFE);
  const door = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(door.violations.map((v) => `door plan: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  await page.context().close();
});

test("a second organiser sees a change live, within a second, without reloading", async ({ browser }) => {
  const day = openMonday();
  const watcher = await organiser(browser);
  await openPlanner(watcher, `/planner?view=week&date=${day}`);
  await watcher.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const mover = await organiser(browser);
  await openPlanner(mover, `/planner?view=week&date=${day}`);
  // A date of the tray placed by the mover through the dialog…
  const choir = item(mover.locator("[data-tray]"), CHOIR).first();
  await choir.getByRole("link", { name: "Verschieben …" }).click();
  const dialog = mover.getByRole("dialog");
  await dialog.getByLabel("Raum").selectOption({ label: "Großer Saal" });
  await dialog.getByLabel("Beginn").fill(`${day}T10:00`);
  await dialog.getByLabel("Ende").fill(`${day}T11:30`);
  const sent = Date.now();
  await dialog.getByRole("button", { name: "Speichern" }).click();
  await expect(live(mover)).toContainText("Gespeichert");
  // …shows in the other organiser's plan, in the same document.
  const hall = watcher.locator("table.planner-week tbody tr").filter({ has: watcher.locator("th", { hasText: /^Großer Saal/ }) });
  await expect(hall).toContainText(CHOIR, { timeout: 1000 + (Date.now() - sent) });
  expect(await watcher.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await watcher.context().close();
  await mover.context().close();
});

test("on a tablet a long press picks a date up and a touch drag places it", async ({ browser }) => {
  const page = await organiser(browser, { viewport: { width: 1024, height: 1366 }, hasTouch: true });
  const day = openMonday();
  await openPlanner(page, `/planner?view=week&date=${day}`);
  const choir = item(page.locator("[data-tray]"), CHOIR).first().locator(".plan-item-handle");
  const row = page.locator("table.planner-week tbody tr", { hasText: "Saal B" });
  const target = row.locator("td").nth(1);
  await target.scrollIntoViewIfNeeded();
  const a = await choir.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error("both on screen");
  const touch = async (type: string, x: number, y: number) =>
    page.evaluate(
      ([type, x, y]) => {
        const el = document.elementFromPoint(x as number, y as number) ?? document.body;
        el.dispatchEvent(new PointerEvent(type as string, { bubbles: true, cancelable: true, pointerType: "touch", pointerId: 7, isPrimary: true, button: 0, clientX: x as number, clientY: y as number }));
      },
      [type, x, y],
    );
  await touch("pointerdown", a.x + 10, a.y + 8);
  await page.waitForTimeout(500);
  await touch("pointermove", a.x + 11, a.y + 8);
  await expect(live(page)).toContainText("aufgenommen");
  for (let i = 1; i <= 8; i++) {
    await touch("pointermove", a.x + 10 + ((b.x + 20 - a.x - 10) * i) / 8, a.y + 8 + ((b.y + 10 - a.y - 8) * i) / 8);
  }
  page.on("dialog", (question) => question.accept());
  await touch("pointerup", b.x + 20, b.y + 10);
  await expect(live(page)).toContainText("Gespeichert");
  await expect(row).toContainText(CHOIR);
  await page.context().close();
});

test("find a place lists free places, and one press places the date", async ({ browser }) => {
  const page = await organiser(browser);
  await openPlanner(page, `/planner?view=week&date=${openMonday()}`);
  const date = page.locator("[data-tray] li").filter({ hasText: CHOIR }).first();
  await date.getByRole("button", { name: "Ort finden" }).click();
  const first = date.locator("[data-suggest] li button").first();
  await expect(first).toBeFocused();
  const place = (await first.innerText()).split(",")[0];
  await page.keyboard.press("Enter");
  await expect(live(page)).toContainText("Gespeichert");
  await expect(live(page)).toContainText(place);
  await page.context().close();
});

test("keys pressed faster than the page redraws still steer the picked date", async ({ browser }) => {
  const page = await organiser(browser, { viewport: { width: 1400, height: 1800 } });
  const GYM = "Eltern-Kind-Turnen";
  let wednesday = openMonday();
  const next = (date: string, days: number) => {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  wednesday = next(wednesday, 2);
  for (let tries = 0; ; tries++, wednesday = next(wednesday, 7)) {
    expect(tries, "a Wednesday with the gym").toBeLessThan(8);
    await openPlanner(page, `/planner?view=day&date=${wednesday}`);
    if ((await item(page, GYM).count()) === 1) break;
  }
  await item(page, GYM).locator(".plan-item-handle").focus();
  await page.keyboard.press("Enter");
  await expect(live(page)).toContainText("aufgenommen");
  // Each step moves the date into the next hour's cell: its button is drawn
  // anew and focused a frame later. These keys come in between.
  await page.evaluate(async () => {
    for (let i = 0; i < 4; i++) {
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true, cancelable: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });
  await expect(live(page)).toContainText("11:00–12:00");
  await page.keyboard.press("Escape");
  await expect(live(page)).toContainText("Verschieben abgebrochen");
  await expect(item(await cell(page, "Bewegungsraum", 10), GYM)).toContainText("10:00–11:00");
  await page.context().close();
});

test("a series date moved with the following dates lists the clashes first; moved with all, every date follows", async ({ browser }) => {
  // Up to fourteen day plans are opened to find fitting Wednesdays.
  test.setTimeout(90_000);
  const page = await organiser(browser, { viewport: { width: 1400, height: 1800 } });
  const GYM = "Eltern-Kind-Turnen";
  // A Wednesday with the parent-and-child gym on which the digital consultation
  // (every other Wednesday, 11:00–13:00) does not use the café.
  let thursday = openMonday();
  const next = (date: string, days: number) => {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  thursday = next(thursday, 2);
  for (let tries = 0; ; tries++) {
    expect(tries, "a Wednesday with the gym and a free café at 11:00").toBeLessThan(8);
    await openPlanner(page, `/planner?view=day&date=${thursday}`);
    const gym = await item(page, GYM).count();
    const counselling = await item(await cell(page, "Nachbarschaftscafé", 11), "Digitale Sprechstunde").count();
    if (gym === 1 && counselling === 0) break;
    thursday = next(thursday, 7);
  }
  // Into the café at 11:00: this Wednesday is free, every other one is not.
  await item(page, GYM).locator(".plan-item-handle").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
  await expect(live(page)).toContainText("Nachbarschaftscafé");
  await page.keyboard.press("Enter");
  const scope = page.getByRole("dialog");
  await expect(scope).toContainText("gehört zu einer Serie");
  page.on("dialog", (question) => question.accept());
  await scope.getByRole("button", { name: "Diesen und alle folgenden Termine" }).click();
  await expect(scope.getByRole("alert")).toContainText("nichts wurde gespeichert");
  await expect(scope.getByRole("alert")).toContainText("Digitale Sprechstunde");
  await scope.getByRole("button", { name: "Abbrechen" }).click();
  await openPlanner(page, `/planner?view=day&date=${thursday}`);
  await expect(item(await cell(page, "Bewegungsraum", 10), GYM)).toContainText("10:00–11:00");
  // An hour later in its own room, all dates: saved, and the following week too.
  await item(page, GYM).locator(".plan-item-handle").focus();
  await page.keyboard.press("Enter");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await scope.getByRole("button", { name: "Alle Termine" }).click();
  await expect(live(page)).toContainText("ist geändert");
  await expect(item(await cell(page, "Bewegungsraum", 11), GYM)).toContainText("11:00–12:00");
  // The next Wednesday with the gym (holidays and the Christmas break have none).
  let later = next(thursday, 7);
  for (let tries = 0; tries < 6; tries++, later = next(later, 7)) {
    await openPlanner(page, `/planner?view=day&date=${later}`);
    if ((await item(page, GYM).count()) === 1) break;
  }
  await expect(item(page, GYM)).toContainText("11:00–12:00");
  await page.context().close();
});
