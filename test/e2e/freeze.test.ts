// Freezing a version while people type (issue 9, part 2), in Chromium against the real app: a page
// whose changes did not reach the server before the freeze shows EXACTLY the frozen text (the hash
// of what it shows is the round's), keeps what was not included in a box for its author (through a
// reload), says honestly why it is read-only, and becomes editable again live when the round is
// reopened, with the set-aside changes offered for re-insertion. Also: a stored text the editor
// cannot show never crashes a page, and the facilitator's restore reaches open pages live.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { createDocumentCodec } from "../../server/content/document-codec.js";
import { describeBrowser, launchBrowser, localCopyWritten, signedInContext } from "../support/browser.js";
import { validDraft, writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, shareDocument, query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let processId: string;
let fac: HttpClient;
let mediator: HttpClient;
let youthCategory: string;
const codec = createDocumentCodec();
const problems: string[] = [];
const contexts: BrowserContext[] = [];

const editorOf = (page: Page) => page.locator(".editor-prosemirror");
const path = (id: string) => `/processes/${processId}/documents/${id}`;
let attempt = 0;

async function newDraft(title: string): Promise<string> {
  // A new document per attempt: a retry must not meet the round its failed attempt left.
  const created = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: `${title} ${++attempt}` });
  const id = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
  await shareDocument(fac, processId, id);
  await writeValidDraft(server.url, fac, id, "roadmap");
  return id;
}

async function openPage(client: HttpClient, id: string, name: string, bound = true): Promise<{ page: Page; context: BrowserContext }> {
  const context = await signedInContext(browser, client);
  contexts.push(context);
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource") && !m.text().includes("WebSocket"))
      problems.push(`[${name}] console: ${m.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`[${name}] pageerror: ${error.message}`));
  await page.goto(server.url + path(id));
  if (bound) await editorOf(page).waitFor();
  return { page, context };
}

async function openRound(id: string): Promise<string> {
  const res = await fac.post(path(id), { intent: "open", categoryIds: [youthCategory] });
  expect(res.status, await res.clone().text()).toBe(200);
  return query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ? AND status = 'open'", id)[0]!
    .version_hash;
}

async function reopen(id: string): Promise<void> {
  const res = await fac.post(path(id), { intent: "reopen", reason: "Ajouter les modifications de Bakary" });
  expect(res.status, await res.clone().text()).toBe(200);
}

function storedJson(id: string): string {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    const snapshot = db.prepare("SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?").get(id) as
      | { state_blob: Buffer; upto_seq: number }
      | undefined;
    const rows = db.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq").all(id, snapshot?.upto_seq ?? 0) as {
      update_blob: Buffer;
    }[];
    const updates = [...(snapshot ? [new Uint8Array(snapshot.state_blob)] : []), ...rows.map((r) => new Uint8Array(r.update_blob))];
    return JSON.stringify(codec.read(updates).json);
  } finally {
    db.close();
  }
}

/** Puts the caret at the end of the body of the draft's last item. */
async function caretInLastItem(page: Page) {
  await editorOf(page).locator(".doc-item-content p").last().click();
  await page.keyboard.press("End");
}

const frozenHash = (page: Page) => page.locator('[data-testid="frozen-hash"]').getAttribute("data-hash");
const heldBackText = (page: Page) => page.locator("#held-back-text").inputValue();

describeBrowser("freezing a version while people type (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    fac = new HttpClient(server.url);
    await signUp(fac, { ...uniqueAccount("facilitator"), displayName: "Aminata Facilitatrice" });
    processId = await createProcessViaForm(fac, { title: "Dialogue de Ber" });
    mediator = (
      await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "mediator" }), {
        ...uniqueAccount("mediator"),
        displayName: "Bakary Médiateur",
      })
    ).client;
    youthCategory = categoryId(server.dbPath, processId, "youth");
    await joinWithNewAccount(
      server.url,
      await createInvitationViaForm(fac, processId, { role: "representative", categoryId: youthCategory, affiliation: "Jeunes de Ber" }),
      uniqueAccount("youth"),
    );
  });

  afterAll(async () => {
    if (problems.length) console.log(server.logs.filter((l) => l.includes('"error"')).join("\n"));
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    expect(problems).toEqual([]);
  });

  it("a mediator typing continuously while the round opens ends on exactly the frozen text; what was not included is kept for them", async () => {
    const id = await newDraft("Feuille de route tapée");
    const { page } = await openPage(mediator, id, "mediator");
    await caretInLastItem(page);
    const words = Array.from({ length: 60 }, (_, i) => `m${i}`).join(" ");
    // Typing goes on (unawaited) while the facilitator freezes the text.
    const typing = page.keyboard.type(` ${words}`, { delay: 25 });
    await page.waitForTimeout(400);
    const hash = await openRound(id);
    await typing;

    await page.locator('.editor-readonly-banner[data-reason="lockedForSignOff"]').waitFor({ timeout: 15_000 });
    expect(await page.locator(".editor-readonly-banner").innerText()).toMatch(/Frozen for sign-off \(round 1\) since/);
    await expect.poll(() => frozenHash(page), { timeout: 15_000 }).toBe(hash);
    expect(await editorOf(page).getAttribute("contenteditable")).toBe("false");
    // What the page shows is what is stored (and signed).
    const shown = await editorOf(page).innerText();
    const frozenTyped = /m0[\sm\d]*/.exec(shown)?.[0].trim() ?? "";
    expect(words.startsWith(frozenTyped)).toBe(true);
    // Nothing silently lost: what did not make it is in the box, as the author had it.
    const held = (await page.locator('[data-testid="held-back"]').count()) ? await heldBackText(page) : "";
    if (held) {
      const heldTyped = /m0[\sm\d]*/.exec(held)?.[0].trim() ?? "";
      expect(words.startsWith(heldTyped)).toBe(true);
      expect(heldTyped.length).toBeGreaterThan(frozenTyped.length);
    }
    // Online, nothing pending: no "Offline (N changes)".
    await expect.poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    expect(await page.locator(".editor-status").getAttribute("data-pending")).toBe("0");

    // A reload shows the frozen text again, never the device's old copy.
    await page.reload();
    await editorOf(page).waitFor();
    await expect.poll(() => frozenHash(page), { timeout: 15_000 }).toBe(hash);
    expect(await editorOf(page).innerText()).toBe(shown);
    if (held) expect(await heldBackText(page)).toBe(held);
  });

  it("an offline mediator reconnecting after the freeze sees the frozen text; their words wait in the box, through a reload", async () => {
    const id = await newDraft("Feuille de route hors ligne");
    const { page, context } = await openPage(mediator, id, "mediator");
    await expect.poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    await context.setOffline(true);
    await caretInLastItem(page);
    const offlineWords = ` Mots écrits hors ligne ${attempt}.`;
    await page.keyboard.type(offlineWords);
    await localCopyWritten(page, id);
    await expect.poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("offline");

    const hash = await openRound(id);
    await context.setOffline(false);

    await page.locator('.editor-readonly-banner[data-reason="lockedForSignOff"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => frozenHash(page), { timeout: 15_000 }).toBe(hash);
    expect(await editorOf(page).innerText()).not.toContain("Mots écrits hors ligne");
    expect(await heldBackText(page)).toContain(offlineWords.trim());
    expect(await page.locator('[data-testid="held-back"] h3').innerText()).toBe("Not included in the frozen version of round 1");
    await expect.poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    expect(await page.locator(".editor-readonly-banner").getAttribute("data-reason")).not.toBe("permissionDenied");
    // The server never got them.
    expect(storedJson(id)).not.toContain("Mots écrits hors ligne");

    await page.reload();
    await editorOf(page).waitFor();
    await expect.poll(() => frozenHash(page), { timeout: 15_000 }).toBe(hash);
    expect(await editorOf(page).innerText()).not.toContain("Mots écrits hors ligne");
    expect(await heldBackText(page)).toContain(offlineWords.trim());

    // Reopened, then opened again on this device: the draft starts from the server's text; the
    // device copy no longer holds the stale words, so nothing merges them in behind the author's back.
    await reopen(id);
    await expect.poll(() => editorOf(page).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("true");
    await page.reload();
    await editorOf(page).waitFor();
    await expect.poll(() => editorOf(page).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("true");
    await expect.poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    await page.waitForTimeout(500);
    expect(await editorOf(page).innerText()).not.toContain("Mots écrits hors ligne");
    expect(storedJson(id)).not.toContain("Mots écrits hors ligne");
    expect(await heldBackText(page)).toContain(offlineWords.trim());
    expect(await page.getByRole("button", { name: "Re-insert my changes" }).count()).toBe(1);
  });

  it("reopening makes every open page editable live; the held-back words are re-inserted only when asked", async () => {
    const id = await newDraft("Feuille de route rouverte");
    const me = await openPage(mediator, id, "mediator");
    const fa = await openPage(fac, id, "facilitator");
    await expect.poll(() => me.page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    await me.context.setOffline(true);
    await caretInLastItem(me.page);
    const offlineWords = ` Retour des déplacés ${attempt}.`;
    await me.page.keyboard.type(offlineWords);
    await localCopyWritten(me.page, id);
    await openRound(id);
    await me.context.setOffline(false);
    await me.page.locator('[data-testid="held-back"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => editorOf(fa.page).getAttribute("contenteditable")).toBe("false");
    // Frozen: the box offers copy and discard, not re-insertion.
    expect(await me.page.getByRole("button", { name: "Re-insert my changes" }).count()).toBe(0);

    await reopen(id);
    // No reload: both pages turn editable, the banner goes.
    await expect.poll(() => editorOf(me.page).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("true");
    await expect.poll(() => editorOf(fa.page).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("true");
    expect(await me.page.locator(".editor-readonly-banner").count()).toBe(0);
    // Nothing stale was merged on its own.
    expect(await editorOf(me.page).innerText()).not.toContain("Retour des déplacés");
    expect(storedJson(id)).not.toContain("Retour des déplacés");

    await me.page.getByRole("button", { name: "Re-insert my changes" }).click();
    await expect.poll(() => editorOf(me.page).innerText()).toContain(offlineWords.trim());
    await expect.poll(() => editorOf(fa.page).innerText(), { timeout: 15_000 }).toContain(offlineWords.trim());
    await expect.poll(() => me.page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    expect(storedJson(id)).toContain(offlineWords.trim());
    expect(await me.page.locator('[data-testid="held-back"]').count()).toBe(0);
    // And the facilitator's page keeps editing.
    await caretInLastItem(fa.page);
    await fa.page.keyboard.type(" Ajout final.");
    await expect.poll(() => editorOf(me.page).innerText(), { timeout: 15_000 }).toContain("Ajout final.");
  });

  it("a stored text the editor cannot show: the pages stay up, say why, and follow the facilitator's restore live", async () => {
    // Stored by an older version, before anyone opened it here (the server has not loaded it): a
    // clean draft, then text directly in the document's root.
    const created = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: `Feuille de route abîmée ${++attempt}` });
    const id = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    const db = new Database(server.dbPath);
    try {
      const draft = codec.encode(validDraft("roadmap"));
      const doc = new Y.Doc();
      Y.applyUpdate(doc, draft);
      const before = Y.encodeStateVector(doc);
      doc.getXmlFragment("default").insert(0, [new Y.XmlText("texte hors de tout paragraphe")]);
      const insert = db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, NULL, ?)");
      const base = (db.prepare("SELECT COALESCE(MAX(seq), 0) AS n FROM collab_updates WHERE document_id = ?").get(id) as { n: number }).n;
      insert.run(id, base + 1, draft, Date.now());
      insert.run(id, base + 2, Y.encodeStateAsUpdate(doc, before), Date.now());
    } finally {
      db.close();
    }
    const me = await openPage(mediator, id, "mediator", false);
    const fa = await openPage(fac, id, "facilitator", false);
    for (const { page } of [me, fa]) {
      await page.locator('[data-testid="integrity-notice"]').waitFor();
      await page.waitForTimeout(1500); // the editor bundle loads and connects meanwhile
      // The readable text stays; the live editor is not bound to a text it would "repair".
      expect(await page.locator(".editor-readable").innerText()).toContain("Administration intérimaire de Ber");
      expect(await editorOf(page).count()).toBe(0);
    }
    expect(await me.page.getByRole("button", { name: "Restore this version" }).count()).toBe(0);
    await fa.page.getByRole("button", { name: "Restore this version" }).click();
    await fa.page.getByText("The text was restored.").waitFor();
    // Both pages get the live editor, the mediator's without a reload.
    await editorOf(fa.page).waitFor({ timeout: 15_000 });
    await editorOf(me.page).waitFor({ timeout: 15_000 });
    await expect.poll(() => editorOf(me.page).getAttribute("contenteditable")).toBe("true");
    expect(await me.page.locator('[data-testid="integrity-notice"]').count()).toBe(0);
    expect(await editorOf(me.page).innerText()).not.toContain("texte hors de tout paragraphe");
    expect(await editorOf(me.page).innerText()).toContain("Administration intérimaire de Ber");
  });
});
