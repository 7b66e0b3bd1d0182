import { test, expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * A room request from a resident: the room's week in view, a refused field
 * with nothing lost, the organiser's approval, "occupied" in the public
 * calendar, and a second request for the same slot that cannot be approved.
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

async function noViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations).toEqual([]);
}

/** Days the demo house is closed or that are holidays when they fall on a Tuesday (month-day). */
const CLOSED = ["12-24", "12-25", "12-26", "12-31", "01-01", "05-01", "10-03", "11-01"];

/** A Tuesday five weeks or more ahead on which the house is open (YYYY-MM-DD): its café is free in the evening. */
function tuesdayAhead(): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 36);
  while (day.getUTCDay() !== 2 || CLOSED.includes(day.toISOString().slice(5, 10))) {
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return day.toISOString().slice(0, 10);
}

async function requestCafe(page: Page, date: string, purpose: string) {
  await page.goto(`/rooms/request?week=${date}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Raum", { exact: true }).selectOption({ label: "Nachbarschaftscafé (bis 40 Personen)" });
  await page.getByRole("button", { name: "Raum anzeigen" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Nachbarschaftscafé: die Woche ab/ })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Datum").fill(date);
  await page.getByLabel("Von (Uhrzeit)").fill("19:00");
  await page.getByLabel("Bis (Uhrzeit)").fill("20:30");
  await page.getByLabel("Zahl der Gäste").fill("20");
  await page.getByLabel("Wofür?").fill(purpose);
  await page.getByLabel("Ich habe die Hausordnung gelesen und halte sie ein.").check();
  await page.getByRole("button", { name: "Anfrage senden" }).click();
}

test("a resident requests a room, the organiser approves, the public sees it occupied", async ({ browser }) => {
  const date = tuesdayAhead();
  const purpose = `Geburtstag ${Date.now()}`;
  const resident = await signIn(browser, "nachbarschaft@example.org");
  const residentErrors = watchErrors(resident);
  await resident.getByRole("navigation").getByRole("link", { name: "Ihre Angebote" }).click();
  await resident.getByRole("link", { name: "Einen Raum anfragen" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "Einen Raum anfragen" })).toBeVisible();
  await expect(resident.getByRole("table").first()).toBeVisible();
  await resident.waitForLoadState("networkidle");
  await noViolations(resident);

  await requestCafe(resident, date, purpose);
  await expect(resident).toHaveURL(/\/offers/);
  await expect(resident.getByRole("heading", { level: 2, name: "Ihre Raumanfragen" })).toBeVisible();
  await expect(resident.locator(".request", { hasText: purpose })).toContainText("Wartet auf das Haus");
  await noViolations(resident);

  // A second request for the same time (waiting requests hold nothing). Too
  // many guests first: refused at the field, nothing typed is lost.
  await resident.goto(`/rooms/request?week=${date}`);
  await expect(resident.locator("html")).toHaveAttribute("data-hydrated", "true");
  await resident.getByLabel("Raum", { exact: true }).selectOption({ label: "Nachbarschaftscafé (bis 40 Personen)" });
  await resident.getByRole("button", { name: "Raum anzeigen" }).click();
  await expect(resident.getByRole("heading", { level: 2, name: /Nachbarschaftscafé/ })).toBeVisible();
  await expect(resident.locator("html")).toHaveAttribute("data-hydrated", "true");
  await resident.getByLabel("Datum").fill(date);
  await resident.getByLabel("Von (Uhrzeit)").fill("19:00");
  await resident.getByLabel("Bis (Uhrzeit)").fill("20:30");
  await resident.getByLabel("Zahl der Gäste").fill("90");
  await resident.getByLabel("Wofür?").fill(`${purpose} (zweite Anfrage)`);
  await resident.getByLabel("Ich habe die Hausordnung gelesen und halte sie ein.").check();
  await resident.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(resident.getByText("So viele Gäste passen nicht in diesen Raum.")).toBeVisible();
  await expect(resident.getByLabel("Wofür?")).toHaveValue(`${purpose} (zweite Anfrage)`);
  await resident.getByLabel("Zahl der Gäste").fill("20");
  await resident.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(resident).toHaveURL(/\/offers/);
  await expect(resident.locator(".request", { hasText: "zweite Anfrage" })).toContainText("Wartet auf das Haus");

  const organiser = await signIn(browser, "organisation@example.org");
  const organiserErrors = watchErrors(organiser);
  await organiser.getByRole("navigation").getByRole("link", { name: /Raumanfragen prüfen \(\d+ neu\)/ }).click();
  await expect(organiser.getByRole("heading", { level: 1, name: "Raumanfragen prüfen" })).toBeVisible();
  await organiser.waitForLoadState("networkidle");
  await noViolations(organiser);
  const first = organiser.locator(".request", { hasText: purpose }).filter({ hasNotText: "zweite Anfrage" });
  // A question in the request's conversation; the resident answers on their page.
  await first.getByText("Gespräch mit dem Haus (0)").click();
  await first.getByLabel("Ihre Nachricht").fill("Brauchen Sie die Küche?");
  await first.getByRole("button", { name: "Nachricht senden" }).click();
  await expect(first.locator(".thread__message--house")).toContainText("Brauchen Sie die Küche?");
  await resident.reload();
  await expect(resident.locator("html")).toHaveAttribute("data-hydrated", "true");
  const mine = resident.locator(".request", { hasText: purpose }).filter({ hasNotText: "zweite Anfrage" });
  await expect(mine.locator(".thread__message--house")).toContainText("Brauchen Sie die Küche?");
  await mine.getByLabel("Ihre Nachricht").fill("Ja, bitte, für Kaffee und Kuchen.");
  await mine.getByRole("button", { name: "Nachricht senden" }).click();
  await expect(mine.locator(".thread__message").last()).toContainText("Ja, bitte");
  await noViolations(resident);
  await organiser.reload();
  await expect(organiser.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(first.locator(".thread__message").last()).toContainText("Ja, bitte");
  await first.getByRole("button", { name: "Entscheidung senden" }).click();
  await expect(organiser.locator(".request", { hasText: purpose }).filter({ hasNotText: "zweite Anfrage" })).toContainText("Zugesagt");

  // The same slot again: the approval is refused with the reason, the request stays open.
  const second = organiser.locator(".request", { hasText: "zweite Anfrage" });
  await second.getByRole("button", { name: "Entscheidung senden" }).click();
  await expect(second.getByRole("alert")).toContainText("inzwischen belegt");
  await expect(second).toContainText("Wartet auf das Haus");
  await second.getByLabel("Absagen").check();
  await second.getByLabel("Begründung").fill("Der Raum ist zu dieser Zeit schon vergeben.");
  await second.getByRole("button", { name: "Entscheidung senden" }).click();
  await expect(organiser.locator(".request", { hasText: "zweite Anfrage" })).toContainText("Abgesagt");

  // The public calendar shows the booking as "occupied", nothing of its purpose.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/calendar?view=day&date=${date}`);
  await expect(visitor.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(visitor.getByText("Belegt").first()).toBeVisible();
  await expect(visitor.getByText(purpose)).toHaveCount(0);

  await resident.reload();
  await expect(resident.locator(".request", { hasText: "zweite Anfrage" })).toContainText("Der Raum ist zu dieser Zeit schon vergeben.");
  expect(residentErrors).toEqual([]);
  expect(organiserErrors).toEqual([]);
});
