import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * A person's own data: the account page lists what is stored, offers it as a
 * download, and deletes the account once the password confirms it.
 */
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    // The wrong password is refused with 422 and answered at the field.
    if (msg.type() === "error" && !msg.text().includes("status of 422")) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

test("a person sees their data, downloads it, changes their name, and deletes their account", async ({ page }) => {
  const errors = watchErrors(page);
  const email = `weg-${Date.now()}@example.org`;
  const password = "ein-langes-passwort";
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Name, den andere sehen").fill("Kim Beispiel");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();

  await page.getByRole("navigation").getByRole("link", { name: "Kim Beispiel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ihr Konto" })).toBeVisible();
  await expect(page.locator(".facts")).toContainText(email);
  await expect(page.locator(".facts")).toContainText("Nachbar*in");
  const accessibility = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(accessibility.violations).toEqual([]);

  const download = await page.request.get(
    (await page.getByRole("link", { name: "Alle Daten herunterladen (JSON)" }).getAttribute("href")) as string,
  );
  expect(download.status()).toBe(200);
  const data = await download.json();
  expect(data.email).toBe(email);
  expect(data.display_name).toBe("Kim Beispiel");

  await page.getByLabel("Name, den andere sehen").fill("Kim B.");
  await page.getByRole("button", { name: "Änderungen speichern" }).click();
  await expect(page.getByText("Die Änderungen sind gespeichert.")).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Kim B." })).toBeVisible();

  await page.getByLabel("Jetziges Passwort").fill("nicht-das-passwort");
  await page.getByLabel("Neues Passwort").fill("ein-neues-passwort");
  await page.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(page.getByText("Das Passwort stimmt nicht.")).toBeVisible();

  const field = page.getByLabel("Zur Bestätigung: Ihr Passwort");
  await field.fill("nicht-das-passwort");
  await page.getByRole("button", { name: "Konto endgültig löschen" }).click();
  await expect(page.getByText("Das Passwort stimmt nicht.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");

  await field.fill(password);
  await page.getByRole("button", { name: "Konto endgültig löschen" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Anmelden" })).toBeVisible();
  expect((await page.request.get("/api/accounts/my_data")).status()).toBe(401);
  expect(errors).toEqual([]);
});
