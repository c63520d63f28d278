// Live co-editing against the real app in Chromium: real sessions and membership, the real collab
// server at /collab/<documentId>, the real SQLite file. Accounts, the process and the document are
// set up over HTTP; the session cookies are then moved into browser contexts (one per person).
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { describeBrowser, launchBrowser, localCopyWritten, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let processId: string;
let documentId: string;

interface Person {
  name: string;
  client: HttpClient;
  context: BrowserContext;
}
let facilitator: Person;
let mediator: Person;
let observer: Person;

/** Console errors (except failed resource loads), page errors and CSP violations, per page. */
const problems: string[] = [];

const editorOf = (page: Page) => page.locator(".editor-prosemirror");
const statusOf = (page: Page) => page.locator(".editor-status");
const caretLabelsOf = (page: Page) => page.locator(".collaboration-carets__label").allInnerTexts();
const presenceOf = (page: Page) => page.locator(".editor-presence .visually-hidden").allInnerTexts();

const documentPath = () => `/processes/${processId}/documents/${documentId}`;

const personContext = (client: HttpClient) => signedInContext(browser, client);

async function openDocument(person: Person): Promise<Page> {
  const page = await person.context.newPage();
  const label = `[${person.name}]`;
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`${label} console: ${m.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${label} pageerror: ${error.message}`));
  const response = await page.goto(server.url + documentPath());
  // The no-CSP-violation assertions mean something only if the page runs under the nonce policy.
  expect(response?.headers()["content-security-policy"] ?? "").toMatch(/script-src[^;]*'nonce-/);
  // The editor is bound (not the server-rendered readable placeholder).
  await editorOf(page).waitFor();
  return page;
}

/** The document as the server stored it (snapshot + update log), as ProseMirror-ish XML. */
function storedDocument(): string {
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

let fa: Page; // facilitator's page
let me: Page; // mediator's page

const ONLINE_A = "Cessation des hostilités.";
const ONLINE_B = "Libre circulation sur la route de Ber.";
const OFFLINE = "Hors ligne à Kidal, le marché rouvre lundi.";
let offlineAttempt = 0;

describeBrowser("live co-editing in the real app (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();

    const facilitatorClient = new HttpClient(server.url);
    const facilitatorAccount = { ...uniqueAccount("facilitator"), displayName: "Aminata Facilitatrice" };
    expect((await signUp(facilitatorClient, facilitatorAccount)).status).toBe(302);
    processId = await createProcessViaForm(facilitatorClient, { title: "Dialogue de Ber" });
    const created = await facilitatorClient.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    expect(created.status, await created.clone().text()).toBe(302);
    documentId = new RegExp(`^/processes/${processId}/documents/([A-Za-z0-9_-]+)$`).exec(created.headers.get("location") ?? "")![1]!;
    await shareDocument(facilitatorClient, processId, documentId);

    const m = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitatorClient, processId, { role: "mediator" }), {
      ...uniqueAccount("mediator"),
      displayName: "Bakary Médiateur",
    });
    const o = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitatorClient, processId, { role: "observer" }), {
      ...uniqueAccount("observer"),
      displayName: "Oumou Observatrice",
    });
    facilitator = { name: facilitatorAccount.displayName, client: facilitatorClient, context: await personContext(facilitatorClient) };
    mediator = { name: m.account.displayName, client: m.client, context: await personContext(m.client) };
    observer = { name: o.account.displayName, client: o.client, context: await personContext(o.client) };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("two editors type together, see each other's text, named carets and avatars, and reach Saved", async () => {
    fa = await openDocument(facilitator);
    me = await openDocument(mediator);
    expect(await editorOf(fa).getAttribute("contenteditable")).toBe("true");
    expect(await editorOf(me).getAttribute("contenteditable")).toBe("true");

    await editorOf(fa).click();
    await fa.keyboard.type(ONLINE_A);
    await expect.poll(() => editorOf(me).innerText()).toContain(ONLINE_A);

    await editorOf(me).click();
    await me.keyboard.press("Control+End");
    await me.keyboard.press("Enter");
    await me.keyboard.type(ONLINE_B);
    await expect.poll(() => editorOf(fa).innerText()).toContain(ONLINE_B);
    // The facilitator's own text survived the mediator's edit (both paragraphs everywhere).
    await expect.poll(() => editorOf(me).innerText()).toContain(ONLINE_A);

    // Each sees the other's caret, labelled with the other's display name (from the server session).
    await expect.poll(() => caretLabelsOf(fa)).toContain(mediator.name);
    await expect.poll(() => caretLabelsOf(me)).toContain(facilitator.name);
    // Avatars: each lists the other (with role) and themself.
    await expect.poll(() => presenceOf(fa)).toEqual(expect.arrayContaining([`${facilitator.name}, facilitator (you)`, `${mediator.name}, mediator`]));
    await expect.poll(() => presenceOf(me)).toEqual(expect.arrayContaining([`${mediator.name}, mediator (you)`, `${facilitator.name}, facilitator`]));
    expect(await fa.locator(".editor-avatar").count()).toBeGreaterThanOrEqual(2);

    // Saved: only after the server acknowledged the durable commit.
    await expect.poll(() => statusOf(me).innerText(), { timeout: 10_000 }).toContain("Saved");
    await expect.poll(() => statusOf(fa).innerText(), { timeout: 10_000 }).toContain("Saved");
    await expect.poll(() => storedDocument()).toContain(ONLINE_B);
    expect(storedDocument()).toContain(ONLINE_A);

    const violations = await seriousA11yViolations(fa);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("keeps words typed offline through closing the tab and syncs them, durably, when back online", async () => {
    // A retry starts online with an open page, and types words its failed attempt did not.
    await mediator.context.setOffline(false);
    if (me.isClosed()) me = await openDocument(mediator);
    const offline = `${OFFLINE} (${++offlineAttempt})`;
    await mediator.context.setOffline(true);
    await expect.poll(() => statusOf(me).innerText()).toContain("Offline");
    await editorOf(me).click();
    await me.keyboard.press("Control+End");
    await me.keyboard.press("Enter");
    await me.keyboard.type(offline);
    await expect.poll(() => statusOf(me).innerText()).toMatch(/Offline — your changes are kept on this device \(\d+ changes?\)/);
    expect(await editorOf(me).innerText()).toContain(offline);
    // y-indexeddb's last write transaction has committed before the tab goes (typing does not await it).
    await localCopyWritten(me, documentId);
    expect(await editorOf(fa).innerText()).not.toContain(offline);
    await me.close();

    await mediator.context.setOffline(false);
    me = await openDocument(mediator);
    await expect.poll(() => editorOf(me).innerText()).toContain(offline);
    // The other editor receives every word typed offline.
    await expect.poll(() => editorOf(fa).innerText(), { timeout: 15_000 }).toContain(offline);
    await expect.poll(() => statusOf(me).innerText(), { timeout: 15_000 }).toContain("Saved");

    // Durable: in the SQLite file, in the server-rendered page, and after a reload of the other page.
    await expect.poll(() => storedDocument()).toContain(offline);
    const html = await (await facilitator.client.get(documentPath())).text();
    expect(html).toContain(offline);
    expect(html).toContain(ONLINE_A);
    expect(html).toContain(ONLINE_B);
    await fa.reload();
    await editorOf(fa).waitFor();
    await expect.poll(() => editorOf(fa).innerText()).toContain(offline);
    expect(await editorOf(fa).innerText()).toContain(ONLINE_B);
    await expect.poll(() => statusOf(fa).getAttribute("data-status")).toBe("saved");
    expect(problems).toEqual([]);
  });

  it("an observer sees the live text, cannot type, and is told why", async () => {
    const ob = await openDocument(observer);
    await expect.poll(() => editorOf(ob).innerText()).toContain(OFFLINE);
    expect(await editorOf(ob).innerText()).toContain(ONLINE_A);

    const banner = ob.locator(".editor-readonly-banner");
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.innerText()).toContain("You are an observer in this process");
    expect(await editorOf(ob).getAttribute("contenteditable")).toBe("false");
    expect(await ob.getByRole("toolbar").count()).toBe(0);

    // Live: what an editor types now reaches the observer.
    const LIVE = "Prochaine réunion à Tombouctou.";
    await editorOf(fa).click();
    await fa.keyboard.press("Control+End");
    await fa.keyboard.press("Enter");
    await fa.keyboard.type(LIVE);
    await expect.poll(() => editorOf(ob).innerText()).toContain(LIVE);

    const before = await editorOf(ob).innerText();
    await editorOf(ob).click();
    await ob.keyboard.type("intrusion");
    await ob.keyboard.press("Enter");
    // A marker typed by an editor after the intrusion attempt: once it reaches everyone, anything the
    // observer's page had sent would have reached them too (same server, same socket order).
    const MARKER = "Fin de séance.";
    await fa.keyboard.type(" " + MARKER);
    await expect.poll(() => editorOf(ob).innerText()).toContain(MARKER);
    await expect.poll(() => editorOf(me).innerText()).toContain(MARKER);
    expect(await editorOf(ob).innerText()).toBe(before.replace(LIVE, `${LIVE} ${MARKER}`));
    for (const page of [ob, fa, me]) expect(await editorOf(page).innerText()).not.toContain("intrusion");
    await expect.poll(() => storedDocument()).toContain(MARKER);
    expect(storedDocument()).not.toContain("intrusion");
    // The observer stays connected and up to date (not thrown out for writing).
    await expect.poll(() => statusOf(ob).innerText()).toContain("Up to date");
    await expect.poll(() => statusOf(fa).innerText()).toContain("Saved");

    const violations = await seriousA11yViolations(ob);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
