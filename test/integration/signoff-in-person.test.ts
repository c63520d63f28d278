// Every round must be able to finish (issue 9), against the real app: the real server process,
// a real SQLite file, real HTTP forms. Unrepresented categories at opening, in-person decisions
// for people without an account, the representative's own decision that no record replaces, and
// adoption as the facilitator's deliberate declaration.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import {
  auditCount,
  categoryId,
  createInvitationViaForm,
  createProcessViaForm,
  joinWithNewAccount,
  shareDocument,
  query,
  userId,
} from "../support/processes.js";
import { writeValidDraft } from "../support/documents.js";
import { startServer, type TestServer } from "../support/server.js";

let server: TestServer;
let fac: HttpClient;
let facId: string;
let processId: string;
let documentId: string;
let youth: { client: HttpClient; id: string; name: string };
let women: { client: HttpClient; id: string; name: string };
let observer: HttpClient;
let CAT: { youth: string; women: string; customary: string };

const page = () => `/processes/${processId}/documents/${documentId}`;
const post = (client: HttpClient, fields: Record<string, string | string[]>) => client.post(page(), fields);
const docStatus = () => query<{ status: string }>(server.dbPath, "SELECT status FROM documents WHERE id = ?", documentId)[0]!.status;
const decisionsCount = () => query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM signoff_decisions")[0]!.n;
const roundHash = () =>
  query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ? AND status = 'open'", documentId)[0]!
    .version_hash;
/** Text as a person reads it: scripts and tags dropped, React's text separators removed, entities decoded, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** What the adoption confirmation's form carries (the facilitator's `?confirm=adopt` page), or null. */
async function adoptionForm(client: HttpClient) {
  const html = await (await client.get(`${page()}?confirm=adopt`)).text();
  const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="adopt"(?:(?!<\/form>)[\s\S])*<\/form>/.exec(html)?.[0];
  if (!form) return null;
  return {
    versionHash: /name="versionHash" value="([0-9a-f]{64})"/.exec(form)![1]!,
    decisionsSeen: /name="decisionsSeen" value="(\d+)"/.exec(form)![1]!,
    action: /<form[^>]*action="([^"]+)"/.exec(form)![1]!.replace(/&amp;/g, "&"),
    html,
  };
}

const elder = (versionHash = roundHash()) => ({
  intent: "recordPerson",
  personName: "Hamadoun Maïga",
  personAffiliation: "Chefferie de Ber",
  categoryId: CAT.customary,
  decision: "approve",
  method: "thumbprint",
  witness: "Imam Alassane Touré",
  versionHash,
});

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  fac = new HttpClient(server.url);
  const account = { ...uniqueAccount("facilitator"), displayName: "Aminata Facilitatrice" };
  await signUp(fac, account);
  facId = userId(server.dbPath, account.email);
  processId = await createProcessViaForm(fac, { title: "Dialogue de Ber" });
  CAT = {
    youth: categoryId(server.dbPath, processId, "youth"),
    women: categoryId(server.dbPath, processId, "women"),
    customary: categoryId(server.dbPath, processId, "customary_authorities"),
  };
  const join = async (key: "youth" | "women", name: string, affiliation: string) => {
    const account = { ...uniqueAccount(key), displayName: name };
    const j = await joinWithNewAccount(
      server.url,
      await createInvitationViaForm(fac, processId, { role: "representative", categoryId: CAT[key], affiliation }),
      account,
    );
    return { client: j.client, id: userId(server.dbPath, account.email), name };
  };
  youth = await join("youth", "Moussa Jeune", "Jeunes de Ber");
  women = await join("women", "Fatoumata Femme", "Coopérative des femmes");
  observer = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "observer" }))).client;
  // Nobody represents the customary authorities: the elders have no account.
  const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
  documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
  await shareDocument(fac, processId, documentId);
  await writeValidDraft(server.url, fac, documentId, "roadmap");
});

afterAll(async () => {
  await server?.stop();
});

describe("every round can finish (real app)", () => {
  it("shows who can decide per category, refuses to open with a category nobody represents, then opens once it is confirmed in person", async () => {
    const form = text(await (await fac.get(page())).text());
    expect(form).toContain("Can decide: Moussa Jeune (Jeunes de Ber)");
    expect(form).toContain("Can decide: Fatoumata Femme (Coopérative des femmes)");
    expect(form).toContain("No representative among the members.");
    expect(form).toContain("Will be decided in person");
    // Only the facilitator is shown who represents whom.
    expect(text(await (await observer.get(page())).text())).not.toContain("Can decide:");

    const categories = [CAT.youth, CAT.women, CAT.customary];
    const refused = await post(fac, { intent: "open", categoryIds: categories });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("Nobody can decide for Customary authorities: no representative is a member.");
    expect(docStatus()).toBe("drafting");
    expect(query(server.dbPath, "SELECT * FROM signoff_rounds WHERE document_id = ?", documentId)).toHaveLength(0);

    const opened = await post(fac, { intent: "open", categoryIds: categories, inPersonCategoryIds: [CAT.customary] });
    expect(opened.status, await opened.clone().text()).toBe(200);
    expect(docStatus()).toBe("in_signoff");
    const rows = query<{ category_id: string; in_person: number }>(
      server.dbPath,
      "SELECT rc.category_id, rc.in_person FROM signoff_round_categories rc JOIN signoff_rounds r ON r.id = rc.round_id WHERE r.document_id = ?",
      documentId,
    );
    expect(Object.fromEntries(rows.map((r) => [r.category_id, r.in_person]))).toEqual({ [CAT.youth]: 0, [CAT.women]: 0, [CAT.customary]: 1 });
    const details = JSON.parse(query<{ details: string }>(server.dbPath, "SELECT details FROM audit_events WHERE action = 'signoff.opened'")[0]!.details);
    expect(details.requiredCategories.map((c: { key: string; deciders: string[]; inPerson: boolean }) => [c.key, c.deciders, c.inPerson])).toEqual([
      ["customary_authorities", [], true],
      ["youth", ["Moussa Jeune"], false],
      ["women", ["Fatoumata Femme"], false],
    ]);
    expect(text(await (await youth.client.get(page())).text())).toContain("decided in person: nobody represented it when the round opened");
  });

  it("records the decision of a person without an account: validated, stored without a user, audited, marked in the panel and the history", async () => {
    const n = decisionsCount();
    // Only a facilitator records; a representative or observer is refused before any validation.
    expect((await post(youth.client, elder())).status).toBe(403);
    expect((await post(observer, elder())).status).toBe(403);
    const { method: _method, ...withoutMethod } = elder();
    const invalid = await post(fac, withoutMethod);
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain("Choose how the decision was given.");
    expect(invalidHtml).toMatch(/aria-invalid="true"[^>]*value="paper_signature"|value="paper_signature"[^>]*aria-invalid="true"/);
    expect((await post(fac, { ...elder(), personAffiliation: "" })).status).toBe(400);
    expect((await post(fac, { ...elder(), categoryId: categoryId(server.dbPath, processId, "armed_movements") })).status).toBe(400);
    // Someone who has an account in that category is not "a person without an account".
    const member = await post(fac, { ...elder(), personName: "moussa jeune", categoryId: CAT.youth });
    expect(member.status).toBe(409);
    expect(text(await member.text())).toContain("Moussa Jeune has an account as a representative of this category");
    expect(decisionsCount()).toBe(n);

    const recorded = await post(fac, elder());
    expect(recorded.status, await recorded.clone().text()).toBe(200);
    const rows = query(
      server.dbPath,
      "SELECT user_id, person_name, person_affiliation, category_id, decision, method, witness, recorded_by, version_hash FROM signoff_decisions",
    );
    expect(rows).toEqual([
      {
        user_id: null,
        person_name: "Hamadoun Maïga",
        person_affiliation: "Chefferie de Ber",
        category_id: CAT.customary,
        decision: "approve",
        method: "thumbprint",
        witness: "Imam Alassane Touré",
        recorded_by: facId,
        version_hash: roundHash(),
      },
    ]);
    const audit = query<{ actor_user_id: string; details: string }>(
      server.dbPath,
      "SELECT actor_user_id, details FROM audit_events WHERE action = 'signoff.recorded_without_account'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBe(facId);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      member: "Hamadoun Maïga",
      memberUserId: null,
      withoutAccount: true,
      affiliation: "Chefferie de Ber",
      method: "thumbprint",
      witness: "Imam Alassane Touré",
      recordedByFacilitator: true,
      decision: "approve",
      category: { key: "customary_authorities" },
    });
    // Every member sees it marked as such, in the panel and the history.
    const panel = text(await (await observer.get(page())).text());
    expect(panel).toContain("Hamadoun Maïga (Chefferie de Ber) — Approves, ");
    expect(panel).toContain("(without an account; recorded in person by the facilitator Aminata Facilitatrice: thumbprint, witness: Imam Alassane Touré)");
    expect(panel.match(/without an account; recorded in person/g)).toHaveLength(2); // panel + history
    const auditPage = text(await (await fac.get(`/processes/${processId}/audit`)).text());
    expect(auditPage).toContain("Sign-off decision of a person without an account, recorded in person by the facilitator");
    expect(auditPage).toContain("thumbprint");
  });

  it("refuses to let the facilitator's record replace a representative's own decision, with a message saying they must change it themselves", async () => {
    const hash = roundHash();
    expect((await post(youth.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    const n = decisionsCount();
    const refused = await post(fac, {
      intent: "record",
      memberUserId: youth.id,
      decision: "object",
      reason: "Absent",
      method: "oral_assent",
      witness: "Chef de village",
      versionHash: hash,
    });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("Moussa Jeune decided themselves in this round; only they can change their decision.");
    expect(decisionsCount()).toBe(n);
    // The record form says who decided themselves.
    expect(text(await (await fac.get(page())).text())).toContain("Moussa Jeune — Youth (decided themselves)");
    // Women has not decided: the facilitator may record her decision given in person.
    expect(
      (
        await post(fac, {
          intent: "record",
          memberUserId: women.id,
          decision: "approve",
          method: "paper_signature",
          witness: "Chef de village",
          versionHash: hash,
        })
      ).status,
    ).toBe(200);
    // After that, her own decision online still replaces the record (hers is the latest).
    expect((await post(women.client, { intent: "decide", decision: "object", reason: "Rien sur les déplacées", versionHash: hash })).status).toBe(200);
    const current = query<{ decision: string; recorded_by: string | null }>(
      server.dbPath,
      "SELECT decision, recorded_by FROM signoff_decisions WHERE user_id = ? ORDER BY id DESC LIMIT 1",
      women.id,
    )[0]!;
    expect(current).toEqual({ decision: "object", recorded_by: null });
  });

  it("adopts only by the facilitator's declaration; refused when the rule is not satisfied, when a decision changed since the confirmation, or for a stale hash", async () => {
    const hash = roundHash();
    // Women object: no declaration offered, one posted is refused.
    expect(text(await (await fac.get(page())).text())).not.toContain("Declare adopted");
    expect(await adoptionForm(fac)).toBeNull();
    const early = await post(fac, { intent: "adopt", versionHash: hash, decisionsSeen: "0" });
    expect(early.status).toBe(409);
    // A representative may still change their decision before the declaration.
    expect((await post(women.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    expect(docStatus()).toBe("in_signoff"); // the rule is satisfied, nothing adopts by itself
    const html = text(await (await women.client.get(page())).text());
    expect(html).toContain("It is not adopted yet: the facilitator declares the adoption");
    expect(html).not.toContain("Declare adopted");

    const confirmation = (await adoptionForm(fac))!;
    expect(confirmation).not.toBeNull();
    const shown = text(confirmation.html);
    expect(shown).toContain("Confirm the adoption");
    expect(confirmation.html).toContain(`data-testid="adopt-hash">${hash}</code>`);
    expect(shown).toContain(`To compare aloud: ${hash.slice(0, 4)} ${hash.slice(4, 8)} ${hash.slice(8, 12)} ${hash.slice(12, 16)}`);
    expect(shown).toContain(
      "Customary authorities — Hamadoun Maïga (Chefferie de Ber) (without an account, in person (thumbprint), witness: Imam Alassane Touré, recorded by Aminata Facilitatrice)",
    );
    expect(shown).toContain("Youth — Moussa Jeune (online)");
    expect(shown).toContain("Women — Fatoumata Femme (online)");

    // Meanwhile, a representative objects: the declaration from that confirmation is refused.
    expect((await post(youth.client, { intent: "decide", decision: "object", reason: "Relire l'article 2", versionHash: hash })).status).toBe(200);
    // Posted where the confirmation's form posts (its own URL), as a browser would.
    expect(confirmation.action).toBe(`${page()}?confirm=adopt`);
    const changed = await fac.post(confirmation.action, { intent: "adopt", versionHash: confirmation.versionHash, decisionsSeen: confirmation.decisionsSeen });
    expect(changed.status).toBe(409);
    expect(text(await changed.text())).toContain("A decision changed since this confirmation was shown");
    expect(docStatus()).toBe("in_signoff");
    // And on a fresh confirmation the rule is not satisfied: no form, and a post is refused plainly.
    const now = await fac.get(`${page()}?confirm=adopt`);
    expect(text(await now.text())).toContain("The rule is not satisfied: adoption cannot be declared.");
    const latest = String(query<{ id: number }>(server.dbPath, "SELECT MAX(id) AS id FROM signoff_decisions")[0]!.id);
    const unsatisfied = await post(fac, { intent: "adopt", versionHash: hash, decisionsSeen: latest });
    expect(unsatisfied.status).toBe(409);
    expect(text(await unsatisfied.text())).toContain("The rule is not satisfied");

    expect((await post(youth.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    const again = (await adoptionForm(fac))!;
    // A stale or forged hash, or a representative: refused.
    const stale = await post(fac, { intent: "adopt", versionHash: "a".repeat(64), decisionsSeen: again.decisionsSeen });
    expect(stale.status).toBe(409);
    expect(text(await stale.text())).toContain("another version of the text");
    expect((await post(youth.client, { intent: "adopt", versionHash: again.versionHash, decisionsSeen: again.decisionsSeen })).status).toBe(403);
    expect((await post(observer, { intent: "adopt", versionHash: again.versionHash, decisionsSeen: again.decisionsSeen })).status).toBe(403);
    expect(auditCount(server.dbPath, "signoff.adopted")).toBe(0);
    expect(docStatus()).toBe("in_signoff");

    const adopted = await post(fac, { intent: "adopt", versionHash: again.versionHash, decisionsSeen: again.decisionsSeen });
    expect(adopted.status, await adopted.clone().text()).toBe(200);
    expect(docStatus()).toBe("adopted");
    expect(query(server.dbPath, "SELECT status, closed_by FROM signoff_rounds WHERE document_id = ?", documentId)).toEqual([
      { status: "adopted", closed_by: facId },
    ]);
    const audit = query<{ details: string }>(server.dbPath, "SELECT details FROM audit_events WHERE action = 'signoff.adopted'");
    expect(audit).toHaveLength(1);
    const details = JSON.parse(audit[0]!.details);
    expect(details.versionHash).toBe(hash);
    expect(
      details.approvals.map(
        (a: { category: { key: string }; approvedBy: { name: string; withoutAccount: boolean; inPerson: boolean; method: string | null }[] }) => [
          a.category.key,
          a.approvedBy.map((p) => [p.name, p.withoutAccount, p.inPerson, p.method]),
        ],
      ),
    ).toEqual([
      ["customary_authorities", [["Hamadoun Maïga", true, true, "thumbprint"]]],
      ["youth", [["Moussa Jeune", false, false, null]]],
      ["women", [["Fatoumata Femme", false, false, null]]],
    ]);
    const after = text(await (await observer.get(page())).text());
    expect(after).toContain("Adoption declared by Aminata Facilitatrice on");
    // Adopted: no more decisions, records or declarations.
    const n = decisionsCount();
    expect((await post(women.client, { intent: "decide", decision: "object", reason: "trop tard", versionHash: hash })).status).toBe(409);
    expect((await post(fac, elder(hash))).status).toBe(409);
    expect((await post(fac, { intent: "adopt", versionHash: hash, decisionsSeen: again.decisionsSeen })).status).toBe(409);
    expect(decisionsCount()).toBe(n);
    expect(auditCount(server.dbPath, "signoff.adopted")).toBe(1);
  });
});
