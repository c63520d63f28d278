// A facilitator builds a roadmap from the Anefis model in real Chromium: the findings panel says
// what is missing, an item added by keyboard and filled in makes the finding go, a click on a
// finding jumps to the place, and in French the findings are in French.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { describeBrowser, launchBrowser, recordEditorEvents, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { createInvitationViaForm, createProcessViaForm, joinWithNewAccount } from "../support/processes.js";
import { startServerForAttempt, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;

const findings = (page: Page) => page.getByTestId("findings");
// Generous: two cores run the whole suite at once.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describeBrowser("templates, items and live findings", () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("roadmap from the Anefis model: no development item → add one by keyboard, fill it → the finding goes; French findings", async () => {
    server = await startServerForAttempt();
    const context = await browser.newContext();
    // What moved the cursor, printed if this attempt fails (a rare CI flake left it at the
    // document's start), before the page goes.
    let editorEvents: (() => Promise<string>) | null = null;
    onTestFinished(async ({ task }) => {
      if (task.result?.state === "fail" && editorEvents) console.log(`editor events before the failure:\n${await editorEvents()}`);
      await context.close();
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForURL(/\/signup$/);
    await page.getByLabel("Email address").fill("aminata@example.org");
    await page.getByLabel("Display name").fill("Aminata Traoré");
    await page.getByLabel("Password", { exact: true }).fill("a long facilitator passphrase");
    await page.getByRole("button", { name: "Create administrator account" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("link", { name: "New process" }).first().click();
    await page.getByLabel("Title").fill("Dialogue d'Anéfis 2026");
    await page.getByLabel("Locality").fill("Anéfis");
    await page.getByRole("button", { name: "Create process" }).click();
    await page.waitForURL(/\/processes\/[0-9a-f-]{36}$/);

    await page.goto(`${page.url()}/documents/new`);
    await page.getByLabel("Kind").selectOption("roadmap");
    await poll(() => page.getByLabel("Template").inputValue()).toBe("roadmap-anefis");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel("Title", { exact: true }).fill("Roadmap of Anefis");
    await page.getByRole("button", { name: "Create document" }).click();
    await page.waitForURL(/\/documents\/[A-Za-z0-9_-]+$/);

    // The template is there, and the panel says what is missing.
    const editor = page.locator(".editor-prosemirror");
    await editor.waitFor();
    await poll(() => editor.locator("h2.doc-section").allInnerTexts()).toContain("Socio-economic development");
    await poll(() => findings(page).innerText()).toContain("No development item yet.");
    await poll(() => page.locator(".outline-domains > li[data-domain=development]").getAttribute("data-count")).toBe("0");

    // Keyboard only: end of the development section's heading, new line, "/dev", Enter, type the title.
    // (First wait until the editor is in sync: the first sync re-renders the text and resets the cursor.)
    await poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    editorEvents = await recordEditorEvents(page);
    const heading = editor.locator("h2.doc-section", { hasText: "Socio-economic development" });
    await heading.click();
    await poll(() => page.evaluate(() => window.getSelection()?.anchorNode?.parentElement?.closest("h2")?.textContent ?? null)).toBe(
      "Socio-economic development",
    );
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    // The cursor is now on a new empty line (a paragraph): only there does "/" open the menu.
    await poll(() =>
      page.evaluate(() => {
        const node = window.getSelection()?.anchorNode;
        const element = node instanceof Element ? node : node?.parentElement;
        const block = element?.closest("p, h2");
        return block ? `${block.tagName}:${block.textContent ?? ""}` : null;
      }),
    ).toBe("P:");
    await page.keyboard.type("/dev");
    await poll(() => page.getByRole("listbox", { name: "Insert an item" }).getByRole("option").allInnerTexts()).toEqual([
      expect.stringContaining("Development"),
    ]);
    await page.keyboard.press("Enter");
    await page.keyboard.type("Rehabilitate the Ber market");
    const item = editor.locator('section[data-item="roadmapItem"][data-domain="development"]');
    await poll(() => item.count()).toBe(1);
    await poll(() => item.locator(".item-title").innerText()).toBe("Rehabilitate the Ber market");
    await poll(() => findings(page).innerText()).not.toContain("No development item yet.");
    await poll(() => findings(page).innerText()).toContain("Item “Rehabilitate the Ber market” has no responsible party.");
    await poll(() => findings(page).innerText()).toContain("Item “Rehabilitate the Ber market” has no timeframe.");

    // Fill its fields.
    await item.getByLabel("Add a stakeholder category").selectOption({ label: "Youth" });
    await item.getByLabel("Add a named actor").fill("Chamber of commerce of Ber");
    await item.getByLabel("Add a named actor").press("Enter");
    await item.getByLabel("Timeframe").fill("Within 6 months");
    await poll(() => item.locator(".party").allInnerTexts()).toEqual([expect.stringContaining("Youth"), expect.stringContaining("Chamber of commerce of Ber")]);
    await poll(() => findings(page).innerText()).not.toContain("Rehabilitate the Ber market");
    await poll(() => page.locator(".outline-domains > li[data-domain=development]").getAttribute("data-count")).toBe("1");
    await poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");

    // A click on a finding puts the cursor at the place.
    await findings(page).getByRole("button", { name: "Section “Local governance” has no item." }).click();
    await poll(() => page.evaluate(() => window.getSelection()?.anchorNode?.parentElement?.closest("h2")?.textContent ?? null)).toBe("Local governance");

    // "Add item ▸ Governance" from the toolbar, by keyboard: the item lands where the cursor is.
    await page.getByRole("button", { name: "Add item" }).focus();
    await page.keyboard.press("ArrowDown"); // opens the menu on the first domain
    await poll(() => page.getByRole("menu", { name: "Add item" }).isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press("ArrowDown"); // Governance
    await page.keyboard.press("Enter");
    await page.keyboard.type("Justice by the cadi and the customary council");
    await poll(() => findings(page).innerText()).not.toContain("Section “Local governance” has no item.");
    await poll(() => findings(page).innerText()).toContain("Item “Justice by the cadi and the customary council” has no responsible party.");
    await poll(() => page.locator(".outline-domains > li[data-domain=governance]").getAttribute("data-count")).toBe("2");

    // The interface in French: the findings are in French (the text stays as written).
    await page.getByRole("button", { name: "Français" }).click();
    await poll(() => findings(page).innerText()).toContain("Ce qui manque encore");
    await poll(() => findings(page).innerText()).toContain("Le point « Justice by the cadi and the customary council » n'a aucun responsable.");
    await poll(() => findings(page).innerText()).toContain(
      "La catégorie « Femmes » (dont la validation est requise) n'apparaît nulle part parmi les responsables.",
    );
    await poll(() => findings(page).innerText()).not.toContain("has no responsible party");
    await poll(() => page.getByRole("button", { name: "Ajouter un point" }).count()).toBe(1);

    // An observer sees the items, their fields and the findings, and can change none of them.
    const documentUrl = page.url();
    // New documents are the team's draft: the facilitator shares it with every member first.
    await page.getByRole("button", { name: "Partager avec tous les membres" }).click();
    await poll(() => page.getByText("Le document est maintenant partagé avec tous les membres.").count()).toBe(1);
    const processId = /\/processes\/([0-9a-f-]{36})\//.exec(documentUrl)![1]!;
    const facilitator = new HttpClient(server.url);
    for (const c of await page.context().cookies()) facilitator.cookies.set(c.name, c.value);
    const observer = await joinWithNewAccount(
      server.url,
      await createInvitationViaForm(facilitator, processId, { role: "observer" }),
      uniqueAccount("observer"),
    );
    const observerContext = await signedInContext(browser, observer.client);
    const reader = await observerContext.newPage();
    await reader.goto(documentUrl);
    const readerItem = reader.locator('.editor-prosemirror section[data-item="roadmapItem"][data-domain="development"]');
    await poll(() => readerItem.count()).toBe(1);
    await poll(() => readerItem.getByLabel("Timeframe").inputValue()).toBe("Within 6 months");
    expect(await readerItem.getByLabel("Timeframe").getAttribute("readonly")).not.toBeNull();
    expect(await readerItem.getByLabel("Domain").isDisabled()).toBe(true);
    expect(await readerItem.getByLabel("Add a stakeholder category").count()).toBe(0);
    expect(await reader.getByRole("button", { name: "Add item" }).count()).toBe(0);
    await poll(() => findings(reader).innerText()).toContain("Item “Justice by the cadi and the customary council” has no responsible party.");
    await observerContext.close();
  });

  it("pasted items get ids of their own (a copy is a new item, not a second handle on the first)", async () => {
    server = await startServerForAttempt();
    const http = new HttpClient(server.url);
    await signUp(http, uniqueAccount("facilitator"));
    const processId = await createProcessViaForm(http);
    const created = await http.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Copie", template: "roadmap-anefis" });
    const context = await signedInContext(browser, http);
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(server.url + created.headers.get("location"));
    const items = page.locator(".editor-prosemirror section[data-item]");
    await items.first().waitFor();
    await poll(() => page.locator(".editor-status").getAttribute("data-status")).toBe("saved");
    const before = await items.count();
    await items.first().locator(".item-title").click();
    // Copy everything and paste it at the end, through the editor's own clipboard handlers (headless
    // Chromium has no system clipboard: the events carry the data themselves).
    await page.keyboard.press("Control+a");
    await page.evaluate(() => {
      const editorDom = document.querySelector(".editor-prosemirror")!;
      const data = new DataTransfer();
      editorDom.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data, bubbles: true, cancelable: true }));
      (window as unknown as { copied: DataTransfer }).copied = data;
    });
    // Paste into the last item's text: the editor has taken the click (a collapsed selection), so the paste adds.
    await items.last().locator("p:not(.item-title)").last().click();
    await page.keyboard.press("End");
    await poll(() =>
      page.evaluate(
        () =>
          (document.querySelector(".editor-prosemirror") as unknown as { editor: { state: { selection: { empty: boolean } } } }).editor.state.selection.empty,
      ),
    ).toBe(true);
    await page.evaluate(() => {
      const data = (window as unknown as { copied: DataTransfer }).copied;
      document.querySelector(".editor-prosemirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await poll(() => items.count()).toBe(before * 2);
    const ids = await items.evaluateAll((sections) => sections.map((s) => s.getAttribute("data-item-id")));
    expect(ids.every((id) => !!id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
