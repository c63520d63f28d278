// Sign-off rounds against the real app: real sessions and policy, real y-websocket clients in
// Node, the real SQLite file checked directly. The hostile attempts of issue 6.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { canonicalVersionOf } from "../../app/core/canonical.js";
import { connectClient, waitFor, type TestClient } from "../support/collab.js";
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
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
let fac: HttpClient;
let processId: string;
let documentId: string;
const reps: Record<"youth" | "women" | "customary", { client: HttpClient; id: string }> = {} as never;
let mediator: HttpClient;
let analyst: HttpClient;
let observer: HttpClient;
let CAT: Record<string, string>;
const open: TestClient[] = [];

const page = () => `/processes/${processId}/documents/${documentId}`;

function connect(client: HttpClient, id = documentId) {
  const c = connectClient(server.url.replace(/^http/, "ws") + "/collab", id, { headers: { cookie: client.cookieHeader() }, origin: server.url });
  open.push(c);
  return c;
}

/** Writes a paragraph into the fragment the editor binds to. */
function typeParagraph(c: TestClient, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  c.doc.getXmlFragment("default").push([p]);
}

/** Everything SQLite holds for a document's text, byte for byte, and the hash of its content. */
function stored(id = documentId) {
  const db = openTestDb(server.dbPath, { readonly: true });
  try {
    const snapshot = db.prepare("SELECT * FROM collab_snapshots WHERE document_id = ?").all(id) as { state_blob: Buffer; upto_seq: number }[];
    const rows = db.prepare("SELECT * FROM collab_updates WHERE document_id = ? ORDER BY seq").all(id) as { seq: number; update_blob: Buffer }[];
    const updates = [
      ...snapshot.map((s) => new Uint8Array(s.state_blob)),
      ...rows.filter((r) => r.seq > (snapshot[0]?.upto_seq ?? 0)).map((r) => new Uint8Array(r.update_blob)),
    ];
    return { snapshot, rows, hash: canonicalVersionOf(updates).hash, text: canonicalVersionOf(updates).canonical };
  } finally {
    db.close();
  }
}

function docStatus(id = documentId) {
  return query<{ status: string }>(server.dbPath, "SELECT status FROM documents WHERE id = ?", id)[0]!.status;
}

function openRoundRow() {
  return query<{ id: string; number: number; version_hash: string }>(
    server.dbPath,
    "SELECT id, number, version_hash FROM signoff_rounds WHERE document_id = ? AND status = 'open'",
    documentId,
  )[0];
}

/** The hash a page hands to its decision form (what a browser would submit). */
async function pageHash(client: HttpClient): Promise<string> {
  const html = await (await client.get(page())).text();
  const match = /name="versionHash" value="([0-9a-f]{64})"/.exec(html);
  expect(match, "the page carries the frozen version's hash").not.toBeNull();
  return match![1]!;
}

/** What the adoption confirmation's form carries (the facilitator's `?confirm=adopt` page), or null. */
async function adoptionForm(client: HttpClient): Promise<{ versionHash: string; decisionsSeen: string; html: string } | null> {
  const html = await (await client.get(`${page()}?confirm=adopt`)).text();
  const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="adopt"(?:(?!<\/form>)[\s\S])*<\/form>/.exec(html)?.[0];
  if (!form) return null;
  return {
    versionHash: /name="versionHash" value="([0-9a-f]{64})"/.exec(form)![1]!,
    decisionsSeen: /name="decisionsSeen" value="(\d+)"/.exec(form)![1]!,
    html,
  };
}

async function post(client: HttpClient, fields: Record<string, string | string[]>) {
  return client.post(page(), fields as Record<string, string>);
}

async function openRound(categories = [CAT.youth!, CAT.women!, CAT.customary!]) {
  const res = await post(fac, { intent: "open", categoryIds: categories });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(docStatus()).toBe("in_signoff");
}

const decisionsCount = () => query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM signoff_decisions")[0]!.n;

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  fac = new HttpClient(server.url);
  await signUp(fac, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(fac, { title: "Dialogue de Ber" });
  CAT = Object.fromEntries(
    ["youth", "women", "customary_authorities"].map((k) => [k === "customary_authorities" ? "customary" : k, categoryId(server.dbPath, processId, k)]),
  );
  for (const key of ["youth", "women", "customary"] as const) {
    const account = uniqueAccount(`rep${key}`);
    const j = await joinWithNewAccount(
      server.url,
      await createInvitationViaForm(fac, processId, { role: "representative", categoryId: CAT[key]!, affiliation: "Ber" }),
      account,
    );
    reps[key] = { client: j.client, id: userId(server.dbPath, account.email) };
  }
  mediator = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "mediator" }))).client;
  analyst = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "analyst" }))).client;
  observer = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "observer" }))).client;
  const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Feuille de route de Ber" });
  documentId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
  await shareDocument(fac, processId, documentId);
  // A round opens only on a draft without blocking findings (governance and development items).
  await writeValidDraft(server.url, fac, documentId, "roadmap");
});

afterAll(async () => {
  for (const c of open) c.destroy();
  await server?.stop();
});

describe("sign-off rounds in the real app", () => {
  it("refuses to open a round while the stored draft has blocking findings, and lists them", async () => {
    const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "roadmap", title: "Brouillon incomplet" });
    const draftId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    await shareDocument(fac, processId, draftId);
    const refused = await fac.post(`/processes/${processId}/documents/${draftId}`, { intent: "open", categoryIds: [CAT.youth!] } as unknown as Record<
      string,
      string
    >);
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("No governance item yet.");
    expect(html).toContain("No development item yet.");
    expect(query<{ status: string }>(server.dbPath, "SELECT status FROM documents WHERE id = ?", draftId)[0]!.status).toBe("drafting");
    expect(query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM signoff_rounds WHERE document_id = ?", draftId)[0]!.n).toBe(0);
    // Once the draft carries governance and development items, the round opens.
    await writeValidDraft(server.url, fac, draftId, "roadmap");
    const opened = await fac.post(`/processes/${processId}/documents/${draftId}`, { intent: "open", categoryIds: [CAT.youth!] } as unknown as Record<
      string,
      string
    >);
    expect(opened.status, await opened.clone().text()).toBe(200);
    expect(query<{ status: string }>(server.dbPath, "SELECT status FROM documents WHERE id = ?", draftId)[0]!.status).toBe("in_signoff");
  });

  it("freezes the text: live editors are downgraded at once and nothing sent during the round is stored, from anyone", async () => {
    const editor = connect(fac);
    const other = connect(mediator);
    await waitFor(() => editor.provider.synced && other.provider.synced, 10_000, "synced");
    typeParagraph(editor, "Cessation des hostilités.");
    typeParagraph(other, "Libre circulation des personnes et des biens.");
    await waitFor(() => stored().rows.length >= 2, 10_000, "stored");
    await new Promise((r) => setTimeout(r, 200));
    const before = stored();

    await openRound();
    await waitFor(() => editor.access.at(-1) === "read" && other.access.at(-1) === "read", 5_000, "downgraded live");
    const round = openRoundRow()!;
    expect(round.version_hash).toBe(before.hash);
    // Each connection is told why: first "being frozen", then the round and since when.
    expect(editor.reasons).toContainEqual({ kind: "freezing" });
    await waitFor(() => editor.reasons.at(-1)?.kind === "lockedForSignOff", 5_000, "reason: locked");
    expect(editor.reasons.at(-1)).toMatchObject({ kind: "lockedForSignOff", round: round.number });
    expect(other.reasons.at(-1)).toMatchObject({ kind: "lockedForSignOff", round: round.number });

    // Writes from the facilitator and the mediator during the round: dropped (never applied or
    // stored); the sockets stay, so the pages can show the frozen text and follow a reopen live.
    const dropped = () => server.logs.filter((l) => l.includes("collab write dropped")).length;
    const droppedBefore = dropped();
    typeParagraph(editor, "FORGED BY FACILITATOR");
    typeParagraph(other, "FORGED BY MEDIATOR");
    await waitFor(() => dropped() >= droppedBefore + 2, 5_000, "writes dropped");
    // A connection opened during the round is read-only from the start, and says why.
    const late = connect(fac);
    await waitFor(() => late.provider.synced && late.access.includes("read"), 10_000, "late read-only");
    expect(late.reasons.at(-1)).toMatchObject({ kind: "lockedForSignOff", round: round.number });
    typeParagraph(late, "FORGED LATE");
    await waitFor(() => dropped() >= droppedBefore + 3, 5_000, "late write dropped");
    await new Promise((r) => setTimeout(r, 300));
    for (const c of [editor, other, late]) expect(c.closes).toEqual([]);
    const after = stored();
    expect(after.rows).toEqual(before.rows);
    expect(after.hash).toBe(round.version_hash);
    expect(after.text).not.toContain("FORGED");
    for (const c of [editor, other, late]) c.destroy();
  });

  it("lets a representative decide only for their own category; observers, analysts, mediators and facilitators cannot decide", async () => {
    const hash = await pageHash(reps.youth.client);
    const n = decisionsCount();
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: hash, categoryId: CAT.women! })).status).toBe(403);
    for (const client of [observer, analyst, mediator, fac]) {
      expect((await post(client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(403);
      expect((await post(client, { intent: "decide", decision: "approve", versionHash: hash, categoryId: CAT.youth! })).status).toBe(403);
    }
    // Only facilitators record in person, and not for non-representatives.
    expect((await post(mediator, { intent: "record", memberUserId: reps.women.id, decision: "approve", witness: "X", versionHash: hash })).status).toBe(403);
    expect(decisionsCount()).toBe(n);
  });

  it("refuses a decision carrying a stale or forged hash", async () => {
    const n = decisionsCount();
    const res = await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: "a".repeat(64) });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("another version of the text");
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve" })).status).toBe(400);
    expect(decisionsCount()).toBe(n);
  });

  it("never adopts while one category is pending or objecting; a representative may change their decision", async () => {
    const hash = await pageHash(reps.youth.client);
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    expect(docStatus()).toBe("in_signoff"); // women and customary pending
    const objection = await post(reps.women.client, { intent: "decide", decision: "object", versionHash: hash });
    expect(objection.status).toBe(400); // a reason is required
    expect((await post(reps.women.client, { intent: "decide", decision: "object", reason: "Rien sur les femmes déplacées", versionHash: hash })).status).toBe(
      200,
    );
    expect((await post(reps.customary.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    expect(docStatus()).toBe("in_signoff"); // women objecting
    // Youth changes its mind and back: history is kept (append-only), the latest counts.
    expect((await post(reps.youth.client, { intent: "decide", decision: "object", reason: "Relire l'article 2", versionHash: hash })).status).toBe(200);
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    expect(docStatus()).toBe("in_signoff");
    // Not satisfied: no declaration is offered, and one posted anyway is refused.
    expect(await adoptionForm(fac)).toBeNull();
    const refused = await post(fac, { intent: "adopt", versionHash: hash, decisionsSeen: "999999" });
    expect(refused.status).toBe(409);
    expect(docStatus()).toBe("in_signoff");
    const html = await (await fac.get(page())).text();
    expect(html).toContain("2 of 3 required categories approved");
    expect(html).not.toContain("Declare adopted");
    expect(html).toContain("Rien sur les femmes déplacées");
  });

  it("reopens with a reason; the old decisions stay with their round and count for nothing in the next one", async () => {
    const oldHash = openRoundRow()!.version_hash;
    expect((await post(fac, { intent: "reopen", reason: "" })).status).toBe(400);
    expect((await post(reps.youth.client, { intent: "reopen", reason: "x" })).status).toBe(403);
    expect((await post(fac, { intent: "reopen", reason: "Ajouter un article sur les femmes déplacées" })).status).toBe(200);
    expect(docStatus()).toBe("drafting");
    // A decision after reopen is refused (nothing is open).
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: oldHash })).status).toBe(409);
    expect((await post(observer, { intent: "decide", decision: "approve", versionHash: oldHash })).status).toBe(409);
    // The text changes.
    const editor = connect(fac);
    await waitFor(() => editor.provider.synced && editor.access.at(-1) !== "read", 10_000, "editable again");
    typeParagraph(editor, "Article 4 : retour des femmes déplacées.");
    await waitFor(() => stored().text.includes("Article 4"), 10_000, "stored edit");
    editor.destroy();
    await openRound();
    const round2 = openRoundRow()!;
    expect(round2.number).toBe(2);
    expect(round2.version_hash).not.toBe(oldHash);
    // The old hash, replayed: refused. Round 2 starts with no decision at all.
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: oldHash })).status).toBe(409);
    expect(query(server.dbPath, "SELECT * FROM signoff_decisions WHERE round_id = ?", round2.id)).toHaveLength(0);
    const old = query<{ version_hash: string }>(
      server.dbPath,
      "SELECT d.version_hash FROM signoff_decisions d JOIN signoff_rounds r ON r.id = d.round_id WHERE r.number = 1 AND r.document_id = ?",
      documentId,
    );
    expect(old.length).toBe(5);
    expect(old.every((d) => d.version_hash === oldHash)).toBe(true);
  });

  it("adopts when every required category approved the same hash (one recorded in person) and the facilitator declares it, then refuses every change", async () => {
    const hash = await pageHash(reps.youth.client);
    expect((await post(reps.youth.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    expect((await post(reps.women.client, { intent: "decide", decision: "approve", versionHash: hash })).status).toBe(200);
    expect(docStatus()).toBe("in_signoff");
    // Customary authority present in the room, offline: recorded by the facilitator with a witness.
    expect((await post(fac, { intent: "record", memberUserId: reps.customary.id, decision: "approve", witness: "", versionHash: hash })).status).toBe(400);
    expect(
      (
        await post(fac, {
          intent: "record",
          memberUserId: reps.customary.id,
          decision: "approve",
          witness: "Imam Alassane Touré",
          method: "thumbprint",
          versionHash: hash,
        })
      ).status,
    ).toBe(200);
    // The rule is satisfied; the document is adopted only when the facilitator declares it.
    expect(docStatus()).toBe("in_signoff");
    expect(await (await fac.get(page())).text()).toContain("Declare adopted");
    expect(await adoptionForm(reps.youth.client)).toBeNull(); // only the facilitator is offered the declaration
    const confirmation = (await adoptionForm(fac))!;
    expect(confirmation.versionHash).toBe(hash);
    expect(confirmation.html).toContain("Confirm the adoption");
    expect((await post(reps.youth.client, { intent: "adopt", versionHash: hash, decisionsSeen: confirmation.decisionsSeen })).status).toBe(403);
    const adopted = await post(fac, { intent: "adopt", versionHash: confirmation.versionHash, decisionsSeen: confirmation.decisionsSeen });
    expect(adopted.status, await adopted.clone().text()).toBe(200);
    expect(await adopted.text()).toContain("Adoption declared: the document is adopted");
    expect(docStatus()).toBe("adopted");
    const recorded = query<{ recorded_by: string; witness: string; user_id: string }>(
      server.dbPath,
      "SELECT recorded_by, witness, user_id FROM signoff_decisions WHERE witness IS NOT NULL",
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.user_id).toBe(reps.customary.id);
    const audit = query<{ details: string }>(server.dbPath, "SELECT details FROM audit_events WHERE action = 'signoff.recorded'");
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      recordedByFacilitator: true,
      witness: "Imam Alassane Touré",
      method: "thumbprint",
      withoutAccount: false,
    });
    const html = await (await fac.get(page())).text();
    expect(html).toContain("recorded in person by the facilitator");

    // Adopted: socket writes from the facilitator are refused and never stored.
    const before = stored();
    const editor = connect(fac);
    await waitFor(() => editor.provider.synced && editor.access.includes("read"), 10_000, "read-only");
    expect(editor.reasons.at(-1)).toMatchObject({ kind: "adopted" });
    const dropped = () => server.logs.filter((l) => l.includes("collab write dropped")).length;
    const droppedBefore = dropped();
    typeParagraph(editor, "FORGED AFTER ADOPTION");
    await waitFor(() => dropped() > droppedBefore, 5_000, "write dropped");
    // Forms: no decision, no record, no reopen, no new round.
    const n = decisionsCount();
    expect((await post(reps.youth.client, { intent: "decide", decision: "object", reason: "trop tard", versionHash: hash })).status).toBe(409);
    expect((await post(fac, { intent: "record", memberUserId: reps.youth.id, decision: "object", reason: "x", witness: "W", versionHash: hash })).status).toBe(
      409,
    );
    expect((await post(fac, { intent: "reopen", reason: "changer" })).status).toBe(403);
    expect((await post(fac, { intent: "open", categoryIds: [CAT.youth!] })).status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(stored()).toEqual(before);
    expect(decisionsCount()).toBe(n);
    expect(docStatus()).toBe("adopted");
  });

  it("amend creates a drafting revision from the adopted text and leaves the adopted version byte-identical", async () => {
    const rounds = () => query(server.dbPath, "SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number", documentId);
    const decisions = () => query(server.dbPath, "SELECT * FROM signoff_decisions ORDER BY id");
    const documentRow = () => query(server.dbPath, "SELECT * FROM documents WHERE id = ?", documentId);
    const before = { rounds: rounds(), decisions: decisions(), document: documentRow(), stored: stored() };
    const adoptedHash = query<{ version_hash: string }>(
      server.dbPath,
      "SELECT version_hash FROM signoff_rounds WHERE document_id = ? AND status = 'adopted'",
      documentId,
    )[0]!.version_hash;
    expect((await post(mediator, { intent: "amend" })).status).toBe(403);
    const res = await post(fac, { intent: "amend" });
    expect(res.status).toBe(302);
    const newId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    expect(newId).not.toBe(documentId);
    expect(docStatus(newId)).toBe("drafting");
    expect(stored(newId).hash).toBe(adoptedHash);
    // The new revision is editable; the adopted one is untouched.
    const editor = connect(fac, newId);
    await waitFor(() => editor.provider.synced && editor.access.at(-1) !== "read", 10_000, "editable revision");
    typeParagraph(editor, "Amendement 1.");
    await waitFor(() => stored(newId).text.includes("Amendement 1."), 10_000, "stored amendment");
    editor.destroy();
    expect({ rounds: rounds(), decisions: decisions(), document: documentRow(), stored: stored() }).toEqual(before);
    expect((await post(fac, { intent: "amend" })).status).toBe(409);
    // The adopted version is still reachable, with its record.
    const html = await (await fac.get(page())).text();
    expect(html).toContain(adoptedHash);
    expect(html).toContain("Open the amended revision");
    expect(await (await fac.get(`/processes/${processId}`)).text()).toContain("revision 2");
  });

  it("a writer racing the opening of a round never changes the frozen version (snapshot = stored state, before and after)", async () => {
    const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour" });
    const raceId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    await shareDocument(fac, processId, raceId);
    await writeValidDraft(server.url, fac, raceId, "agenda");
    const writer = connect(mediator, raceId);
    await waitFor(() => writer.provider.synced, 10_000, "synced");
    let typing = true;
    let n = 0;
    const loop = (async () => {
      while (typing) {
        if (writer.provider.wsconnected) typeParagraph(writer, `Point ${n++}`);
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    await waitFor(() => stored(raceId).rows.length > 20, 10_000, "typing stored");
    const opened = await fac.post(`/processes/${processId}/documents/${raceId}`, { intent: "open", categoryIds: [CAT.youth!] } as unknown as Record<
      string,
      string
    >);
    expect(opened.status).toBe(200);
    const round = query<{ version_hash: string }>(server.dbPath, "SELECT version_hash FROM signoff_rounds WHERE document_id = ?", raceId)[0]!;
    await new Promise((r) => setTimeout(r, 500));
    typing = false;
    await loop;
    const after = stored(raceId);
    expect(after.hash).toBe(round.version_hash);
    expect(n).toBeGreaterThan(after.rows.length); // some of what was typed was refused
    writer.destroy();
  });

  it("tells every open page of the document, whatever its role, when a round opens and each decision lands", async () => {
    const res = await fac.post(`/processes/${processId}/documents/new`, { kind: "agenda", title: "Ordre du jour en direct" });
    const liveId = /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
    await shareDocument(fac, processId, liveId);
    await writeValidDraft(server.url, fac, liveId, "agenda");
    const youthPage = connect(reps.youth!.client, liveId);
    const observerPage = connect(observer, liveId);
    await waitFor(() => youthPage.provider.synced && observerPage.provider.synced, 10_000, "synced");
    const livePage = `/processes/${processId}/documents/${liveId}`;
    const opened = await fac.post(livePage, { intent: "open", categoryIds: [CAT.youth!] } as unknown as Record<string, string>);
    expect(opened.status).toBe(200);
    await waitFor(() => youthPage.changed >= 1 && observerPage.changed >= 1, 5_000, "round opened, pages told");
    const before = observerPage.changed;
    const html = await (await reps.youth!.client.get(livePage)).text();
    const hash = /name="versionHash" value="([0-9a-f]{64})"/.exec(html)![1]!;
    const decided = await reps.youth!.client.post(livePage, { intent: "decide", decision: "approve", reason: "", versionHash: hash });
    expect(decided.status).toBe(200);
    await waitFor(() => observerPage.changed > before, 5_000, "decision, pages told");
  });

  it("audited every mutation", () => {
    expect(auditCount(server.dbPath, "signoff.opened")).toBe(5); // a refused opening writes nothing
    expect(auditCount(server.dbPath, "signoff.reopened")).toBe(1);
    expect(auditCount(server.dbPath, "signoff.decided")).toBe(8);
    expect(auditCount(server.dbPath, "signoff.recorded")).toBe(1);
    // Adoption is declared, never automatic: one declaration (the live round's only approval adopts nothing).
    expect(auditCount(server.dbPath, "signoff.adopted")).toBe(1);
    expect(auditCount(server.dbPath, "document.amended")).toBe(1);
    expect(decisionsCount()).toBe(9);
  });
});
