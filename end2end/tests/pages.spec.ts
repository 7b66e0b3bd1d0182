import { test, expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Every page, as a phone shows it: it hydrates, logs no console error, keeps its
 * document title, and needs no sideways scrolling at 320 px (WCAG 1.4.10).
 */
const PASSWORD = "treffpunkt-demo";
const PHONE = { width: 320, height: 640 };

/** Console errors and uncaught exceptions; a page answered with 404 may report that one. */
function watchErrors(page: Page, notFound: boolean): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    const ownStatus = notFound && msg.location().url === page.url() && msg.text().includes("status of 404");
    if (msg.type() === "error" && !ownStatus) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function expectWholePage(page: Page, path: string, status = 200) {
  const errors = watchErrors(page, status === 404);
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expect(page.locator("html"), `${path} hydrates`).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle");
  const title = await page.title();
  expect(title.trim(), `${path} keeps its title`).not.toEqual("");
  expect(title, path).toContain("Treffpunkt");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width}px wide at 320px`).toBeLessThanOrEqual(PHONE.width);
  expect(errors, `${path} console`).toEqual([]);
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  return page;
}

/** The address of the first date of a demo series, from the list view. */
async function firstDate(page: Page, title: string): Promise<string> {
  await page.goto(`/calendar?view=list&q=${encodeURIComponent(title)}`);
  const href = await page.getByRole("link", { name: title }).first().getAttribute("href");
  expect(href).toMatch(/^\/events\/\d+$/);
  return href as string;
}

const PUBLIC_PAGES = [
  "/",
  "/calendar?view=month",
  "/calendar?view=week",
  "/calendar?view=day",
  "/calendar?view=list",
  "/screen",
  "/print/week",
  "/login",
  "/signup",
];

test.use({ viewport: PHONE });

for (const path of PUBLIC_PAGES) {
  test(`${path} hydrates at 320px without errors and keeps its title`, async ({ page }) => {
    await expectWholePage(page, path);
  });
}

test("the not-found page hydrates at 320px and says so with a 404", async ({ page }) => {
  await expectWholePage(page, "/gibt-es-nicht", 404);
});

test("an event page hydrates at 320px without errors", async ({ page }) => {
  const path = await firstDate(page, "Gymnastik 60+");
  await expectWholePage(page, path);
});

test("an English page hydrates at 320px without errors", async ({ page }) => {
  await page.goto("/calendar?view=month");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectWholePage(page, "/calendar?view=month");
});

test("signed-in pages hydrate at 320px without errors", async ({ browser }) => {
  const organiser = await signedIn(browser, "organisation@example.org");
  const event = await firstDate(organiser, "Yoga für alle");
  for (const path of [
    "/",
    "/my",
    "/account",
    "/calendar?view=week",
    event,
    `${event}/edit`,
    "/planner",
    "/planner?view=day",
    "/moderation/offers",
    "/moderation/requests",
  ]) {
    await expectWholePage(organiser, path);
  }
  await organiser.context().close();
  const resident = await signedIn(browser, "nachbarschaft@example.org");
  for (const path of ["/", "/my", "/account", "/offers", "/offers/new", "/rooms/request", event]) {
    await expectWholePage(resident, path);
  }
  await resident.context().close();
});

test("the admin's mail page hydrates at 320px, says that nothing failed, and passes axe", async ({ browser }) => {
  const admin = await signedIn(browser, "admin@example.org");
  await admin.getByRole("link", { name: "E-Mail-Zustellung" }).click();
  await expect(admin).toHaveURL(/\/admin\/mail$/);
  await expectWholePage(admin, "/admin/mail");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("E-Mails, die nicht zugestellt werden konnten");
  await expect(admin.getByText("Keine. Alle E-Mails wurden zugestellt")).toBeVisible();
  const result = await new AxeBuilder({ page: admin }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(result.violations).toEqual([]);
  await expectWholePage(admin, "/admin/rooms");
  const settings = await new AxeBuilder({ page: admin }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(settings.violations).toEqual([]);
  await admin.context().close();
});
