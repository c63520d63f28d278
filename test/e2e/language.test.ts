// Script direction in Chromium: Tamasheq and Arabic names and quotes inside French text. Every block
// finds its own direction (dir="auto"): an Arabic paragraph reads right to left in the text shown
// before the editor loads and in the live editor, a French one left to right; the text declares its
// language.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { addToDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createProcessViaForm } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

const ARABIC = "قال محمد أغ عثمان إن السوق يجب أن يفتح قبل موسم الأمطار";
const FRENCH = "Le marché de Ber rouvre avant la saison des pluies.";

let server: TestServer;
let browser: Browser;
let facilitator: HttpClient;
let path = "";

describeBrowser("script direction (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    facilitator = new HttpClient(server.url);
    await signUp(facilitator, uniqueAccount("facilitator"));
    const processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber", languages: ["fr"] });
    const created = await facilitator.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour", template: "blank" });
    const documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    path = `/processes/${processId}/documents/${documentId}`;
    await addToDraft(server.url, facilitator, documentId, {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: FRENCH }] },
        { type: "paragraph", content: [{ type: "text", text: ARABIC }] },
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const directions = (page: Page, selector: string) =>
    page.evaluate(
      (sel) => [...document.querySelectorAll(sel)].map((el) => ({ text: el.textContent ?? "", direction: getComputedStyle(el).direction })),
      selector,
    );

  it("an Arabic paragraph reads right to left, a French one left to right, before and after the editor loads", async () => {
    const context = await signedInContext(browser, facilitator);
    // First the server's text, with no script at all (a slow link before the editor arrives).
    const bare = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    await bare.addCookies([...facilitator.cookies].map(([name, value]) => ({ name, value, url: server.url })));
    const staticPage = await bare.newPage();
    await staticPage.goto(server.url + path);
    const readable = await directions(staticPage, ".editor-readable p");
    expect(readable.find((p) => p.text === ARABIC)?.direction).toBe("rtl");
    expect(readable.find((p) => p.text === FRENCH)?.direction).toBe("ltr");
    expect(await staticPage.locator(".editor-readable").getAttribute("lang")).toBe("fr");
    await bare.close();

    const page = await context.newPage();
    await page.goto(server.url + path);
    await page.locator(".editor-prosemirror p", { hasText: "محمد" }).waitFor();
    const live = await directions(page, ".editor-prosemirror p");
    expect(live.find((p) => p.text === ARABIC)?.direction).toBe("rtl");
    expect(live.find((p) => p.text === FRENCH)?.direction).toBe("ltr");
    expect(await page.locator(".editor-prosemirror").getAttribute("lang")).toBe("fr");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});
