// The screens a mediator lives in (issue 14), in Chromium against the real app, at a phone's and a
// tablet's width: the representative's decision bar after the text (in reach while reading,
// deciding through it is stored), the sticky editor toolbar, outline numbers on a wrapped title's
// first line, the audit log within the screen with short hashes and a copy button, read-only item
// fields, the indicators field growing, "Last edited" following live edits, the invitation form's
// expiry default without a console warning, and the print layout.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { shortHash } from "../../app/core/signoff.js";
import type { JsonNode } from "../../app/core/validation.js";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { addToDraft, validDraft, writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let processId: string;
let facilitator: HttpClient;
let mediator: HttpClient;
let youth: HttpClient;
/** A long roadmap in a sign-off round that requires the youth's decision. */
let roundDocument: string;
/** The Anefis template's roadmap, still a draft (long section titles, items with fields). */
let draftDocument: string;
const contexts: BrowserContext[] = [];

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };
const path = (documentId: string) => `/processes/${processId}/documents/${documentId}`;

/** A roadmap item with a long body, so the text is several screens long on a phone. */
function longItem(n: number): JsonNode {
  return {
    type: "roadmapItem",
    attrs: {
      id: `item-long-${n}`,
      domain: "reconciliation",
      responsibleParties: [{ type: "category", ref: "youth" }],
      timeframe: "6 mois",
      indicators: [],
      status: "planned",
    },
    content: [
      { type: "itemTitle", content: [{ type: "text", text: `Rencontre intercommunautaire numéro ${n}` }] },
      {
        type: "paragraph",
        content: [{ type: "text", text: "Les communautés de Ber se réunissent chaque mois sous l’égide des chefs coutumiers et religieux. ".repeat(3) }],
      },
    ],
  };
}

/** A signed-in page; `problems` collects console errors (and warnings too when `warnings`). */
async function pageFor(client: HttpClient, viewport = PHONE, problems?: string[], warnings = false): Promise<Page> {
  const context = await signedInContext(browser, client, { viewport });
  contexts.push(context);
  const page = await context.newPage();
  if (problems) {
    page.on("console", (m) => {
      if (m.type() === "error" || (warnings && m.type() === "warning")) problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  }
  return page;
}

/** Where an element sits in the viewport, and whether it is entirely inside it. */
function inViewport(page: Page, selector: string) {
  return page.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, inside: r.top >= 0 && r.bottom <= window.innerHeight + 0.5 && r.height > 0 };
  });
}

/** Whether the page fits its width; when not, what sticks out (in the assertion's message). */
async function noSidewaysScroll(page: Page): Promise<true | string[]> {
  return page.evaluate(() =>
    document.documentElement.scrollWidth <= window.innerWidth
      ? true
      : [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
}

describeBrowser("the screens a mediator lives in (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    facilitator = new HttpClient(server.url);
    expect((await signUp(facilitator, { ...uniqueAccount("facilitator"), displayName: "Aminata Facilitatrice" })).status).toBe(302);
    processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber" });
    mediator = (
      await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role: "mediator" }), {
        ...uniqueAccount("mediator"),
        displayName: "Bakary Médiateur",
      })
    ).client;
    youth = (
      await joinWithNewAccount(
        server.url,
        await createInvitationViaForm(facilitator, processId, {
          role: "representative",
          categoryId: categoryId(server.dbPath, processId, "youth"),
          affiliation: "Ber",
        }),
        { ...uniqueAccount("youth"), displayName: "Moussa Jeune" },
      )
    ).client;

    const created = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    roundDocument = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    await shareDocument(facilitator, processId, roundDocument);
    await addToDraft(server.url, facilitator, roundDocument, {
      type: "doc",
      content: [...(validDraft("roadmap").content ?? []), ...Array.from({ length: 8 }, (_, i) => longItem(i + 1))],
    });
    const opened = await facilitator.post(path(roundDocument), { intent: "open", categoryIds: [categoryId(server.dbPath, processId, "youth")] });
    expect(opened.status, await opened.clone().text()).toBe(200);

    const anefis = await facilitator.post(`/processes/${processId}/documents/new`, {
      kind: "roadmap",
      title: "Feuille de route d'Anéfis",
      template: "roadmap-anefis",
    });
    draftDocument = /documents\/([A-Za-z0-9_-]+)$/.exec(anefis.headers.get("location") ?? "")![1]!;
    await shareDocument(facilitator, processId, draftDocument);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it("a representative reads the text first and decides in a bar that stays in reach at 390 px; the decision is stored", async () => {
    const problems: string[] = [];
    const page = await pageFor(youth, PHONE, problems);
    await page.goto(server.url + path(roundDocument));
    await page.locator(".editor-prosemirror section[data-item]").first().waitFor();
    const bar = page.getByRole("region", { name: "Your decision for Youth" });
    await bar.waitFor();
    const hash = query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ?", roundDocument)[0]!
      .version_hash;
    // It says what the decision binds to: the round and the frozen version.
    expect(await bar.innerText()).toContain("Round 1 · version");
    expect(await bar.getByTestId("decision-bar-hash").innerText()).toBe(shortHash(hash));
    // The text comes first: its first item's title is before the bar in document order, and the
    // panel above the text no longer holds the decision form (it points to the bar).
    const textFirst = await page.evaluate(() => {
      const title = document.querySelector(".editor-prosemirror .item-title")!;
      const barElement = document.querySelector("#decision-bar")!;
      return !!(title.compareDocumentPosition(barElement) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(textFirst).toBe(true);
    expect(await page.locator(".signoff-panel form:has(input[name=intent][value=decide])").count()).toBe(0);
    expect(await page.locator(".signoff-panel a[href='#decision-bar']").count()).toBe(1);

    // In reach at the top of the page and at its end; at the end it does not cover the last lines.
    await page.evaluate(() => window.scrollTo(0, 0));
    expect((await inViewport(page, "#decision-bar")).inside).toBe(true);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(pageHeight, "the text is longer than the screen").toBeGreaterThan(PHONE.height * 3);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    expect((await inViewport(page, "#decision-bar")).inside).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const atEnd = await inViewport(page, "#decision-bar");
    expect(atEnd.inside).toBe(true);
    const lastBlockBottom = await page.locator(".export-panel").evaluate((e) => e.getBoundingClientRect().bottom);
    expect(lastBlockBottom).toBeLessThanOrEqual(atEnd.top + 0.5);
    expect(await noSidewaysScroll(page)).toBe(true);
    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // Keyboard: the bar's controls are in the tab order, after the text.
    await bar.locator("input[name=decision][value=object]").focus();
    await page.keyboard.press("Space");
    expect(await bar.locator("input[name=decision][value=object]").isChecked()).toBe(true);
    await bar.getByLabel("Reason (required to request changes)").fill("Rien sur les jeunes déplacés.");
    await bar.getByRole("button", { name: "Record my decision" }).click();
    await bar.getByText("Your decision is recorded.").waitFor();
    const stored = query<{ decision: string; reason: string; version_hash: string }>(
      server.dbPath,
      "SELECT decision, reason, version_hash FROM signoff_decisions ORDER BY id DESC LIMIT 1",
    )[0];
    expect(stored).toEqual({ decision: "object", reason: "Rien sur les jeunes déplacés.", version_hash: hash });
    await expect.poll(() => bar.innerText()).toContain("Your current decision: Objects");
    expect(problems).toEqual([]);
  });

  it("the editor's toolbar stays on screen while a long text scrolls, and the caret's line is never under it", async () => {
    const page = await pageFor(mediator, TABLET);
    await page.goto(server.url + path(draftDocument));
    const editor = page.locator(".editor-prosemirror");
    await editor.locator("section[data-item]").first().waitFor();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    const toolbar = await inViewport(page, ".editor-toolbar");
    expect(toolbar.inside).toBe(true);
    expect(toolbar.top).toBeLessThan(2);

    // The caret in an item's body, then the page scrolled so its line hides under the toolbar:
    // typing brings it back below the toolbar, not merely into the viewport.
    const body = editor.locator("section[data-item] .doc-item-content p:not(.item-title)").nth(3);
    await body.click();
    await page.keyboard.press("End");
    const caretTop = () => page.evaluate(() => window.getSelection()!.getRangeAt(0).getBoundingClientRect().top);
    await page.evaluate((top) => window.scrollBy(0, top - 10), await caretTop());
    await page.keyboard.type(" Suivi.");
    const bar = await inViewport(page, ".editor-toolbar");
    await expect.poll(caretTop).toBeGreaterThanOrEqual(bar.bottom);
  });

  it("outline numbers sit on the first line of a wrapped section title at 390 px", async () => {
    const page = await pageFor(mediator, PHONE);
    await page.goto(server.url + path(draftDocument));
    await page.locator(".outline-sections li").first().waitFor();
    const lines = await page.evaluate(() =>
      [...document.querySelectorAll(".outline-sections li")].map((li) => {
        // A probe where the list marker is drawn: on the item's first line box, on its baseline (like
        // the marker). Zero wide, so it never pushes the title to another line.
        const probe = document.createElement("span");
        probe.style.cssText = "display: inline-block; width: 0; white-space: nowrap";
        probe.textContent = "8.";
        li.insertBefore(probe, li.firstChild);
        const lineRects = (node: Node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return [...range.getClientRects()].map((r) => ({ top: r.top, bottom: r.bottom }));
        };
        const marker = lineRects(probe)[0]!;
        const title = lineRects(li.querySelector("button")!);
        probe.remove();
        return { wrapped: new Set(title.map((r) => Math.round(r.top))).size > 1, probeTop: marker.top, firstTop: title[0]!.top, firstBottom: title[0]!.bottom };
      }),
    );
    expect(
      lines.some((l) => l.wrapped),
      "a section title wraps at 390 px",
    ).toBe(true);
    for (const l of lines) {
      expect(l.probeTop).toBeGreaterThanOrEqual(l.firstTop - 4);
      expect(l.probeTop).toBeLessThan(l.firstBottom);
    }
  });

  it("the audit log fits 390 and 768 px, with short hashes, the full one in a fold, and a copy button", async () => {
    const hash = query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ?", roundDocument)[0]!
      .version_hash;
    for (const viewport of [PHONE, TABLET]) {
      const page = await pageFor(facilitator, viewport);
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      await page.goto(`${server.url}/processes/${processId}/audit`);
      const value = page.locator(".hash-value").first();
      await value.locator(".hash-copy").waitFor(); // after hydration
      expect(await noSidewaysScroll(page), `${viewport.width} px`).toBe(true);
      const short = value.locator("code.hash-short");
      expect(await short.innerText()).toBe(hash.slice(0, 12));
      expect(await short.getAttribute("title")).toBe(hash);
      expect(await value.locator(".hash-full code").textContent()).toBe(hash);
      await value.locator(".hash-copy").click();
      await expect.poll(() => value.locator(".hash-copy").innerText()).toContain("Copied");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hash);
      // Without script the fold still opens and shows the whole hash.
      await value.locator(".hash-full summary").click();
      expect(await value.locator(".hash-full code").isVisible()).toBe(true);
      expect(await noSidewaysScroll(page), `${viewport.width} px, hash unfolded`).toBe(true);
    }
  });

  it("read-only fields look read-only; the indicators field grows with its lines", async () => {
    const reader = await pageFor(youth, PHONE);
    await reader.goto(server.url + path(draftDocument));
    const item = reader.locator(".editor-prosemirror section[data-item]").first();
    await item.waitFor();
    const timeframe = item.getByLabel("Timeframe");
    expect(await timeframe.getAttribute("readonly")).not.toBeNull();
    const look = await timeframe.evaluate((e) => {
      const s = getComputedStyle(e);
      return { border: s.borderTopColor, background: s.backgroundColor, placeholder: (e as HTMLInputElement).placeholder };
    });
    expect(look).toEqual({ border: "rgba(0, 0, 0, 0)", background: "rgba(0, 0, 0, 0)", placeholder: "" });
    expect(await item.getByLabel("Indicators (one per line)").getAttribute("readonly")).not.toBeNull();

    const page = await pageFor(mediator, PHONE);
    await page.goto(server.url + path(draftDocument));
    const indicators = page.locator(".editor-prosemirror section[data-item]").first().getByLabel("Indicators (one per line)");
    await indicators.waitFor();
    expect(await indicators.getAttribute("readonly")).toBeNull();
    const before = await indicators.evaluate((e) => e.getBoundingClientRect().height);
    await indicators.click();
    await page.keyboard.type("Rapport mensuel\nRéunions tenues\nMarché rouvert\nRoute sécurisée\nRetours recensés");
    await expect.poll(() => indicators.evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(before + 40);
    // It holds every line: nothing scrolls inside it.
    expect(await indicators.evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);
  });

  it("the invitation form shows its default expiry, with no warning in the console", async () => {
    const problems: string[] = [];
    const page = await pageFor(facilitator, PHONE, problems, true);
    await page.goto(`${server.url}/processes/${processId}/invitations`);
    await page.waitForLoadState("networkidle"); // hydrated: React has compared the page with its own render
    expect(await page.getByLabel("Valid for (days)").inputValue()).toBe("7");
    expect(problems).toEqual([]);
  });

  it("prints the document's text: no shell or navigation, headings kept with what follows", async () => {
    const page = await pageFor(facilitator, TABLET);
    await page.goto(server.url + path(draftDocument));
    await page.locator(".editor-prosemirror .doc-section").first().waitFor();
    await page.emulateMedia({ media: "print" });
    const shown = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => getComputedStyle(e).display !== "none");
    for (const hidden of [".app-header", ".tabs", ".process-header", ".signoff-panel", ".editor-toolbar", ".document-workspace-side"]) {
      expect(await shown(hidden), hidden).toBe(false);
    }
    expect(await shown("#document-title")).toBe(true);
    const breaks = await page.evaluate(() => ({
      section: getComputedStyle(document.querySelector(".editor-prosemirror .doc-section")!).breakAfter,
      title: getComputedStyle(document.querySelector(".editor-prosemirror .item-title")!).breakAfter,
      item: getComputedStyle(document.querySelector(".editor-prosemirror .doc-item")!).breakInside,
      editor: getComputedStyle(document.querySelector(".collab-editor")!).breakInside,
    }));
    // The editor as a whole may break (else a long text would start on the second sheet).
    expect(breaks).toEqual({ section: "avoid", title: "avoid", item: "avoid", editor: "auto" });
    // The printed page starts on the text: the title is the first thing printed.
    const firstPrinted = await page.evaluate(() => {
      const main = document.querySelector("main")!;
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (n.textContent!.trim() && el.getClientRects().length && getComputedStyle(el).visibility !== "hidden") return el.closest("h2")?.id ?? el.tagName;
      }
      return null;
    });
    expect(firstPrinted).toBe("document-title");
    await page.emulateMedia({ media: "screen" });
  });

  it("\"Last edited\" follows another member's edit and this device's own, live", async () => {
    const page = await pageFor(facilitator, TABLET);
    await page.goto(server.url + path(draftDocument));
    const editor = page.locator(".editor-prosemirror");
    await editor.locator("section[data-item]").first().waitFor();
    await expect.poll(() => page.locator(".editor-status").innerText()).toMatch(/Saved|Up to date/);
    const line = page.locator(".document-last-edited");
    const initial = await line.innerText();
    expect(initial).not.toContain("another member");

    await writeValidDraft(server.url, mediator, draftDocument, "roadmap"); // another client, over its own socket
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toMatch(/^Last edited: another member, /);

    await editor.locator("section[data-item] .doc-item-content p:not(.item-title)").first().click();
    await page.keyboard.press("End");
    await page.keyboard.type(" Ajout.");
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toMatch(/^Last edited: you, /);
  });
});
