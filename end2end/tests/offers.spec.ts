import { test, expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * An offer from a resident to the house: submitted, a question from the
 * organiser, answered and edited, accepted, and waiting in the planner's tray.
 */
const PASSWORD = "treffpunkt-demo";
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    // Refusals (4xx) are answered at the field; they are part of the story.
    if (msg.type() === "error" && !/status of (4\d\d)/.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  return page;
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle");
}

async function noViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations).toEqual([]);
}

/** A Saturday four weeks ahead, as the date picker's value (YYYY-MM-DD). */
function saturdayAhead(): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 28);
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

test("a resident's offer is discussed, changed, accepted and waits in the planner's tray", async ({ browser }) => {
  const title = `Repair-Café ${Date.now()}`;
  const resident = await signIn(browser, "nachbarschaft@example.org");
  const residentErrors = watchErrors(resident);
  await resident.getByRole("navigation").getByRole("link", { name: "Ihre Angebote" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "Ihre Angebote" })).toBeVisible();
  await resident.getByRole("link", { name: "Neues Angebot" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "Neues Angebot" })).toBeVisible();
  await resident.waitForLoadState("networkidle");
  await noViolations(resident);

  // Nothing typed is lost when the server refuses a field.
  await resident.getByLabel("Titel").fill(title);
  await resident.getByLabel("Beschreibung").fill("Wir **reparieren** Toaster und Fahrräder.");
  await resident.getByLabel("Erwartete Teilnehmende").fill("900");
  await resident.getByRole("button", { name: "Einreichen" }).click();
  await expect(resident.getByText("Bitte eine Zahl von 1 bis 500.")).toBeVisible();
  await expect(resident.getByLabel("Titel")).toHaveValue(title);

  await resident.getByLabel("Erwartete Teilnehmende").fill("20");
  await resident.getByLabel("Kategorie").selectOption({ index: 1 });
  await resident.getByLabel("Werkbank").check();
  await resident.getByRole("button", { name: "Einreichen" }).click();
  await expect(resident).toHaveURL(/\/offers\/\d+$/);
  const offerPath = new URL(resident.url()).pathname;
  await expect(resident.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(resident.locator(".offer-status")).toContainText("Eingereicht");
  await expect(resident.locator(".offer-description strong")).toHaveText("reparieren");
  await noViolations(resident);

  const organiser = await signIn(browser, "organisation@example.org");
  const organiserErrors = watchErrors(organiser);
  await organiser.getByRole("navigation").getByRole("link", { name: /Angebote prüfen \(\d+ neu\)/ }).click();
  await expect(organiser.getByRole("heading", { level: 1, name: "Angebote prüfen" })).toBeVisible();
  await expect(organiser.getByRole("row", { name: new RegExp(title) })).toContainText("Eingereicht");
  await noViolations(organiser);
  await organiser.getByRole("link", { name: title }).click();
  await expect(organiser.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await organiser.waitForLoadState("networkidle");
  await noViolations(organiser);
  await organiser.getByLabel("Um Änderungen bitten").check();
  await organiser.getByLabel("Begründung oder Nachricht").fill("Welcher Samstag im Monat passt Ihnen?");
  await organiser.getByRole("button", { name: "Entscheidung senden" }).click();
  await expect(organiser.locator(".offer-status")).toContainText("Änderungen erbeten");

  await open(resident, offerPath);
  await expect(resident.locator(".thread")).toContainText("Welcher Samstag im Monat passt Ihnen?");
  await resident.getByLabel("Ihre Nachricht").fill("Der erste Samstag, 10 bis 13 Uhr.");
  await resident.getByRole("button", { name: "Nachricht senden" }).click();
  await expect(resident.locator(".thread")).toContainText("Der erste Samstag, 10 bis 13 Uhr.");
  await resident.getByLabel("Wie oft?").fill("jeden ersten Samstag");
  await resident.getByRole("button", { name: "Einreichen" }).click();
  await expect(resident.locator(".offer-status")).toContainText("Eingereicht");
  await expect(resident.locator(".facts")).toContainText("jeden ersten Samstag");

  await open(organiser, offerPath);
  await expect(organiser.locator(".thread")).toContainText("Der erste Samstag, 10 bis 13 Uhr.");
  const saturday = saturdayAhead();
  await organiser.getByLabel("Annehmen").check();
  await organiser.getByLabel("Beginn").fill(`${saturday}T10:00`);
  await organiser.getByLabel("Ende").fill(`${saturday}T13:00`);
  await organiser.getByLabel("Anzahl der Termine").fill("3");
  await organiser.getByRole("button", { name: "Entscheidung senden" }).click();
  await expect(organiser.locator(".offer-status")).toContainText("Angenommen");
  await organiser.getByRole("link", { name: "Die Termine warten im Raumplaner." }).click();
  await expect(organiser.locator(".planner")).toHaveAttribute("data-ready", "true");
  await expect(organiser.locator("[data-tray]")).toContainText(title);

  await open(resident, "/offers");
  await expect(resident.getByRole("row", { name: new RegExp(title) })).toContainText("Angenommen");
  await noViolations(resident);
  expect(residentErrors).toEqual([]);
  expect(organiserErrors).toEqual([]);
});
