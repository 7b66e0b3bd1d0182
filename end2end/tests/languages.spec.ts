import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Every page residents use, in each of the five languages: it hydrates in that
 * language (the browser fetched only that language's texts), axe finds nothing,
 * and Arabic reads right to left.
 */
const LANGUAGES = [
  { code: "de", name: "Deutsch", calendar: "Kalender" },
  { code: "en", name: "English", calendar: "Calendar" },
  { code: "tr", name: "Türkçe" },
  { code: "ar", name: "العربية" },
  { code: "uk", name: "Українська" },
];
const PAGES = ["/", "/calendar?view=month", "/calendar?view=list", "/login", "/signup", "/screen", "/print/week"];
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Switches the language with the header's buttons, as a visitor does. */
async function choose(page: Page, name: string, code: string) {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", code);
}

/** The text files the page fetched: exactly its own language's. */
function watchTexts(page: Page): string[] {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const match = new URL(request.url()).pathname.match(/^\/texts\/(\w+)\.[0-9a-f]+\.txt$/);
    if (match) fetched.push(match[1]);
  });
  return fetched;
}

for (const language of LANGUAGES) {
  test(`the resident pages hydrate in ${language.code} and axe finds nothing`, async ({ page }) => {
    await choose(page, language.name, language.code);
    const errors: string[] = [];
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    page.on("pageerror", (err) => errors.push(err.message));
    for (const path of PAGES) {
      const fetched = watchTexts(page);
      await page.goto(path);
      const html = page.locator("html");
      await expect(html, path).toHaveAttribute("lang", language.code);
      await expect(html, path).toHaveAttribute("dir", language.code === "ar" ? "rtl" : "ltr");
      await expect(html, `${path} hydrates`).toHaveAttribute("data-hydrated", "true");
      await page.waitForLoadState("networkidle");
      expect(new Set(fetched), `${path} fetched only its language's texts`).toEqual(new Set([language.code]));
      // No key name left untranslated in the page (keys are CamelCase words like "NavLogin").
      const text = await page.locator("body").innerText();
      expect(text, path).not.toMatch(/\b(Nav|Field|Msg|Month|Weekday|Dates)[A-Z][a-zA-Z]+\b/);
      const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      expect(results.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
}

test("German and English pages read in their own words", async ({ page }) => {
  for (const language of LANGUAGES.filter((l) => l.calendar)) {
    await choose(page, language.name, language.code);
    await page.goto("/calendar?view=month");
    await expect(page.getByRole("heading", { level: 1, name: language.calendar })).toBeVisible();
  }
});

test("Arabic lays the page out from right to left", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await choose(page, "العربية", "ar");
  await page.goto("/calendar?view=month");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
  // The brand starts the header on the right; the month's first weekday column is the rightmost.
  const brand = await page.locator(".site-header__brand").boundingBox();
  const nav = await page.locator(".site-nav").boundingBox();
  expect(brand && nav && brand.x > nav.x, "the brand stands right of the navigation").toBe(true);
  const headers = page.locator("table.month thead th");
  const first = await headers.first().boundingBox();
  const last = await headers.last().boundingBox();
  expect(first && last && first.x > last.x, "Monday's column is on the right").toBe(true);
  // And a switch back restores left to right.
  await choose(page, "Deutsch", "de");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
});
