import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const PASSWORD = "treffpunkt-demo";

/**
 * Collects console errors and uncaught exceptions of a page. A refused form
 * submission (422) is expected and answered at the field; the browser still logs it.
 */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().includes("status of 422")) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Hydration is done when a link click navigates without a page load. */
async function expectHydratedNavigation(page: Page, linkName: string, heading: string) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByRole("navigation").getByRole("link", { name: linkName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

async function logIn(page: Page, email: string) {
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Die nächsten Veranstaltungen" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
}

test("the page hydrates without console errors and navigates in place", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await expectHydratedNavigation(page, "Anmelden", "Anmelden");
  await expectHydratedNavigation(page, "Programm", "Die nächsten Veranstaltungen");
  expect(errors).toEqual([]);
});

test("an anonymous visitor sees the demo programme and no create form", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { level: 1, name: "Die nächsten Veranstaltungen" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Yoga für alle" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Offenes Nachbarschaftscafé" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Veranstaltung anlegen" })).toHaveCount(0);
});

test("the programme reads well with JavaScript off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Yoga für alle" }).first()).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upcoming events" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.close();
});

test("an organiser sees the error at the field, fixes it, and finds the event in the programme", async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, "organisation@example.org");
  const form = page.getByRole("region", { name: "Veranstaltung anlegen" });
  await expect(form).toBeVisible();
  const title = `Nachbarschaftsflohmarkt ${Date.now()}`;
  await form.getByRole("textbox", { name: "Titel", exact: true }).fill(title);
  await form.getByLabel("Beschreibung").fill("Stöbern, tauschen, plaudern.");
  await form.getByLabel("Raum").selectOption({ index: 1 });
  await form.getByLabel("Kategorie").selectOption({ index: 1 });
  // Two days ahead at night: among the first dates the programme lists, and free.
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("Beginn").fill(`${day}T03:00`);
  await form.getByRole("textbox", { name: "Ende", exact: true }).fill(`${day}T02:00`);
  await form.getByRole("button", { name: "Veranstaltung speichern" }).click();

  const end = form.getByRole("textbox", { name: "Ende", exact: true });
  await expect(end).toHaveAttribute("aria-invalid", "true");
  await expect(end).toHaveAccessibleDescription("Das Ende muss nach dem Beginn liegen.");
  await expect(form.getByRole("alert")).toHaveText("Bitte prüfen Sie die markierten Felder.");
  await expect(form.getByRole("textbox", { name: "Titel", exact: true })).toHaveValue(title);

  await end.fill(`${day}T04:00`);
  await form.getByRole("button", { name: "Veranstaltung speichern" }).click();
  await expect(form.getByRole("status")).toContainText("Die Veranstaltung wurde gespeichert und steht jetzt im Programm.");
  await expect(form.getByRole("link", { name: "Zur Veranstaltung" })).toHaveAttribute("href", /^\/events\/\d+$/);
  await expect(end).not.toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("textbox", { name: "Titel", exact: true })).toHaveValue("");
  await expect(page.getByRole("heading", { name: title })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a resident does not see the create form", async ({ page }) => {
  await logIn(page, "nachbarschaft@example.org");
  await expect(page.getByRole("heading", { name: "Veranstaltung anlegen" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Yoga für alle" }).first()).toBeVisible();
});

test("a wrong password is answered at the field, in the chosen language", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email address").fill("organisation@example.org");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription("Email address or password is not correct.");
});

for (const path of ["/", "/login", "/signup", "/gibt-es-nicht"]) {
  test(`axe finds no accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  });
}

test("axe finds no accessibility violations on the organiser's programme page", async ({ page }) => {
  await logIn(page, "organisation@example.org");
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
});
