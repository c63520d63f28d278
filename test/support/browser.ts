import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { describe } from "vitest";
import { LOCAL_DOCUMENT_PREFIX } from "../../app/core/offline.js";
import type { HttpClient } from "./http.js";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Debian's Chromium (never a downloaded browser). */
export const chromiumPath = CANDIDATES.find((p): p is string => !!p && existsSync(p));

if (!chromiumPath) {
  const message = "\n\n*** BROWSER TESTS SKIPPED: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH) ***\n\n";
  if (process.env.CI === "true") throw new Error(message + "CI=true: a missing Chromium fails the run.");
  console.warn(message);
}

/** `describe` when Chromium is available; loudly skipped otherwise (and an error under CI). */
export const describeBrowser = chromiumPath ? describe : describe.skip;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

const require = createRequire(import.meta.url);
const axeSource: string = (require("axe-core") as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page (through the DevTools protocol, so the app's CSP stays on)
 * and returns the serious and critical violations.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/**
 * Records, inside the page, what moved the editor's cursor: every ProseMirror transaction that
 * changed the selection (from/to, whether the text changed, its meta keys, e.g. y-sync), focus
 * moves and page-level events. Returns a function that reads the log — printed when a
 * keyboard-placement assertion fails, so a flake on CI says what happened instead of only "where".
 */
export async function recordEditorEvents(page: Page): Promise<() => Promise<string>> {
  await page.evaluate(() => {
    type Log = string[];
    const w = window as unknown as { __editorLog?: Log };
    if (w.__editorLog) return;
    const log: Log = (w.__editorLog = []);
    const t0 = performance.now();
    const stamp = () => `${Math.round(performance.now() - t0)}ms`;
    const describe = (node: EventTarget | Node | null | undefined): string => {
      if (!(node instanceof Node)) return String(node);
      const el = node instanceof Element ? node : node.parentElement;
      const block = el?.closest("p, h1, h2, h3, li, input, select, button, textarea");
      return `${block?.tagName ?? el?.tagName ?? "?"}:${(block?.textContent ?? "").slice(0, 30)}`;
    };
    const dom = document.querySelector(".ProseMirror") as
      | (Element & {
          editor?: {
            on: (
              e: string,
              f: (a: {
                transaction: { selection: { from: number; to: number }; docChanged: boolean; meta?: Record<string, unknown>; getMeta?: (k: string) => unknown };
              }) => void,
            ) => void;
            state: { selection: { from: number } };
          };
        })
      | null;
    const editor = dom?.editor;
    let lastFrom = editor?.state.selection.from ?? -1;
    editor?.on("transaction", ({ transaction }) => {
      const from = transaction.selection.from;
      if (from === lastFrom && !transaction.docChanged) return;
      const metaKeys = Object.keys((transaction as unknown as { meta: Record<string, unknown> }).meta ?? {}).join(",");
      log.push(`${stamp()} tr sel ${lastFrom}→${from}-${transaction.selection.to} doc=${transaction.docChanged} meta=[${metaKeys}]`);
      lastFrom = from;
    });
    document.addEventListener("focusin", (e) => log.push(`${stamp()} focusin ${describe(e.target)}`), true);
    document.addEventListener("focusout", (e) => log.push(`${stamp()} focusout ${describe(e.target)}`), true);
    document.addEventListener(
      "keydown",
      (e) => log.push(`${stamp()} key ${e.key} in ${describe(window.getSelection()?.anchorNode)} (editor at ${editor?.state.selection.from})`),
      true,
    );
    for (const type of ["mousedown", "mouseup", "click"])
      document.addEventListener(type, (e) => log.push(`${stamp()} ${type} on ${describe(e.target)} sel=${describe(window.getSelection()?.anchorNode)}`), true);
    document.addEventListener("selectionchange", () => log.push(`${stamp()} selectionchange ${describe(window.getSelection()?.anchorNode)}`));
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.removedNodes) if (n instanceof Element && n.querySelector?.(".ProseMirror")) log.push(`${stamp()} editor DOM removed`);
    }).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("pagehide", () => log.push(`${stamp()} pagehide`));
  });
  return () =>
    page
      .evaluate(() => ((window as unknown as { __editorLog?: string[] }).__editorLog ?? []).join("\n"))
      .catch((e: unknown) => `log unavailable: ${String(e)}`);
}

/**
 * Resolves once every write the page has already issued to a document's local copy (y-indexeddb,
 * one transaction per update, not awaited by typing) is committed: a read-only transaction on the
 * same store is scheduled after every read-write transaction created before it (IndexedDB spec),
 * even from another connection. Exact, where a fixed pause only hopes.
 */
export async function localCopyWritten(page: Page, documentId: string): Promise<void> {
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(["updates"], "readonly");
        tx.objectStore("updates").count();
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }, `${LOCAL_DOCUMENT_PREFIX}${documentId}`);
}

/**
 * A browser context signed in as the person an HttpClient signed in over HTTP (its cookies, on the
 * app's origin): tests create accounts and processes quickly over HTTP, then look with a browser.
 */
export async function signedInContext(browser: Browser, client: HttpClient, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  if (!client.cookies.get("mw_session")) throw new Error("signedInContext: the client is not signed in");
  const context = await browser.newContext({ locale: "en-US", ...options });
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: client.baseUrl })));
  return context;
}
