// What the document page defers (ADR 037). The strings of other screens (app/core/i18n/late.ts): it
// never downloads them while the reader stays, a client-side navigation away waits for them (root.tsx's
// clientLoader) so the next page shows its text at once, and every other page has them from the start.
// Its sign-off and export panels (components/deferred.tsx): a navigation to it renders them with it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createI18n } from "../../app/core/i18n/index.js";
import { describeBrowser, launchBrowser, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createProcessViaForm } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let facilitator: HttpClient;
let processId = "";
let documentPath = "";

const LATE = /\/build\/_shared\/(en|fr)-late-[A-Z0-9]+\.js$/;

function lateRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (LATE.test(new URL(request.url()).pathname)) seen.push(new URL(request.url()).pathname);
  });
  return seen;
}

describeBrowser("what a document page defers: other screens' strings, its panels (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    facilitator = new HttpClient(server.url);
    await signUp(facilitator, uniqueAccount("facilitator"));
    processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber", languages: ["fr"] });
    const created = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour", template: "blank" });
    const documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    documentPath = `/processes/${processId}/documents/${documentId}`;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const language of ["fr", "en"] as const) {
    it(`a document page loads none of them; the stakeholder register reached from it shows its text (${language})`, async () => {
      await facilitator.post("/set-language", { lng: language, redirectTo: "/" });
      const t = createI18n(language).t;
      const context = await signedInContext(browser, facilitator, { locale: language === "fr" ? "fr-FR" : "en-US" });
      const page = await context.newPage();
      const late = lateRequests(page);
      // Hydrating with part of the strings, and the panels after the rest, must not upset React.
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
      page.on("console", (m) => {
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
      });
      await page.goto(server.url + documentPath);
      await page.locator(".editor-prosemirror").waitFor();
      await page.waitForLoadState("networkidle");
      expect(late).toEqual([]);
      // The first part is still preloaded with the entry, the late one not at all.
      const preloads = await page.locator('link[rel="modulepreload"]').evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""));
      expect(preloads.filter((href) => new RegExp(`/_shared/${language}-[A-Z0-9]+\\.js$`).test(href))).toHaveLength(1);
      expect(preloads.filter((href) => href.includes("-late-"))).toEqual([]);

      // A client-side navigation: the register's table heading, a late string.
      await page
        .getByRole("link", { name: t("stakeholders.title"), exact: true })
        .first()
        .click();
      await page.waitForURL(`**/processes/${processId}/stakeholders`);
      // The first frame that shows the register (the URL changes a moment before React renders it).
      const first = await page.waitForFunction(
        () => (document.querySelector("#actors-title") ? (document.querySelector("main")?.innerText ?? "") : null),
        undefined,
        {
          polling: "raf",
        },
      );
      const text = (await first.jsonValue()) as string;
      expect(late).toEqual([expect.stringMatching(new RegExp(`/${language}-late-`))]);
      expect(text).not.toMatch(/\bstakeholders\.[a-zA-Z]/);
      expect(text).toContain(t("stakeholders.nav.table"));
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("a client-side navigation to a document renders its deferred panels with it, not after", async () => {
    const context = await signedInContext(browser, facilitator, { locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${processId}`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("link", { name: "Ordre du jour" }).first().click();
    // Polled on every frame: what the first frame with the document's title holds.
    const first = await page.waitForFunction(
      () =>
        document.querySelector("#document-title")
          ? { signoff: !!document.querySelector(".signoff-panel"), exports: !!document.querySelector(".export-panel") }
          : null,
      undefined,
      { polling: "raf" },
    );
    expect(await first.jsonValue()).toEqual({ signoff: true, exports: true });
    await context.close();
  });

  it("any other page has them before hydrating (preloaded with the first part)", async () => {
    await facilitator.post("/set-language", { lng: "fr", redirectTo: "/" });
    const context = await signedInContext(browser, facilitator, { locale: "fr-FR" });
    const page = await context.newPage();
    const late = lateRequests(page);
    await page.goto(`${server.url}/processes/${processId}/stakeholders`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator('link[rel="modulepreload"][href*="/fr-late-"]').count()).toBe(1);
    expect(late).toHaveLength(1);
    await context.close();
  });
});
