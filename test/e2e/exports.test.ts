// Exports from the document page in Chromium: the facilitator downloads the draft in each format
// and language; after adoption a representative, on a phone-sized screen, downloads the adopted
// version as PDF — the only thing offered to them. Files are opened as a reader's software would.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query, shareDocument } from "../support/processes.js";
import { convertWithOffice, pdfText } from "../support/readers.js";
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
const dir = mkdtempSync(join(tmpdir(), "e2e-exports-"));
const documentPath = () => `/processes/${processId}/documents/${documentId}`;

async function openDocument(context: BrowserContext, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(server.url + documentPath());
  await page.locator(".editor-prosemirror section[data-item]").first().waitFor();
  return page;
}

/** Clicks the panel's Download button and returns the saved file's path and suggested name. */
async function downloadFrom(page: Page): Promise<{ path: string; name: string }> {
  const panel = page.locator("#export");
  const [download] = await Promise.all([page.waitForEvent("download"), panel.getByRole("button", { name: /Download/ }).click()]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

function text(path: string): string {
  if (path.endsWith(".pdf")) return pdfText(path).replace(/\s+/g, " ");
  if (path.endsWith(".docx")) {
    convertWithOffice([path], "txt:Text", dir);
    return readFileSync(path.replace(/\.docx$/, ".txt"), "utf8").replace(/\s+/g, " ");
  }
  return readFileSync(path, "utf8");
}

describeBrowser("exports from the document page (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    fac = new HttpClient(server.url);
    await signUp(fac, { ...uniqueAccount("facilitator"), displayName: "Ibrahim Maïga" });
    processId = await createProcessViaForm(fac, { title: "Dialogue de Ber", languages: ["fr", "en"] });
    const created = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    await writeValidDraft(server.url, fac, documentId, "roadmap");
    await shareDocument(fac, processId, documentId);
    rep = (
      await joinWithNewAccount(
        server.url,
        await createInvitationViaForm(fac, processId, {
          role: "representative",
          categoryId: categoryId(server.dbPath, processId, "youth"),
          affiliation: "Ber",
        }),
        { ...uniqueAccount("rep"), displayName: "Moussa Jeune" },
      )
    ).client;
    facContext = await signedInContext(browser, fac);
    repContext = await signedInContext(browser, rep);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the facilitator downloads the draft as DOCX, PDF and Markdown, in French or English", async () => {
    const page = await openDocument(facContext);
    const panel = page.locator("#export");
    await expect.poll(() => panel.getByRole("heading", { name: "Export" }).isVisible()).toBe(true);
    for (const [format, extension] of [
      ["Word (DOCX)", "docx"],
      ["PDF", "pdf"],
      ["Markdown (text)", "md"],
    ] as const) {
      await panel.locator("#export-format").selectOption({ label: format });
      await panel.locator("#export-lang").selectOption({ label: "Français" });
      const file = await downloadFrom(page);
      expect(file.name).toMatch(new RegExp(`^dialogue-de-ber-feuille-de-route-de-ber-draft-[0-9a-f]{8}\\.${extension}$`));
      const content = text(file.path);
      expect(content).toContain("Administration intérimaire de Ber");
      expect(content).toContain("Réouverture du marché de Ber");
      expect(content).toContain("BROUILLON");
    }
    await panel.locator("#export-format").selectOption({ label: "Markdown (text)" });
    await panel.locator("#export-lang").selectOption({ label: "English" });
    expect(text((await downloadFrom(page)).path)).toContain("DRAFT: this text may still change");
    // A draft has no signature sheet (it is printed for a round's version): not offered.
    expect(await panel.locator("#export-format option").allTextContents()).toEqual(["PDF", "Word (DOCX)", "Markdown (text)"]);
    // A request the app refuses shows why, in the reader's language, with the way back.
    const refused = await page.goto(`${server.url}${documentPath()}/export?version=round-9&format=pdf`);
    expect(refused?.status()).toBe(404);
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("This version does not exist for this document");
    await page.getByRole("link", { name: "Feuille de route de Ber" }).click();
    await page.locator("#export").waitFor();
    await page.close();
  });

  it("after adoption a representative, at 390 px, is offered the adopted PDF only, and downloads it", async () => {
    const youth = categoryId(server.dbPath, processId, "youth");
    expect((await fac.post(documentPath(), { intent: "open", categoryIds: [youth] })).status).toBe(200);
    const hash = query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ?", documentId)[0]!.version_hash;
    expect((await rep.post(documentPath(), { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    const latest = String(query<{ id: number }>(server.dbPath, "SELECT MAX(id) AS id FROM signoff_decisions")[0]!.id);
    expect((await fac.post(documentPath(), { intent: "adopt", versionHash: hash, decisionsSeen: latest })).status).toBe(200);

    const page = await openDocument(repContext, { width: 390, height: 844 });
    const panel = page.locator("#export");
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.textContent()).toContain("You can download the adopted version as PDF");
    expect(await panel.locator("#export-format").count()).toBe(0);
    expect(await panel.locator('input[name="notes"]').count()).toBe(0);
    // The button fits the phone's width.
    const box = (await panel.getByRole("button", { name: "Download (PDF)" }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const file = await downloadFrom(page);
    expect(file.name).toBe(`dialogue-de-ber-feuille-de-route-de-ber-${hash.slice(0, 8)}.pdf`);
    const content = text(file.path);
    expect(content.replace(/\s/g, "")).toContain(hash);
    expect(content).toContain("Moussa Jeune");
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
