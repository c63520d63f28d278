// Version history in Chromium. A representative objects in round 1; the facilitator reopens, two
// items change (one title, one timeframe); round 2 opens, and the representative's sign-off panel shows
// exactly those two changes, next to the decision, with the reason they gave. Then the versions
// page: the team compares two rounds; a representative is listed round versions only.
import type { Browser, BrowserContext, Page } from "playwright-core";
import * as Y from "yjs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { editDraft, itemElement, itemTitleText, writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let processId: string;
let documentId: string;
let fac: HttpClient;
let rep: HttpClient;
let facContext: BrowserContext;
let repContext: BrowserContext;
const problems: string[] = [];
const REASON = "Le marché doit rouvrir avant la saison des pluies";
const documentPath = () => `/processes/${processId}/documents/${documentId}`;
const roundHash = () =>
  query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ? AND status = 'open'", documentId)[0]!
    .version_hash;

async function open(context: BrowserContext, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(server.url + path);
  return page;
}

describeBrowser("version history (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    fac = new HttpClient(server.url);
    await signUp(fac, { ...uniqueAccount("facilitator"), displayName: "Ibrahim Maïga" });
    processId = await createProcessViaForm(fac, { title: "Dialogue de Ber" });
    const created = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    await writeValidDraft(server.url, fac, documentId, "roadmap");
    await shareDocument(fac, processId, documentId);
    const youth = categoryId(server.dbPath, processId, "youth");
    rep = (
      await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "representative", categoryId: youth, affiliation: "Ber" }), {
        ...uniqueAccount("rep"),
        displayName: "Moussa Jeune",
      })
    ).client;
    facContext = await signedInContext(browser, fac);
    repContext = await signedInContext(browser, rep);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("round 2 shows a representative exactly the two changes since their objection, next to their decision", async () => {
    const youth = categoryId(server.dbPath, processId, "youth");
    expect((await fac.post(documentPath(), { intent: "open", categoryIds: [youth] })).status).toBe(200);
    expect((await rep.post(documentPath(), { intent: "decide", decision: "object", reason: REASON, versionHash: roundHash() })).status).toBe(200);
    expect((await fac.post(documentPath(), { intent: "reopen", reason: "Revoir le calendrier du marché" })).status).toBe(200);
    // Two items change: a word in one title, the other's timeframe (both domains stay: the template requires them).
    await editDraft(server.url, fac, documentId, (doc: Y.Doc) => {
      doc.transact(() => {
        itemTitleText(doc, "item-governance").insert("Administration".length, " provisoire");
        itemElement(doc, "item-development").setAttribute("timeframe", "6 mois");
      });
    });
    expect((await fac.post(documentPath(), { intent: "open", categoryIds: [youth] })).status).toBe(200);

    const page = await open(repContext, documentPath(), { width: 390, height: 844 });
    const since = page.getByTestId("since-decision");
    await since.waitFor();
    expect(await since.getByRole("heading").first().textContent()).toBe("What changed since your decision");
    const text = (await since.textContent()) ?? "";
    expect(text).toContain("you objected to the version of round 1");
    expect(text).toContain(`Your reason: “${REASON}”`);
    expect(text).toContain("2 items changed");
    const changes = since.locator(".item-change");
    expect(await changes.count()).toBe(2);
    const first = changes.nth(0);
    expect(await first.getAttribute("data-item-id")).toBe("item-governance");
    expect(await first.locator("ins").textContent()).toContain("provisoire");
    expect(await first.textContent()).toContain("Changed");
    const second = changes.nth(1);
    expect(await second.getAttribute("data-item-id")).toBe("item-development");
    expect(await second.textContent()).toContain("Timeframe: 3 mois → 6 mois");
    // Next to their decision: the comparison comes right before the decision form.
    const order = await page.evaluate(() => {
      const sinceBox = document.querySelector('[data-testid="since-decision"]');
      const decide = document.querySelector('input[name="intent"][value="decide"]');
      return !!sinceBox && !!decide && !!(sinceBox.compareDocumentPosition(decide) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order).toBe(true);
    // Readable at 390 px: nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();

    // The facilitator sees the comparison with the previous round.
    const facPage = await open(facContext, documentPath());
    await facPage.getByTestId("since-decision").waitFor();
    expect(await facPage.getByTestId("since-decision").textContent()).toContain("What changed since round 1");
    await facPage.close();
  });

  it("the team's versions page lists rounds, compares any two, and a representative sees round versions only", async () => {
    const page = await open(facContext, `${documentPath()}/versions`);
    await page.getByRole("heading", { name: "Versions of this document" }).waitFor();
    expect(await page.locator(".version-entry").count()).toBeGreaterThanOrEqual(2);
    // Round 1 → round 2 from the list.
    await page.locator('.version-entry[data-key="round-2"]').getByRole("link", { name: "Changes since the previous version" }).click();
    await page.getByTestId("comparison").waitFor();
    expect(await page.getByTestId("comparison").textContent()).toContain("2 items changed");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();

    const repPage = await open(repContext, `${documentPath()}/versions`);
    await repPage.getByRole("heading", { name: "Versions of this document" }).waitFor();
    const kinds = await repPage.locator(".version-entry").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k === "round" || k === "adopted")).toBe(true);
    expect(await repPage.getByRole("button", { name: "Save this version" }).count()).toBe(0);
    expect(problems).toEqual([]);
    await repPage.close();
  });
});
