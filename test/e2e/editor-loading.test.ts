// Issue 14, "editor weight": on a slow link the editor's code takes seconds to arrive. The page
// shows the readable text at once with a status that says the editor is loading, keeps it until the
// editor is bound, and says clearly when the code cannot be fetched (here: the chunk is refused
// while the browser is offline). The editor chunk is held back with `page.route`.
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createProcessViaForm } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let client: HttpClient;
let documentPath: string;

/** The server-rendered readable text (the region every document page shows before the editor). */
const readableText = (page: Page) => page.locator(".editor-readable").first().innerText();

const EDITOR_CHUNK = /\/build\/_shared\/collab-editor\.client-[A-Z0-9]+\.js$/;

describeBrowser("the editor's loading state (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    client = new HttpClient(server.url);
    expect((await signUp(client, uniqueAccount("facilitator"))).status).toBe(302);
    const processId = await createProcessViaForm(client, { title: "Dialogue de Ber" });
    const created = await client.post(`/processes/${processId}/documents/new`, {
      kind: "agenda",
      title: "Ordre du jour de Ber",
      template: "local-dialogue-agenda",
    });
    expect(created.status, await created.clone().text()).toBe(302);
    documentPath = created.headers.get("location") ?? "";
    expect(documentPath).toMatch(/^\/processes\/[^/]+\/documents\/[^/]+$/);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("says the editor is loading while its code is held back, over the readable text, and stops saying it once the editor is bound", async () => {
    const context = await signedInContext(browser, client);
    onTestFinished(() => context.close());
    const page = await context.newPage();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(EDITOR_CHUNK, async (route: Route) => {
      held++;
      await released;
      await route.continue();
    });
    const languageChunks: string[] = [];
    page.on("request", (r) => {
      if (/\/build\/_shared\/(en|fr)-[A-Z0-9]+\.js$/.test(r.url())) languageChunks.push(new URL(r.url()).pathname);
    });
    await page.goto(server.url + documentPath);
    // Only the page's language is downloaded, and the root preloads it (no round trip after the entry).
    expect(await page.locator('link[rel="modulepreload"][href^="/build/_shared/en-"]').count()).toBe(1);
    const status = page.getByRole("status").filter({ hasText: "Loading the editor…" });
    await status.waitFor();
    await expect.poll(() => held, { timeout: 10_000 }).toBeGreaterThan(0);
    // The readable text is there meanwhile, and the page is accessible in this state.
    expect(await readableText(page)).toMatch(/\S/);
    expect(await page.locator(".editor-prosemirror").count()).toBe(0);
    // Still loading a moment later: the status is not a flash.
    await page.waitForTimeout(500);
    expect(await status.isVisible()).toBe(true);
    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    release();
    await page.locator(".editor-prosemirror").waitFor();
    await expect.poll(() => status.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator(".editor-prosemirror").getAttribute("contenteditable")).toBe("true");
    expect(languageChunks.length, languageChunks.join(", ")).toBeGreaterThan(0);
    expect(
      languageChunks.every((p) => p.startsWith("/build/_shared/en-")),
      languageChunks.join(", "),
    ).toBe(true);
  });

  it("says the editor could not be loaded, and why, when the device is offline without its code", async () => {
    const context = await signedInContext(browser, client, { locale: "en-US" });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.route(EDITOR_CHUNK, async (route: Route) => {
      // The network went away between the page and its editor chunk.
      await context.setOffline(true);
      await route.abort("internetdisconnected");
    });
    await page.goto(server.url + documentPath);
    const alert = page.getByRole("alert").filter({ hasText: "The editor could not be loaded" });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toContain("this device is offline");
    expect(await page.getByRole("status").filter({ hasText: "Loading the editor…" }).count()).toBe(0);
    expect(await readableText(page)).toMatch(/\S/);
  });
});
