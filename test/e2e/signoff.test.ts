// A full sign-off round by hand in Chromium against the real app: three representatives in three
// browser contexts (one objects), the facilitator reopens, an edit, a new round that also requires
// a category nobody represents (confirmed in person), three approvals online, the decision of an
// imam without an account recorded in person, and the facilitator declaring the adoption on the
// confirmation; an editor's context sees the lock arrive live, without a reload. Then in French.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousA11yViolations, signedInContext } from "../support/browser.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, shareDocument, query } from "../support/processes.js";
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
  await page.getByText("Your decision is recorded.").waitFor();
}

/** The facilitator's tools are folded: unfold one as a person would, by its summary. */
async function unfoldTool(page: Page, intent: "open" | "record" | "recordPerson" | "reopen") {
  const tool = page.locator(`details.signoff-tool:has(input[name=intent][value=${intent}])`);
  if (!(await tool.evaluate((d) => (d as HTMLDetailsElement).open))) await tool.locator("summary").click();
  return tool.locator("form");
}

async function openRoundIn(page: Page, options: { inPerson?: string[] } = {}) {
  const form = await unfoldTool(page, "open");
  for (const key of ["youth", "women", "customary_authorities", ...(options.inPerson ?? [])])
    await form.locator(`input[name=categoryIds][data-key=${key}]`).check();
  for (const key of options.inPerson ?? []) await form.locator(`input[name=inPersonCategoryIds][data-key=${key}]`).check();
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

  it("runs a full round: lock arrives live, one objection, reopen, edit, new round with an unrepresented category, approvals online and in person, adoption declared", async () => {
    // A new draft per attempt: a retry must not meet the round its failed attempt left open.
    const created = await facilitator.client.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
    documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(created.headers.get("location") ?? "")![1]!;
    await shareDocument(facilitator.client, processId, documentId);
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

    // Round 2 also requires the religious leaders, whom no member represents: the form says so, and
    // refuses to open until the facilitator confirms they will decide in person.
    await fa.reload();
    await editorOf(fa).waitFor();
    const open = await unfoldTool(fa, "open");
    const religious = open.locator('.signoff-open-category[data-category="religious_leaders"]');
    expect(await religious.innerText()).toContain("No representative among the members.");
    expect(await open.locator('.signoff-open-category[data-category="youth"]').innerText()).toContain("Can decide: Moussa Jeune (Ber)");
    for (const key of ["youth", "women", "customary_authorities", "religious_leaders"]) await open.locator(`input[name=categoryIds][data-key=${key}]`).check();
    await open.getByRole("button", { name: "Freeze this version and open the round" }).click();
    await fa.getByRole("alert").filter({ hasText: "Nobody can decide for Religious leaders" }).waitFor();
    expect(docStatus()).toBe("drafting");
    await openRoundIn(fa, { inPerson: ["religious_leaders"] });
    for (const page of [youth, women, chief]) await page.reload();
    expect(await women.locator(".signoff-progress-text").innerText()).toBe("0 of 4 required categories approved");
    await decideIn(youth, "approve");
    await decideIn(women, "approve");
    await decideIn(chief, "approve");

    // The imam has no account: the facilitator records his decision, given in person.
    await fa.reload();
    const person = await unfoldTool(fa, "recordPerson");
    await person.getByLabel("Name", { exact: true }).fill("Imam Mahamane Cissé");
    await person.getByLabel("Community or affiliation").fill("Grande mosquée de Ber");
    await person.getByLabel("Category").selectOption({ label: "Religious leaders" });
    await person.getByLabel("Approves").check();
    await person.getByLabel("thumbprint").check();
    await person.getByLabel("Witness (name)").fill("Chef Ag Intalla");
    await person.getByRole("button", { name: "Record this decision" }).click();
    await fa.getByText("The decision is recorded, marked as given in person.").waitFor();
    const imam = fa.locator('.signoff-panel .signoff-category[data-category="religious_leaders"]');
    await expect.poll(() => imam.innerText()).toContain("Imam Mahamane Cissé (Grande mosquée de Ber) — Approves");
    expect(await imam.innerText()).toContain(
      "without an account; recorded in person by the facilitator Aminata Facilitatrice: thumbprint, witness: Chef Ag Intalla",
    );

    // Every category approved, and still nothing is adopted until the facilitator declares it.
    await expect.poll(() => fa.locator(".signoff-progress-text").innerText()).toBe("4 of 4 required categories approved");
    expect(docStatus()).toBe("in_signoff");
    await chief.reload();
    await chief.getByText("It is not adopted yet: the facilitator declares the adoption").waitFor();
    expect(await chief.getByRole("link", { name: "Declare adopted…" }).count()).toBe(0);

    // The declaration: a confirmation showing the exact version and who approved, then the act.
    const shortShown = await fa.getByTestId("version-hash").innerText();
    const fullHash = await fa.getByTestId("version-hash").getAttribute("title");
    await fa.getByRole("link", { name: "Declare adopted…" }).click();
    const confirmation = fa.locator("#adopt-confirm");
    await confirmation.getByRole("heading", { name: "Confirm the adoption" }).waitFor();
    expect(await confirmation.getByTestId("adopt-hash").innerText()).toBe(fullHash);
    expect(await confirmation.getByTestId("adopt-short-hash").innerText()).toBe(shortShown);
    expect(await confirmation.locator('[data-category="religious_leaders"]').innerText()).toContain(
      "Imam Mahamane Cissé (Grande mosquée de Ber) (without an account, in person (thumbprint), witness: Chef Ag Intalla, recorded by Aminata Facilitatrice)",
    );
    expect(await confirmation.locator('[data-category="youth"]').innerText()).toContain("Moussa Jeune (online)");
    const confirmViolations = await seriousA11yViolations(fa);
    expect(confirmViolations, JSON.stringify(confirmViolations, null, 2)).toEqual([]);
    expect(docStatus()).toBe("in_signoff");
    await confirmation.getByRole("button", { name: "Declare this version adopted" }).click();
    await fa.getByText("Adoption declared: the document is adopted and permanently locked.").waitFor();
    expect(docStatus()).toBe("adopted");
    await fa.locator(".signoff-banner.is-adopted").waitFor();
    await chief.locator(".signoff-banner.is-adopted").waitFor({ timeout: 10_000 }); // live, without a reload
    await fa.reload();
    await fa.locator(".signoff-banner.is-adopted").waitFor();
    expect(await fa.locator(".signoff-progress-text").innerText()).toBe("4 of 4 required categories approved");
    expect(await fa.locator(".signoff-adopted-by").innerText()).toContain("Adoption declared by Aminata Facilitatrice");
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
    expect(await page.locator(".signoff-progress-text").innerText()).toBe("4 catégories requises sur 4 ont approuvé");
    const imam = page.locator('.signoff-panel .signoff-category[data-category="religious_leaders"]');
    expect(await imam.innerText()).toContain("Leaders religieux");
    expect(await imam.innerText()).toContain("décidée en personne");
    expect(await imam.innerText()).toContain("Imam Mahamane Cissé (Grande mosquée de Ber) — Approuve");
    expect(await imam.innerText()).toContain(
      "sans compte ; recueilli en personne par le facilitateur Aminata Facilitatrice : empreinte digitale, témoin : Chef Ag Intalla",
    );
    expect(await page.locator(".signoff-adopted-by").innerText()).toContain("Adoption déclarée par Aminata Facilitatrice le");
    await context.close();
  });
});
