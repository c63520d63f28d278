// Notifications in real Chromium (issue 14): a representative's header counts the round a
// facilitator opens, the dashboard lists it, its link opens the document; on a 390 px phone the
// count stays visible and nothing scrolls sideways; axe finds no serious problem on the dashboard.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { writeValidDraft } from "../support/documents.js";
import { categoryId, shareDocument } from "../support/processes.js";
import { startServerForAttempt } from "../support/server.js";
import { processWithEveryRole } from "../support/world.js";

let browser: Browser;

/** What sticks out to the right of the screen (empty when the page fits). */
function overflowing(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".visually-hidden"))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
}

describeBrowser("notifications", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the header counts a round opened, the dashboard lists it and its link opens the document; on a phone too, with no sideways scroll", async () => {
    const server = await startServerForAttempt();
    const world = await processWithEveryRole(server, { title: "Dialogue intercommunautaire de Ber et de ses fractions, 2026" });
    const facilitator = world.facilitator.client;
    const created = await facilitator.post(`/processes/${world.processId}/documents/new`, { kind: "roadmap", title: "Feuille de route d'Anéfis" });
    const documentPath = created.headers.get("location")!;
    const documentId = documentPath.split("/").at(-1)!;
    await shareDocument(facilitator, world.processId, documentId);
    await writeValidDraft(server.url, facilitator, documentId, "roadmap");

    const context = await signedInContext(browser, world.members.representative.client);
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(server.url + "/");
    const badge = page.getByTestId("notification-count");
    await expect(badge.getAttribute("class")).resolves.not.toContain("has-items");
    await expect(page.locator("#waiting-for-you").textContent()).resolves.toContain("Nothing is waiting for you.");
    // Then, to the process page (a client-side navigation: the header follows it too).
    await page.getByRole("link", { name: "Dialogue intercommunautaire de Ber et de ses fractions, 2026" }).click();
    await page.waitForURL(`**/processes/${world.processId}`);

    const opened = await facilitator.post(documentPath, { intent: "open", categoryIds: [categoryId(server.dbPath, world.processId, "youth")] });
    expect(opened.status).toBe(200);

    // Back home by the header's own link, without a reload.
    await page.getByRole("link", { name: "My processes" }).first().click();
    await page.waitForURL(`${server.url}/`);
    await badge.locator(".notification-count").waitFor();
    expect(await badge.locator(".notification-count").textContent()).toBe("1");
    expect(await badge.textContent()).toContain("1 item waiting for you");
    const entry = page.locator('#waiting-for-you li[data-kind="decisionNeeded"]');
    await expect(entry.textContent()).resolves.toContain("Round 1 on “Feuille de route d'Anéfis” waits for your decision.");
    await expect(entry.textContent()).resolves.toContain("Dialogue intercommunautaire de Ber et de ses fractions, 2026");

    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await entry.getByRole("link").click();
    await page.waitForURL(server.url + documentPath);
    await page.getByRole("heading", { name: "Feuille de route d'Anéfis" }).first().waitFor();

    // A phone, in French (longer words): the count visible, nothing sideways.
    const phone = await signedInContext(browser, world.members.representative.client, { viewport: { width: 390, height: 844 }, locale: "fr-FR" });
    onTestFinished(() => phone.close());
    const small = await phone.newPage();
    await small.goto(server.url + "/");
    await small.getByRole("button", { name: "Français" }).click();
    await small.locator('html[lang="fr"]').waitFor();
    const count = small.getByTestId("notification-count").locator(".notification-count");
    await count.waitFor();
    expect(await count.isVisible()).toBe(true);
    const box = (await count.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await expect(small.locator("#waiting-for-you").textContent()).resolves.toContain("Votre décision est attendue");
    expect(await overflowing(small)).toEqual([]);
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const phoneViolations = await seriousA11yViolations(small);
    expect(phoneViolations, JSON.stringify(phoneViolations, null, 2)).toEqual([]);
  });
});
