// The editor component in real Chromium, before the app's own collab server exists.
//
// The test bundles a Remix-free harness page (test/e2e/harness/editor-harness.tsx) with esbuild and
// serves it from its own HTTP server, which also speaks the y-websocket protocol under /collab
// through the reference server (@y/websocket-server 0.1.1, in memory). Standing in for the real
// server's contract, it also sends the custom "saved" message after each content message it
// applied (1.5 s late on documents named "slow-*"), and an auth "permission denied" on documents
// whose name starts with "deny-".
// The integrator's browser test against the real server replaces this one's network half.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { setupWSConnection } from "@y/websocket-server/utils";
import { build } from "esbuild";
import * as encoding from "lib0/encoding";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import * as authProtocol from "y-protocols/auth";
import { classifyOutgoing, MESSAGE_AUTH } from "../../app/editor/collab-protocol.js";
import { encodeRefused, encodeSaved } from "../../app/core/collab-wire.js";
import { describeBrowser, launchBrowser, localCopyWritten, seriousA11yViolations } from "../support/browser.js";

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

let server: Server;
let browser: Browser;
let baseUrl: string;
/** Open server-side sockets per document, to count providers and to cut connections. */
const connections = new Map<string, Set<WebSocket>>();
/** Connections refused per document (a refused client must not come back). */
const refusedConnections = new Map<string, number>();
/** Sync "update" messages received per document (a read-only client must send none). */
const updateMessages = new Map<string, number>();

async function startHarnessServer(): Promise<void> {
  const bundle = await build({
    entryPoints: [root("test/e2e/harness/editor-harness.tsx")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    sourcemap: "inline",
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  const js = bundle.outputFiles[0].text;
  const css = readFileSync(root("app/styles/app.css"), "utf8");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Editor harness</title>
<link rel="stylesheet" href="/app.css"></head><body><div id="root"></div><script type="module" src="/harness.js"></script></body></html>`;

  server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/harness.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    else if (path === "/app.css") res.writeHead(200, { "content-type": "text/css" }).end(css);
    else if (path === "/") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const match = /^\/collab\/([\w-]+)/.exec(req.url ?? "");
    if (!match) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (conn) => acceptCollab(conn, req, match[1]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function acceptCollab(conn: WebSocket, req: Parameters<typeof setupWSConnection>[1], docName: string): void {
  setupWSConnection(conn, req, { docName, gc: true });
  const open = connections.get(docName) ?? new Set<WebSocket>();
  connections.set(docName, open.add(conn));
  conn.on("close", () => open.delete(conn));
  const ackDelay = docName.startsWith("slow-") ? 1500 : 20;
  // A slow link: the server reads nothing from this socket for 3 s, so the first sync waits.
  if (docName.startsWith("late-")) {
    conn.pause();
    setTimeout(() => conn.resume(), 3000);
  }
  // In memory, "durable" means "applied": setupWSConnection's listener ran first, so acknowledge
  // each content message right after it, as the real server does after its commit.
  let durable = 0;
  conn.on("message", (data: Buffer) => {
    const kind = classifyOutgoing(new Uint8Array(data));
    if (!kind) return;
    // "refuse-*": the first live update is refused as the app's server refuses a structure it
    // does not allow: REFUSED with the problem, then close 1008.
    if (kind === "update" && docName.startsWith("refuse-")) {
      refusedConnections.set(docName, (refusedConnections.get(docName) ?? 0) + 1);
      conn.send(encodeRefused("textNotAllowed"));
      conn.close(1008, "update refused: textNotAllowed");
      return;
    }
    if (kind === "update") updateMessages.set(docName, (updateMessages.get(docName) ?? 0) + 1);
    durable += 1;
    const count = durable;
    setTimeout(() => conn.readyState === conn.OPEN && conn.send(encodeSaved(0, new Uint8Array([0]), count)), ackDelay);
  });
  if (docName.startsWith("deny-")) {
    setTimeout(() => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AUTH);
      authProtocol.writePermissionDenied(encoder, "read-only member");
      if (conn.readyState === conn.OPEN) conn.send(encoding.toUint8Array(encoder));
    }, 300);
  }
}

interface Opener {
  context: BrowserContext;
  open(params: Record<string, string>): Promise<Page>;
}

async function person(): Promise<Opener> {
  const context = await browser.newContext();
  return {
    context,
    async open(params) {
      const page = await context.newPage();
      page.on("pageerror", (error) => console.error("[page error]", error));
      await page.goto(`${baseUrl}/?${new URLSearchParams(params)}`);
      await page.locator(".editor-prosemirror").waitFor();
      return page;
    },
  };
}

const editorOf = (page: Page) => page.locator(".editor-prosemirror");
const statusOf = (page: Page) => page.locator(".editor-status");

/** A document name of its own per attempt: a retried test must not meet the presence and text of its failed run. */
let attempt = 0;
const fresh = (name: string) => `${name}-${++attempt}`;

describeBrowser("collaborative editor in Chromium (harness server)", () => {
  beforeAll(async () => {
    await startHarnessServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("two people type together, see each other's text, carets and avatars, and the work is saved", async () => {
    const amina = await person();
    const bakary = await person();
    const doc = fresh("together");
    const a = await amina.open({ doc, name: "Amina Walet", color: "#a4262c", role: "mediator" });
    const b = await bakary.open({ doc, name: "Bakary Coulibaly", color: "#1e6b3a", role: "facilitator" });

    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("saved");
    await editorOf(a).click();
    await a.keyboard.type("Cessation des hostilités");
    await expect.poll(() => editorOf(b).innerText()).toContain("Cessation des hostilités");

    await editorOf(b).click();
    await b.keyboard.press("End");
    await b.keyboard.press("Enter");
    await b.keyboard.type("Libre circulation");
    await expect.poll(() => editorOf(a).innerText()).toContain("Libre circulation");

    // Carets carry the other person's name; presence lists both with their roles.
    await expect.poll(() => a.locator(".collaboration-carets__label").allInnerTexts()).toContain("Bakary Coulibaly");
    await expect.poll(() => b.locator(".collaboration-carets__label").allInnerTexts()).toContain("Amina Walet");
    await expect
      .poll(() => a.locator(".editor-presence .visually-hidden").allInnerTexts())
      .toEqual(["Amina Walet, mediator (you)", "Bakary Coulibaly, facilitator"]);

    // Saved only after the server's acknowledgement.
    await expect.poll(() => statusOf(b).innerText()).toContain("Saved");
    await expect.poll(() => statusOf(a).innerText()).toContain("Saved");

    // Toolbar: a heading toggle reports its pressed state.
    await editorOf(a).click();
    await a.keyboard.press("Control+Home");
    await a.getByRole("button", { name: "Heading 1" }).click();
    await expect.poll(() => a.getByRole("button", { name: "Heading 1" }).getAttribute("aria-pressed")).toBe("true");
    // (the h1 also holds Amina's caret label, hence toContain)
    await expect.poll(() => b.locator(".editor-prosemirror h1").innerText()).toContain("Cessation des hostilités");
    await a.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => b.locator(".editor-prosemirror h1").count()).toBe(0);

    expect(await seriousA11yViolations(a)).toEqual([]);
    await amina.context.close();
    await bakary.context.close();
  });

  it("a key that arrives before the browser reports the caret's move acts where the caret is (Enter right after a click)", async () => {
    // Chromium runs input events ahead of its queued selectionchange: on a busy device, "click at
    // the end of a line, press Enter" can reach the editor before it heard of the click. Here both
    // happen in one task, so the selectionchange cannot come first.
    const amina = await person();
    const a = await amina.open({ doc: fresh("caret"), name: "Amina", color: "#a4262c" });
    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("saved");
    await editorOf(a).click();
    await a.keyboard.type("Premier point");
    await a.keyboard.press("Enter");
    await a.keyboard.type("Second point");
    await a.keyboard.press("Control+Home");
    const editorSelection = () =>
      a.evaluate(
        () => (document.querySelector(".ProseMirror") as unknown as { editor: { state: { selection: { from: number } } } }).editor.state.selection.from,
      );
    await expect.poll(editorSelection).toBe(1);
    await a.evaluate(() => {
      const second = [...document.querySelectorAll(".editor-prosemirror p")].find((p) => p.textContent === "Second point")!;
      const text = second.firstChild!;
      const end = text.textContent!.length;
      window.getSelection()!.setBaseAndExtent(text, end, text, end); // what a click there does
      document.querySelector(".editor-prosemirror")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    });
    await a.keyboard.type("Troisième point");
    await expect.poll(() => editorOf(a).locator("p").allInnerTexts()).toEqual(["Premier point", "Second point", "Troisième point"]);
    await amina.context.close();
  });

  it("still edits online, and says so, on a device that refuses to keep an offline copy (IndexedDB blocked)", async () => {
    const amina = await person();
    // Storage disabled by policy, a full disk or a broken profile: opening any database fails.
    await amina.context.addInitScript(() => {
      IDBFactory.prototype.open = function open() {
        throw new DOMException("IndexedDB is disabled on this device", "SecurityError");
      };
    });
    const bakary = await person();
    const doc = fresh("no-idb");
    const a = await amina.open({ doc, name: "Amina", color: "#a4262c" });
    const b = await bakary.open({ doc, name: "Bakary", color: "#1e6b3a" });
    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("saved");
    await expect.poll(() => a.locator(".editor-no-local-copy").innerText()).toContain("cannot keep a copy");
    await editorOf(a).click();
    await a.keyboard.type("Sans copie locale.");
    await expect.poll(() => editorOf(b).innerText()).toContain("Sans copie locale.");
    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("saved");
    expect(await b.locator(".editor-no-local-copy").count()).toBe(0);
    // Offline, the header does not promise that the device keeps the changes.
    await amina.context.setOffline(true);
    await a.keyboard.type(" Encore.");
    await expect.poll(() => statusOf(a).innerText()).toMatch(/Offline — keep this page open: \d+ changes? (is|are) not saved anywhere else yet/);
    await amina.context.setOffline(false);
    await expect.poll(() => editorOf(b).innerText()).toContain("Sans copie locale. Encore.");
    await amina.context.close();
    await bakary.context.close();
  });

  it("on a first visit over a slow link, waits for the server's text instead of offering an empty editable page", async () => {
    const writer = await person();
    const doc = fresh("late");
    const w = await writer.open({ doc, name: "Writer", color: "#1f4e5f" });
    await expect.poll(() => statusOf(w).getAttribute("data-status"), { timeout: 10_000 }).toBe("saved");
    await editorOf(w).click();
    await w.keyboard.type("Texte déjà là.");
    await expect.poll(() => statusOf(w).getAttribute("data-status")).toBe("saved");

    const reader = await person();
    const page = await reader.context.newPage();
    await page.goto(`${baseUrl}/?${new URLSearchParams({ doc, name: "Reader", color: "#6b3fa0" })}`);
    // Its socket is open (so its device copy, empty, is loaded: the socket opens only after) but
    // the server has not answered yet: still the placeholder, no editor to type into.
    await expect.poll(() => connections.get(doc)?.size).toBe(2);
    await page.waitForTimeout(300); // an editor bound at once would be there by now
    expect(await statusOf(page).getAttribute("data-status")).toBe("connecting");
    expect(await page.locator(".editor-placeholder").count()).toBe(1);
    expect(await editorOf(page).count()).toBe(0);
    // Then the text, in an editor.
    await expect.poll(() => editorOf(page).innerText(), { timeout: 10_000 }).toContain("Texte déjà là.");
    await writer.context.close();
    await reader.context.close();
  });

  it("the toolbar is one Tab stop, arrows move between its buttons, and it remembers the last one", async () => {
    const amina = await person();
    const a = await amina.open({ doc: fresh("toolbar"), name: "Amina", color: "#a4262c" });
    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("saved");
    const focused = () => a.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
    await editorOf(a).click();
    await a.keyboard.press("Shift+Tab");
    await expect.poll(focused).toBe("H1Heading 1");
    await a.keyboard.press("ArrowRight");
    await expect.poll(focused).toBe("H2Heading 2");
    await a.keyboard.press("End");
    await expect.poll(focused).toBe("1.Numbered list"); // undo and redo are disabled: nothing to undo yet
    await a.keyboard.press("Home");
    await a.keyboard.press("ArrowLeft"); // wraps around
    await expect.poll(focused).toBe("1.Numbered list");
    await a.keyboard.press("Tab"); // one stop: straight back into the text
    await expect.poll(() => a.evaluate(() => document.activeElement?.classList.contains("editor-prosemirror") ?? false)).toBe(true);
    await a.keyboard.press("Shift+Tab"); // the bar remembers the last button
    await expect.poll(focused).toBe("1.Numbered list");
    await amina.context.close();
  });

  it("keeps words typed offline on the device, through closing the tab, and syncs them when back online", async () => {
    const amina = await person();
    const bakary = await person();
    const doc = fresh("offline");
    const a = await amina.open({ doc, name: "Amina", color: "#a4262c" });
    const b = await bakary.open({ doc, name: "Bakary", color: "#1e6b3a" });
    await editorOf(a).click();
    await a.keyboard.type("En ligne.");
    await expect.poll(() => editorOf(b).innerText()).toContain("En ligne.");
    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("saved");

    await amina.context.setOffline(true);
    await expect.poll(() => statusOf(a).getAttribute("data-status")).toBe("offline");
    await a.keyboard.type(" Hors ligne à Kidal.");
    await expect.poll(() => statusOf(a).innerText()).toMatch(/Offline — your changes are kept on this device \(\d+ changes?\)/);
    expect(Number(await statusOf(a).getAttribute("data-pending"))).toBeGreaterThan(0);
    await localCopyWritten(a, doc); // IndexedDB has committed before the tab goes
    expect(await editorOf(b).innerText()).not.toContain("Hors ligne");
    await a.close();

    await amina.context.setOffline(false);
    const again = await amina.open({ doc, name: "Amina", color: "#a4262c" });
    // The reopened tab remembered that changes were waiting (before its socket even opened).
    expect((await again.evaluate(() => window.harness.history))[0]).toBe("offline");
    await expect.poll(() => editorOf(again).innerText()).toContain("Hors ligne à Kidal.");
    await expect.poll(() => editorOf(b).innerText()).toContain("En ligne. Hors ligne à Kidal.");
    await expect.poll(() => statusOf(again).getAttribute("data-status")).toBe("saved");
    await amina.context.close();
    await bakary.context.close();
  });

  it("read-only: typing changes nothing, the banner says why, and the switch happens live", async () => {
    const writer = await person();
    const observer = await person();
    const doc = fresh("readonly");
    const w = await writer.open({ doc, name: "Writer", color: "#1f4e5f" });
    await editorOf(w).click();
    await w.keyboard.type("Texte partagé");
    // Ending on a heading: an editor that appended a trailing paragraph on open would write.
    await w.getByRole("button", { name: "Heading 2" }).click();
    await expect.poll(() => w.evaluate(() => window.harness.status?.kind)).toBe("saved");
    const updatesBefore = updateMessages.get(doc);
    const o = await observer.open({ doc, name: "Observer", color: "#6b3fa0", readOnly: "1", reason: "observer" });
    await expect.poll(() => editorOf(o).innerText()).toContain("Texte partagé");
    await expect(o.locator(".editor-readonly-banner").innerText()).resolves.toContain("You are an observer");
    expect(await o.getByRole("toolbar").count()).toBe(0);
    expect(await editorOf(o).getAttribute("contenteditable")).toBe("false");
    await editorOf(o).click();
    await o.keyboard.type("intrusion");
    await o.waitForTimeout(300);
    expect(await editorOf(o).innerText()).not.toContain("intrusion");
    expect(await editorOf(w).innerText()).not.toContain("intrusion");
    await expect.poll(() => statusOf(o).innerText()).toContain("Up to date");
    expect(updateMessages.get(doc), "a read-only client sent a document update").toBe(updatesBefore);

    // A role change arrives as a prop: the editor locks without a reload.
    await w.evaluate(() => window.harness.setReadOnly(true));
    await expect.poll(() => editorOf(w).getAttribute("contenteditable")).toBe("false");
    await expect.poll(() => w.locator(".editor-readonly-banner").count()).toBe(1);
    await w.keyboard.type("after lock");
    expect(await editorOf(w).innerText()).not.toContain("after lock");
    await w.evaluate(() => window.harness.setReadOnly(false));
    await expect.poll(() => editorOf(w).getAttribute("contenteditable")).toBe("true");
    expect(await seriousA11yViolations(o)).toEqual([]);
    await writer.context.close();
    await observer.context.close();
  });

  it("says Saving… until the server acknowledges, Reconnecting… when the link drops, and keeps one socket per page", async () => {
    const amina = await person();
    const doc = fresh("slow-1");
    const page = await amina.open({ doc, name: "Amina", color: "#a4262c" });
    await expect.poll(() => statusOf(page).getAttribute("data-status")).toBe("saved");
    // StrictMode mounted the editor twice: the first provider must be gone.
    expect(connections.get(doc)?.size).toBe(1);

    await editorOf(page).click();
    await page.keyboard.type("Durable?");
    await expect.poll(() => statusOf(page).innerText()).toContain("Saving…");
    await expect.poll(() => statusOf(page).innerText(), { timeout: 5000 }).toContain("Saved");

    for (const conn of connections.get(doc) ?? []) conn.terminate();
    await expect.poll(() => page.evaluate(() => window.harness.history)).toContain("reconnecting");
    await expect.poll(() => statusOf(page).getAttribute("data-status"), { timeout: 10_000 }).toBe("saved");
    await expect.poll(() => connections.get(doc)?.size).toBe(1);
    expect(await page.evaluate(() => window.harness.history)).toEqual(["connecting", "saved", "saving", "saved", "reconnecting", "saved"]);
    await amina.context.close();
  });

  it("when the server refuses a change, says what it held, stops, and does not knock again", async () => {
    const member = await person();
    const doc = fresh("refuse");
    const page = await member.open({ doc, name: "Fatou", color: "#1f4e5f" });
    await editorOf(page).click();
    await page.keyboard.type("x");
    await page.locator('.editor-readonly-banner[data-reason="refused"]').waitFor();
    expect(await page.locator(".editor-readonly-banner").innerText()).toContain(
      "The server refused a change from this device: it held text outside any paragraph",
    );
    await expect.poll(() => editorOf(page).getAttribute("contenteditable")).toBe("false");
    expect(await page.getByRole("button", { name: "Reload from the saved text" }).count()).toBe(1);
    // 1008 is not a "don't come back" code for y-websocket: the editor must not reconnect and resend.
    await page.waitForTimeout(2500);
    expect(refusedConnections.get(doc)).toBe(1);
    expect(connections.get(doc)?.size ?? 0).toBe(0);
    await member.context.close();
  });

  it("switches to read-only when the server denies permission, in French", async () => {
    const member = await person();
    const page = await member.open({ doc: "deny-1", name: "Fatou", color: "#1f4e5f", lang: "fr" });
    await expect.poll(() => editorOf(page).getAttribute("contenteditable")).toBe("false");
    await expect(page.locator(".editor-readonly-banner").innerText()).resolves.toContain("Le serveur n’accepte plus vos modifications");
    await expect(page.locator(".editor-readonly-banner").getAttribute("data-reason")).resolves.toBe("permissionDenied");
    await member.context.close();
  });
});
