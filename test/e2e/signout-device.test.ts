// Sensitive text kept on the device for offline work must not stay behind after sign-out on a
// shared laptop; and sign-out must not silently throw away words not yet on the server.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createProcessViaForm } from "../support/processes.js";
import { startServerForAttempt, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;

describeBrowser("sign-out on a shared device", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("warns about unsent changes, and erases the local copies of documents when signing out", async () => {
    server = await startServerForAttempt(); // the first account is this one's, on every attempt
    const account = { ...uniqueAccount("facilitator"), displayName: "Fatoumata Maïga" };
    const http = new HttpClient(server.url);
    await signUp(http, account);
    const processId = await createProcessViaForm(http);
    const created = await http.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour" });
    const documentPath = created.headers.get("location")!;

    const context = await signedInContext(browser, http);
    const page = await context.newPage();
    await page.goto(server.url + documentPath);
    const editor = page.locator(".ProseMirror[contenteditable='true']");
    await editor.click();
    await page.keyboard.type("Ordre du jour provisoire.");
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 15_000 }).toContain("Saved");
    const localCopies = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.startsWith("mediation-doc-")));
    expect(await localCopies()).toHaveLength(1);

    // Offline words not yet on the server: sign-out asks first, and "Cancel" keeps the session.
    await context.setOffline(true);
    await editor.click();
    await page.keyboard.type(" Mot hors ligne.");
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 10_000 }).toContain("Offline");
    const dialogs: string[] = [];
    page.once("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByText(account.displayName, { exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toMatch(/^\d+ changes? typed on this device (has|have) not reached the server yet/);
    expect(page.url()).toBe(server.url + documentPath);

    // Back online the words reach the server; now sign-out erases the device copy.
    await context.setOffline(false);
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 15_000 }).toContain("Saved");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await expect.poll(localCopies, { timeout: 10_000 }).toEqual([]);
    await context.close();
  });
});
