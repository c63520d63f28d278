// Field conditions (issue 14): a document this member opened reloads with no network, from the
// service worker's kept page and the editor's device copy; what is typed offline is said to be on
// the device only, then reaches the server when the network returns. Closing a page with unsent
// changes asks first. Signing out leaves nothing behind: no cache, no worker, no document.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { describeBrowser, launchBrowser, localCopyWritten, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createProcessViaForm } from "../support/processes.js";
import { startServerForAttempt, type TestServer } from "../support/server.js";

let browser: Browser;

const editorOf = (page: Page) => page.locator(".ProseMirror[contenteditable='true']");
const noteOf = (page: Page) => page.getByTestId("device-note");
const statusOf = (page: Page) => page.locator(".editor-status");

/** The document as the server stored it (snapshot + update log), as XML. */
function storedDocument(server: TestServer, documentId: string): string {
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    const doc = new Y.Doc();
    const snap = db.prepare("SELECT state_blob FROM collab_snapshots WHERE document_id = ?").get(documentId) as { state_blob: Buffer } | undefined;
    if (snap) Y.applyUpdate(doc, snap.state_blob);
    const rows = db.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all(documentId) as { update_blob: Buffer }[];
    for (const row of rows) Y.applyUpdate(doc, row.update_blob);
    return doc.getXmlFragment("default").toString();
  } finally {
    db.close();
  }
}

/** How many times the server was asked for the document page itself (its request log). */
function pageRequests(server: TestServer, path: string): number {
  return server.logs.filter((line) => {
    try {
      const entry = JSON.parse(line) as { method?: string; path?: string };
      return entry.method === "GET" && entry.path === path;
    } catch {
      return false;
    }
  }).length;
}

interface World {
  server: TestServer;
  http: HttpClient;
  account: ReturnType<typeof uniqueAccount>;
  documentId: string;
  documentPath: string;
  context: BrowserContext;
}

async function world(): Promise<World> {
  const server = await startServerForAttempt();
  const account = { ...uniqueAccount("facilitator"), displayName: "Aïssata Touré" };
  const http = new HttpClient(server.url);
  await signUp(http, account);
  const processId = await createProcessViaForm(http);
  const created = await http.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour de Ber" });
  const documentPath = created.headers.get("location")!;
  const documentId = documentPath.split("/").pop()!;
  const context = await signedInContext(browser, http);
  return { server, http, account, documentId, documentPath, context };
}

/** Opens the document online and waits until the worker controls it and keeps this page. */
async function openAndKeep(w: World): Promise<Page> {
  const page = await w.context.newPage();
  await page.goto(w.server.url + w.documentPath);
  await editorOf(page).waitFor();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => page.evaluate(async (url) => (await caches.match(url)) !== undefined, w.server.url + w.documentPath), { timeout: 20_000 }).toBe(true);
  return page;
}

describeBrowser("offline reload of a visited document (Chromium, service worker)", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reloads and opens in a new tab with no network, keeps what is typed on the device, and stores it when the network returns", async () => {
    const w = await world();
    const online = "Cessation des hostilités à Ber.";
    const offline = "Réouverture du marché de Ber lundi, typed offline.";
    const page = await openAndKeep(w);
    await editorOf(page).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(online);
    await expect.poll(() => statusOf(page).innerText(), { timeout: 15_000 }).toContain("Saved");
    await expect.poll(() => noteOf(page).innerText()).toBe("All changes have reached the server.");
    await localCopyWritten(page, w.documentId);
    const asked = pageRequests(w.server, w.documentPath);

    // The network goes before the navigation: the reload is answered by the worker and the device.
    await w.context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator("main").innerText(), { timeout: 15_000 }).toContain("Ordre du jour de Ber");
    await editorOf(page).waitFor({ timeout: 15_000 });
    await expect.poll(() => editorOf(page).innerText()).toContain(online);
    await expect.poll(() => noteOf(page).innerText()).toContain("Opened from this device's copy — offline.");

    // A new tab, still offline.
    const tab = await w.context.newPage();
    await tab.goto(w.server.url + w.documentPath);
    await editorOf(tab).waitFor({ timeout: 15_000 });
    await expect.poll(() => editorOf(tab).innerText()).toContain(online);
    await editorOf(tab).click();
    await tab.keyboard.press("Control+End");
    await tab.keyboard.press("Enter");
    await tab.keyboard.type(offline);
    await expect
      .poll(() => noteOf(tab).innerText())
      .toMatch(/^Opened from this device's copy — offline\. \d+ changes? (is|are) on this device only and will be sent when the network returns\.$/);
    await expect.poll(() => statusOf(tab).innerText()).toMatch(/Offline — your changes are kept on this device \(\d+ changes?\)/);
    expect(storedDocument(w.server, w.documentId)).not.toContain(offline);
    // Neither the reload nor the new tab reached the server.
    expect(pageRequests(w.server, w.documentPath)).toBe(asked);

    // A client navigation offline (the process page's data cannot be fetched) becomes a document
    // load, answered with the bilingual offline page: a clear message, not the app's error page.
    await page.locator(".document-page > p:first-child a").click();
    await expect.poll(() => page.locator("main").innerText(), { timeout: 15_000 }).toContain("No network, and this page was not opened on this device");
    expect(await page.locator("main").innerText()).toContain("Pas de réseau, et cette page n’a pas été ouverte sur cet appareil");
    await page.close();

    // The network returns: the collab client reconnects and the server acknowledges the words.
    await w.context.setOffline(false);
    await expect.poll(() => noteOf(tab).innerText(), { timeout: 20_000 }).toBe("All changes have reached the server.");
    await expect.poll(() => storedDocument(w.server, w.documentId)).toContain(offline);
    expect(storedDocument(w.server, w.documentId)).toContain(online);
    await w.context.close();
  });

  it("warns before closing a page whose changes have not reached the server, and not once they have", async () => {
    const w = await world();
    const page = await openAndKeep(w);
    // An editable document asked once that the browser keep its storage (no prompt in Chromium).
    await expect
      .poll(() => page.evaluate(async () => (await navigator.storage.persisted()) || localStorage.getItem("mediation-persist-asked") === "1"))
      .toBe(true);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });

    // Saved: leaving asks nothing.
    await editorOf(page).click();
    await page.keyboard.type("Texte enregistré. ");
    await expect.poll(() => statusOf(page).innerText(), { timeout: 15_000 }).toContain("Saved");
    await page.reload();
    await editorOf(page).waitFor();
    expect(dialogs).toEqual([]);

    // Offline with a change on this device only: leaving asks first.
    await w.context.setOffline(true);
    await editorOf(page).click();
    await page.keyboard.type("Pas encore envoyé.");
    await expect.poll(() => statusOf(page).innerText()).toMatch(/Offline — your changes are kept on this device/);
    await localCopyWritten(page, w.documentId);
    await page.reload();
    expect(dialogs).toEqual(["beforeunload"]);
    // The reload (accepted) came from the device, and the change is still there to send.
    await editorOf(page).waitFor({ timeout: 15_000 });
    await expect.poll(() => editorOf(page).innerText()).toContain("Pas encore envoyé.");
    await w.context.setOffline(false);
    await expect.poll(() => storedDocument(w.server, w.documentId), { timeout: 20_000 }).toContain("Pas encore envoyé.");
    await expect.poll(() => statusOf(page).innerText(), { timeout: 15_000 }).toContain("Saved");
    await page.reload();
    await editorOf(page).waitFor();
    expect(dialogs).toEqual(["beforeunload"]);
    await w.context.close();
  });

  it("signing out erases the kept pages and the worker: an offline reload no longer shows the document", async () => {
    const w = await world();
    const secret = "Liste des contacts à Kidal.";
    const page = await openAndKeep(w);
    await editorOf(page).click();
    await page.keyboard.type(secret);
    await expect.poll(() => statusOf(page).innerText(), { timeout: 15_000 }).toContain("Saved");
    expect(await page.evaluate(() => caches.keys())).not.toEqual([]);

    await page.getByText(w.account.displayName, { exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), { timeout: 10_000 }).toBe(0);

    await w.context.setOffline(true);
    const shown = await page
      .goto(w.server.url + w.documentPath)
      .then(() => page.content())
      .catch((error: Error) => `navigation failed: ${error.message}`);
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain("Ordre du jour de Ber");
    await w.context.close();
  });
});
