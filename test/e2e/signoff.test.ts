// A full sign-off round by hand in Chromium against the real app: three representatives in three
// browser contexts (one objects), the facilitator reopens, an edit, a new round, three approvals,
// adopted; an editor's context sees the lock arrive live, without a reload.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, query } from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { writeValidDraft } from "../support/documents.js";

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
let mediator: Person;
const reps: Record<"youth" | "women" | "customary_authorities", Person> = {} as never;

const documentPath = () => `/processes/${processId}/documents/${documentId}`;
const editorOf = (page: Page) => page.locator(".editor-prosemirror");
const docStatus = () => query<{ status: string }>(server.dbPath, "SELECT status FROM documents WHERE id = ?", documentId)[0]!.status;

async function personContext(client: HttpClient, locale = "en-US"): Promise<BrowserContext> {
  return signedInContext(browser, client, { locale });
}

async function openPage(person: Person, waitForEditor = true): Promise<Page> {
  const page = await person.context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`[${person.name}] console: ${m.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`[${person.name}] pageerror: ${error.message}`));
  await page.goto(server.url + documentPath());
  if (waitForEditor) await editorOf(page).waitFor();
  return page;
}

async function decideIn(page: Page, decision: "approve" | "object", reason = "") {
  const form = page.locator("form:has(input[name=intent][value=decide])");
  await form.locator(`input[name=decision][value=${decision}]`).check();
  if (reason) await form.locator("textarea[name=reason]").fill(reason);
  await form.getByRole("button", { name: "Record my decision" }).click();
  await page.getByText("Your decision is recorded.").or(page.getByText("the document is adopted")).first().waitFor();
}

/** The facilitator's tools are folded: unfold one as a person would, by its summary. */
async function unfoldTool(page: Page, intent: "open" | "record" | "reopen") {
  const tool = page.locator(`details.signoff-tool:has(input[name=intent][value=${intent}])`);
  if (!(await tool.evaluate((d) => (d as HTMLDetailsElement).open))) await tool.locator("summary").click();
  return tool.locator("form");
}

async function openRoundIn(page: Page) {
  const form = await unfoldTool(page, "open");
  for (const key of ["youth", "women", "customary_authorities"]) await form.locator(`input[name=categoryIds][data-key=${key}]`).check();
  await form.getByRole("button", { name: "Freeze this version and open the round" }).click();
  await page.locator(".signoff-banner.is-locked").waitFor();
}

/** Types a new paragraph in the body of the draft's last item (its title's end, then Enter). */
async function typeInLastItem(page: Page, text: string) {
  await editorOf(page).locator(".doc-item-content").last().click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

describeBrowser("sign-off round by hand (Chromium)", () => {
  beforeAll(async () => {
    server = await startServer({ env: { OPEN_SIGNUP: "true" } });
    browser = await launchBrowser();
    const fc = new HttpClient(server.url);
    const account = { ...uniqueAccount("facilitator"), displayName: "Aminata Facilitatrice" };
    expect((await signUp(fc, account)).status).toBe(302);
    processId = await createProcessViaForm(fc, { title: "Dialogue de Ber" });
    const m = await joinWithNewAccount(server.url, await createInvitationViaForm(fc, processId, { role: "mediator" }), {
      ...uniqueAccount("mediator"),
      displayName: "Bakary Médiateur",
    });
    facilitator = { name: account.displayName, client: fc, context: await personContext(fc) };
    mediator = { name: m.account.displayName, client: m.client, context: await personContext(m.client) };
    const names = { youth: "Moussa Jeune", women: "Fatoumata Femme", customary_authorities: "Chef Ag Intalla" };
    for (const key of ["youth", "women", "customary_authorities"] as const) {
      const j = await joinWithNewAccount(
        server.url,
        await createInvitationViaForm(fc, processId, { role: "representative", categoryId: categoryId(server.dbPath, processId, key), affiliation: "Ber" }),
        { ...uniqueAccount(key.slice(0, 5)), displayName: names[key] },
      );
      reps[key] = { name: names[key], client: j.client, context: await personContext(j.client) };
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs a full round: lock arrives live, one objection, reopen, edit, new round, three approvals, adopted", async () => {
    // A new draft per attempt: a retry must not meet the round its failed attempt left open.
    const created = await facilitator.client.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    // A round opens only on a draft without blocking findings (governance and development items).
    await writeValidDraft(server.url, facilitator.client, documentId, "roadmap");
    const fa = await openPage(facilitator);
    const me = await openPage(mediator);
    await typeInLastItem(me, "Cessation des hostilités sur la route de Ber.");
    await expect.poll(() => editorOf(fa).innerText()).toContain("Cessation des hostilités");
    await expect.poll(() => me.locator(".editor-status").innerText()).toMatch(/Saved|Up to date/);

    // Round 1: the mediator's editor turns read-only live, with the banner saying why.
    await openRoundIn(fa);
    await expect.poll(() => editorOf(me).getAttribute("contenteditable"), { timeout: 10_000 }).toBe("false");
    await me.locator('.editor-readonly-banner[data-reason="lockedForSignOff"]').waitFor({ timeout: 10_000 });
    await me.locator(".signoff-banner.is-locked").waitFor();
    expect(await editorOf(fa).getAttribute("contenteditable")).toBe("false");

    const youth = await openPage(reps.youth);
    const women = await openPage(reps.women);
    const chief = await openPage(reps.customary_authorities);
    expect(await youth.locator(".signoff-progress-text").innerText()).toBe("0 of 3 required categories approved");
    // A representative sees only their own category's form.
    expect(await youth.getByRole("heading", { name: "Your decision for Youth" }).count()).toBe(1);
    const violations = await seriousA11yViolations(youth);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await decideIn(youth, "approve");
    await decideIn(women, "object", "Rien sur le retour des femmes déplacées.");
    await decideIn(chief, "approve");
    await chief.reload();
    expect(await chief.locator(".signoff-progress-text").innerText()).toBe("2 of 3 required categories approved");
    expect(await chief.locator('.signoff-category[data-category="women"]').innerText()).toContain("Objection");
    expect(docStatus()).toBe("in_signoff");

    // The facilitator reopens with a reason: the mediator's editor becomes editable again, live.
    await fa.reload();
    const reopen = await unfoldTool(fa, "reopen");
    await reopen.locator("textarea[name=reason]").fill("Ajouter le retour des femmes déplacées.");
    await reopen.getByRole("button", { name: "Reopen the round" }).click();
    await fa.getByText("The round is closed without adoption").waitFor();
    await expect.poll(() => editorOf(me).getAttribute("contenteditable"), { timeout: 10_000 }).toBe("true");
    await typeInLastItem(me, "Article 2 : retour des femmes déplacées.");
    await expect.poll(() => me.locator(".editor-status").innerText()).toMatch(/Saved|Up to date/);
    await expect.poll(() => editorOf(fa).innerText()).toContain("Article 2");

    // Round 2: three approvals → adopted.
    await fa.reload();
    await editorOf(fa).waitFor();
    await openRoundIn(fa);
    for (const page of [youth, women, chief]) await page.reload();
    expect(await women.locator(".signoff-progress-text").innerText()).toBe("0 of 3 required categories approved");
    await decideIn(youth, "approve");
    await decideIn(women, "approve");
    await decideIn(chief, "approve");
    await chief.getByText("Every required category approved: the document is adopted.").waitFor();
    expect(docStatus()).toBe("adopted");
    await fa.reload();
    await fa.locator(".signoff-banner.is-adopted").waitFor();
    expect(await fa.locator(".signoff-progress-text").innerText()).toBe("3 of 3 required categories approved");
    expect(await fa.locator(".signoff-round").count()).toBe(2);
    expect(await fa.locator(".signoff-round.is-reopened").innerText()).toContain("Rien sur le retour des femmes déplacées.");
    expect(problems).toEqual([]);
  });

  it("shows the panel in French", async () => {
    const context = await personContext(reps.women.client, "fr-FR");
    await reps.women.client.post("/set-language", { lng: "fr", redirectTo: "/" });
    const page = await context.newPage();
    await page.goto(server.url + documentPath());
    await page.getByRole("heading", { name: "Validation", exact: true }).waitFor();
    expect(await page.locator(".signoff-progress-text").innerText()).toBe("3 catégories requises sur 3 ont approuvé");
    await context.close();
  });
});
