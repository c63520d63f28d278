// Mediators and representatives often have only a phone. Every page of a process fits a 390 px
// wide screen: nothing pushes the page sideways (tables, an item's fields with a long category
// name, the header), in French, whose words are longer; and no table squeezes its columns until
// words break letter by letter (its rows stack as cards instead).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { describeBrowser, launchBrowser, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount } from "../support/processes.js";
import { startServerForAttempt } from "../support/server.js";

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

/**
 * Table cells squeezed to a few letters' width (words broken mid-syllable): on a phone a table
 * stacks its rows as cards, or scrolls sideways inside its own frame (.table-scroll).
 */
function crushedCells(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".table td, .table th")]
      .filter((e) => !e.closest(".table-scroll") && !e.closest(".visually-hidden") && !e.closest("thead"))
      .filter((e) => (e.textContent ?? "").trim().length > 0 && e.getBoundingClientRect().width < 160)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? "").trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().width)}px`),
  );
}

describeBrowser("on a phone", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("every page of a process fits a 390 px screen, editor included", async () => {
    const server = await startServerForAttempt();
    const facilitator = new HttpClient(server.url);
    await signUp(facilitator, { ...uniqueAccount("facilitator"), displayName: "Aminata Walet Intalla", preferredLanguage: "fr" });
    const processId = await createProcessViaForm(facilitator, { title: "Dialogue intercommunautaire de Ber et de ses fractions, 2026" });
    const invitation = await createInvitationViaForm(facilitator, processId, {
      role: "representative",
      categoryId: categoryId(server.dbPath, processId, "economic_actors"),
      affiliation: "Union des transporteurs de Tombouctou",
    });
    await joinWithNewAccount(server.url, invitation, { ...uniqueAccount("rep"), displayName: "Mohamed Ag Intalla" });
    const created = await facilitator.post(`/processes/${processId}/documents/new`, {
      kind: "roadmap",
      title: "Feuille de route d'Anéfis",
      template: "roadmap-anefis",
    });
    const documentPath = created.headers.get("location")!;

    const context = await signedInContext(browser, facilitator, { viewport: { width: 390, height: 844 }, locale: "fr-FR" });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    for (const path of [
      "/",
      `/processes/${processId}`,
      `/processes/${processId}/documents`,
      `/processes/${processId}/members`,
      `/processes/${processId}/invitations`,
      `/processes/${processId}/categories`,
      `/processes/${processId}/audit`,
    ]) {
      await page.goto(server.url + path);
      expect(await overflowing(page), path).toEqual([]);
      expect(await crushedCells(page), path).toEqual([]);
    }
    await page.goto(server.url + documentPath);
    await page.locator(".editor-prosemirror section[data-item]").first().waitFor();
    expect(await overflowing(page), documentPath).toEqual([]);

    // A tablet held upright: the tables fit too (the members' actions column was cut off at 768).
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of [`/processes/${processId}`, `/processes/${processId}/members`, `/processes/${processId}/invitations`, `/processes/${processId}/audit`]) {
      await page.goto(server.url + path);
      expect(await overflowing(page), `768 px ${path}`).toEqual([]);
      expect(await crushedCells(page), `768 px ${path}`).toEqual([]);
    }
  });
});
