// Annotation threads against the real app in Chromium: an analyst (who cannot edit the text)
// annotates a roadmap, the team sees it live, and a representative's page receives NO trace of a
// team-only thread — neither on the screen nor in any answer or socket frame it receives. Then a
// shared thread goes both ways, live.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, shareDocument } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let browser: Browser;
let processId: string;
let documentId: string;
const problems: string[] = [];

interface Person {
  name: string;
  client: HttpClient;
  context: BrowserContext;
}
let facilitator: Person;
let analyst: Person;
let mediator: Person;
let representative: Person;

const documentPath = () => `/processes/${processId}/documents/${documentId}`;
const editorOf = (page: Page) => page.locator(".editor-prosemirror");
const panelOf = (page: Page) => page.getByTestId("annotations");
const threadIn = (page: Page, id: string) => panelOf(page).locator(`.annotation-thread[data-thread-id="${id}"]`);
const titleOf = (page: Page, itemId: string) => editorOf(page).locator(`section[data-item-id="${itemId}"] .item-title`);

const TEAM_BODY = "Le comité intérimaire est perçu comme nommé par une seule fraction.";
const SHARED_BODY = "Qui tiendra les étals du marché les premiers mois ?";
const REPLY = "Les femmes commerçantes de Ber, d'abord.";

async function openPage(person: Person, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await person.context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`[${person.name}] console: ${m.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`[${person.name}] pageerror: ${error.message}`));
  return page;
}

async function goto(page: Page): Promise<Page> {
  await page.goto(server.url + documentPath());
  await editorOf(page).locator("section[data-item]").first().waitFor();
  return page;
}

/** Selects an element's text the way a reader does with the mouse: a drag from its first letter to its last. */
async function dragSelect(page: Page, target: ReturnType<typeof titleOf>) {
  await target.scrollIntoViewIfNeeded();
  const box = await target.evaluate((el) => {
    // The words only: not the tags that name the threads already there.
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest(".annotation-tag") && n.textContent?.trim()) texts.push(n as Text);
    const range = document.createRange();
    range.setStart(texts[0]!, 0);
    range.setEnd(texts[texts.length - 1]!, texts[texts.length - 1]!.length);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const first = rects[0]!;
    const last = rects[rects.length - 1]!;
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  });
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
}

/** Everything the page receives: answer bodies (HTML and data) and WebSocket frames, as text. */
function recordTraffic(page: Page): { received: string[]; pending: Promise<unknown>[] } {
  const received: string[] = [];
  const pending: Promise<unknown>[] = [];
  page.on("response", (response) => {
    // Scripts and styles are the app's code, the same files for every member (they name every
    // annotation type, as labels); what a member may read travels in documents and data answers.
    const type = response.request().resourceType();
    if (type === "script" || type === "stylesheet" || type === "image" || type === "font") return;
    pending.push(
      response
        .body()
        .then((b) => received.push(`${type} ${response.url()}\n${b.toString("utf8")}`))
        .catch(() => undefined), // a redirect or an aborted load has no body
    );
  });
  page.on("websocket", (ws) => {
    ws.on("framereceived", ({ payload }) => received.push(`ws ${typeof payload === "string" ? payload : Buffer.from(payload).toString("utf8")}`));
  });
  return { received, pending };
}

describeBrowser("annotation threads in the real app (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    const fc = new HttpClient(server.url);
    const account = { ...uniqueAccount("facilitator"), displayName: "Aminata Facilitatrice" };
    expect((await signUp(fc, account)).status).toBe(302);
    processId = await createProcessViaForm(fc, { title: "Dialogue de Ber" });
    const created = await fc.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    await writeValidDraft(server.url, fc, documentId, "roadmap");
    // New documents are the team's; the representative reads this one once it is shared.
    await shareDocument(fc, processId, documentId);
    const join = async (role: string, displayName: string, extra: Record<string, string> = {}) => {
      const j = await joinWithNewAccount(server.url, await createInvitationViaForm(fc, processId, { role, ...extra }), {
        ...uniqueAccount(role.slice(0, 5)),
        displayName,
      });
      return { name: displayName, client: j.client, context: await signedInContext(browser, j.client) };
    };
    facilitator = { name: account.displayName, client: fc, context: await signedInContext(browser, fc) };
    analyst = await join("analyst", "Fatouma Sociologue");
    mediator = await join("mediator", "Bakary Médiateur");
    representative = await join("representative", "Moussa Jeune", { categoryId: categoryId(server.dbPath, processId, "youth"), affiliation: "Ber" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a team-only thread reaches the team live and leaves no trace for a representative; a shared thread goes both ways", async () => {
    const an = await goto(await openPage(analyst));
    const me = await goto(await openPage(mediator));
    const repPage = await openPage(representative);
    const traffic = recordTraffic(repPage);
    const rep = await goto(repPage);
    // The analyst cannot change the text, and annotates all the same.
    expect(await editorOf(an).getAttribute("contenteditable")).toBe("false");

    // Select the governance item's title, Annotate (the button by the selection), legitimacy, team only.
    await dragSelect(an, titleOf(an, "item-governance"));
    await an.locator(".annotation-float").click();
    const composer = an.locator(".annotation-composer");
    expect(await composer.innerText()).toContain("Administration intérimaire de Ber");
    await composer.getByLabel("Type").selectOption("legitimacy");
    expect(await composer.getByLabel("Team only: facilitators, mediators and analysts").isChecked()).toBe(true);
    await composer.getByLabel("Annotation", { exact: true }).fill(TEAM_BODY);
    await composer.getByRole("button", { name: "Add the annotation" }).click();
    const teamCard = panelOf(an).locator(".annotation-thread", { hasText: TEAM_BODY });
    await teamCard.waitFor();
    const teamId = (await teamCard.getAttribute("data-thread-id"))!;
    expect(teamId).toBeTruthy();
    expect(await teamCard.innerText()).toMatch(/Legitimacy[\s\S]*Team only/);
    // The new thread has the focus, and its text is highlighted in the analyst's own editor.
    await expect.poll(() => an.evaluate(() => document.activeElement?.getAttribute("data-thread-id"))).toBe(teamId);
    await editorOf(an).locator(`.annotation-highlight[data-thread="${teamId}"]`).waitFor();

    // The mediator's page shows it live: in the panel and over the text, its type named in words.
    await threadIn(me, teamId).waitFor({ timeout: 10_000 });
    expect(await threadIn(me, teamId).innerText()).toContain(TEAM_BODY);
    const highlight = editorOf(me).locator(`.annotation-highlight[data-thread="${teamId}"]`);
    await highlight.waitFor();
    expect(await highlight.innerText()).toContain("Administration intérimaire de Ber");
    const tag = editorOf(me).locator(`.annotation-tag[data-thread="${teamId}"]`);
    expect(await tag.getAttribute("title")).toBe("Legitimacy annotation");
    // The outline counts it on its item, by type.
    expect(await me.locator(".outline-panel").innerText()).toContain("1 open annotation (Legitimacy: 1)");
    // A click on the tag in the text opens the thread in the panel.
    await tag.click();
    await expect.poll(() => threadIn(me, teamId).getAttribute("aria-current")).toBe("true");
    expect(await me.evaluate(() => document.activeElement?.getAttribute("data-thread-id"))).toBe(teamId);

    // A shared thread on the development item, from the analyst.
    await dragSelect(an, titleOf(an, "item-development"));
    await an.locator(".annotation-float").click();
    await composer.getByLabel("Type").selectOption("gender");
    await composer.getByLabel("Shared: every member of the process, representatives and observers included").check();
    await composer.getByLabel("Annotation", { exact: true }).fill(SHARED_BODY);
    await composer.getByRole("button", { name: "Add the annotation" }).click();
    const sharedCard = panelOf(an).locator(".annotation-thread", { hasText: SHARED_BODY });
    await sharedCard.waitFor();
    const sharedId = (await sharedCard.getAttribute("data-thread-id"))!;
    // Text order: the governance item comes first in the roadmap.
    expect(
      await panelOf(an)
        .locator(".annotation-thread")
        .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-thread-id"))),
    ).toEqual([teamId, sharedId]);

    // The representative sees the shared thread live (panel and highlight), and replies.
    await threadIn(rep, sharedId).waitFor({ timeout: 10_000 });
    await editorOf(rep).locator(`.annotation-highlight[data-thread="${sharedId}"]`).waitFor();
    expect(await threadIn(rep, sharedId).innerText()).toMatch(/Gender[\s\S]*Shared/);
    await threadIn(rep, sharedId).getByRole("button", { name: "Reply" }).click();
    await threadIn(rep, sharedId).getByLabel("Your reply").fill(REPLY);
    await threadIn(rep, sharedId).getByRole("button", { name: "Send the reply" }).click();
    await threadIn(rep, sharedId).locator(".annotation-message", { hasText: REPLY }).waitFor();
    // The analyst sees the reply live, with its author.
    await threadIn(an, sharedId).locator(".annotation-message", { hasText: REPLY }).waitFor({ timeout: 10_000 });
    expect(await threadIn(an, sharedId).locator(".annotation-message").last().innerText()).toContain("Moussa Jeune");
    // Its author corrects it; the analyst sees the correction live, marked as edited.
    const own = threadIn(rep, sharedId).locator(".annotation-message", { hasText: REPLY });
    await own.getByRole("button", { name: "Edit" }).click();
    await own.getByLabel("Your message").fill(`${REPLY} Et les jeunes.`);
    await own.getByRole("button", { name: "Save" }).click();
    await threadIn(an, sharedId).locator(".annotation-message", { hasText: "Et les jeunes." }).getByText("(edited)").waitFor({ timeout: 10_000 });
    // Nobody else's message offers to be changed.
    expect(await threadIn(an, sharedId).locator(".annotation-message", { hasText: "Et les jeunes." }).getByRole("button", { name: "Edit" }).count()).toBe(0);

    // No trace of the team thread on the representative's page: not on the screen, not in the
    // page, not in any answer or frame it received (which carried the shared thread, so they flowed).
    expect(await rep.locator(".annotation-thread").count()).toBe(1);
    const content = await rep.content();
    for (const needle of [TEAM_BODY, teamId, "legitimacy", "Légitimité"]) expect(content.toLowerCase(), needle).not.toContain(needle.toLowerCase());
    await Promise.all(traffic.pending);
    expect(traffic.received.some((r) => r.startsWith("document "))).toBe(true);
    expect(traffic.received.some((r) => r.startsWith("ws ") && r.includes(sharedId))).toBe(true);
    for (const body of traffic.received) {
      for (const needle of [TEAM_BODY, teamId, "legitimacy", "légitimité"])
        expect(body.toLowerCase().includes(needle.toLowerCase()), `${needle} in ${body.slice(0, 200)}`).toBe(false);
    }

    // The author resolves the team thread: resolved threads leave the text (as the filter shows open ones).
    await threadIn(an, teamId).getByRole("button", { name: "Resolve" }).click();
    await expect.poll(() => editorOf(me).locator(`.annotation-highlight[data-thread="${teamId}"]`).count(), { timeout: 10_000 }).toBe(0);
    await panelOf(me).getByLabel("Status").selectOption("all");
    expect(await threadIn(me, teamId).innerText()).toContain("Resolved by Fatouma Sociologue");
    await editorOf(me).locator(`.annotation-highlight.is-resolved[data-thread="${teamId}"]`).waitFor();

    for (const page of [an, rep]) {
      const violations = await seriousA11yViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it("fits a 390 px screen with the panel under the text, and annotates an item by keyboard, in French", async () => {
    await facilitator.client.post("/set-language", { lng: "fr", redirectTo: "/" });
    const context = await signedInContext(browser, facilitator.client, { viewport: { width: 390, height: 844 }, locale: "fr-FR" });
    try {
      const page = await context.newPage();
      await goto(page);
      await panelOf(page).getByRole("heading", { name: "Annotations" }).waitFor();
      const overflow = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".visually-hidden"))
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      );
      expect(overflow).toEqual([]);
      // The panel stacks under the text.
      const text = (await editorOf(page).boundingBox())!;
      const panel = (await panelOf(page).boundingBox())!;
      expect(panel.y).toBeGreaterThan(text.y + text.height - 1);

      // Caret in the development item's title, then Ctrl+Alt+M: a thread on the whole item.
      await titleOf(page, "item-development").click();
      await page.keyboard.press("Control+Alt+KeyM");
      const composer = page.locator(".annotation-composer");
      await composer.waitFor();
      expect(await composer.getByLabel("Point").inputValue()).toBe("item-development");
      await composer.getByLabel("Type").selectOption("evidence");
      await composer.getByRole("button", { name: "Ajouter l'annotation" }).click();
      // An empty body is refused by the server, its message tied to the field.
      const body = composer.getByLabel("Annotation", { exact: true });
      await expect.poll(() => body.getAttribute("aria-invalid")).toBe("true");
      const describedBy = (await body.getAttribute("aria-describedby"))!;
      expect(await page.locator(`[id="${describedBy.split(" ").pop()}"]`).innerText()).toBe("Écrivez d'abord l'annotation.");
      await body.fill("Source : procès-verbal de la réunion du 12 mars.");
      await page.keyboard.press("Tab");
      await composer.getByRole("button", { name: "Ajouter l'annotation" }).click();
      const card = panelOf(page).locator(".annotation-thread", { hasText: "procès-verbal" });
      await card.waitFor();
      expect(await card.innerText()).toMatch(/Preuve \/ source[\s\S]*Équipe seulement[\s\S]*Point entier : Réouverture du marché de Ber/);
      const id = (await card.getAttribute("data-thread-id"))!;
      await editorOf(page).locator(`.annotation-item[data-thread-item~="${id}"]`).waitFor();
      const violations = await seriousA11yViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

      // The text a thread points at is deleted: the thread stays, detached, with its quote, after
      // the others; typed again, the quote finds it and the highlight comes back.
      const shared = panelOf(page).locator(".annotation-thread", { hasText: SHARED_BODY });
      expect(await shared.getAttribute("class")).not.toContain("is-detached");
      await dragSelect(page, titleOf(page, "item-development"));
      await page.keyboard.press("Backspace");
      await expect.poll(() => shared.getAttribute("class")).toContain("is-detached");
      expect(await shared.innerText()).toContain("Détachée du texte");
      expect(await shared.innerText()).toContain("Réouverture du marché de Ber");
      expect(await panelOf(page).getByRole("heading", { name: "Fils détachés" }).count()).toBe(1);
      expect(await editorOf(page).locator(".annotation-highlight.annotation--gender").count()).toBe(0);
      await page.keyboard.type("Réouverture du marché de Ber");
      await expect.poll(() => shared.getAttribute("class")).not.toContain("is-detached");
      await editorOf(page).locator(".annotation-highlight.annotation--gender").waitFor();
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
