import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readStoredState } from "../storage/collab-store.server.js";
import type { QueryLayer } from "../storage/sql.server.js";
import { domainServices, migratedSql, testAccount } from "../../test/support/domain.js";
import { canonicalVersionOf } from "../core/canonical.js";
import type { BlockingFinding } from "../core/validation.js";
import { AccessDeniedError, type UserRef } from "./access.server.js";
import type { Services } from "./context.server.js";
import { amendDocument, createDocument, setDocumentVisibility } from "./documents.server.js";
import { DomainEventBus } from "./events.server.js";
import { acceptInvitation, createInvitation } from "./invitations.server.js";
import { createProcess } from "./processes.server.js";
import { adoptRound, decide, listRounds, openRound, recordInPerson, reopenRound, storedVersion } from "./signoff.server.js";

// The sign-off domain over a real (in-memory) SQLite database: rule, hashes, triggers, seams.

let db: QueryLayer;
let services: Services;
let findings: BlockingFinding[];
let frozen: string[];
let changed: string[];

async function user(name: string): Promise<UserRef> {
  const a = await testAccount(db, name);
  return { id: a.id, isAdmin: a.isAdmin };
}

beforeEach(() => {
  db = migratedSql();
  const events = new DomainEventBus();
  findings = [];
  frozen = [];
  changed = [];
  events.on("document.changed", ({ documentId }) => changed.push(documentId));
  services = domainServices(db, {
    events,
    signoffChecks: { blockingFindings: async () => findings },
    collabLock: { freeze: async (id) => void frozen.push(id) },
  });
});
afterEach(() => db.close());

const cat = (pid: string, key: string) =>
  (db.sqlite!.prepare("SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = ?").get(pid, key) as { id: string }).id;

async function setup() {
  const fac = await user("fac");
  const pid = await (async () => {
    const r = await createProcess(services, fac, { title: "Ber", locality: "Ber", languages: ["fr", "en"] });
    if (!r.ok) throw new Error("process");
    return r.value.id;
  })();
  const join = async (name: string, role: string, key?: string) => {
    const u = await user(name);
    const inv = await createInvitation(services, fac, pid, key ? { role, categoryId: cat(pid, key), affiliation: "Ber" } : { role });
    if (!inv.ok) throw new Error(JSON.stringify(inv.errors));
    expect((await acceptInvitation(services, u, inv.value.token)).ok).toBe(true);
    return u;
  };
  const youth = await join("youth", "representative", "youth");
  const women = await join("women", "representative", "women");
  const women2 = await join("women2", "representative", "women");
  const mediator = await join("med", "mediator");
  const doc = await createDocument(services, fac, pid, { kind: "roadmap", title: "Feuille de route" });
  if (!doc.ok) throw new Error("doc");
  const id = doc.value.id;
  // Representatives sign only what they can see.
  await setDocumentVisibility(services, fac, pid, id, { visibility: "shared" });
  writeText(id, "Cessation des hostilités.");
  return { fac, pid, youth, women, women2, mediator, id, YOUTH: cat(pid, "youth"), WOMEN: cat(pid, "women") };
}

let seq = 100;
function writeText(documentId: string, text: string) {
  const d = new Y.Doc();
  for (const u of db.sqlite!.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all(documentId) as { update_blob: Buffer }[])
    Y.applyUpdate(d, u.update_blob);
  const before = Y.encodeStateVector(d);
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  d.getXmlFragment("default").push([p]);
  db.sqlite!.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, NULL, ?)").run(
    documentId,
    ++seq,
    Buffer.from(Y.encodeStateAsUpdate(d, before)),
    Date.now(),
  );
}

describe("sign-off domain", () => {
  it("always requires the template's default categories: the facilitator may add, never drop", async () => {
    const s = await setup();
    const doc = await createDocument(services, s.fac, s.pid, { kind: "roadmap", title: "Feuille de route Anefis", template: "roadmap-anefis" });
    if (!doc.ok) throw new Error(JSON.stringify(doc.errors));
    await setDocumentVisibility(services, s.fac, s.pid, doc.value.id, { visibility: "shared" });
    // Four of the template's categories have no representative: refused, naming them, until the
    // facilitator confirms they will be decided in person.
    const unrepresented = ["customary_authorities", "religious_leaders", "armed_movements", "local_administration"];
    const refused = await openRound(services, s.fac, s.pid, doc.value.id, {
      categoryIds: [s.YOUTH, cat(s.pid, "displaced_people")],
      inPersonCategoryIds: [cat(s.pid, "religious_leaders")],
    });
    expect(refused).toMatchObject({ ok: false, status: 409, errors: { form: "signoff.errors.unrepresented" } });
    if (refused.ok || !("unrepresented" in refused)) throw new Error("expected the unrepresented categories");
    expect(refused.unrepresented!.map((c) => c.key).sort()).toEqual(["armed_movements", "customary_authorities", "displaced_people", "local_administration"]);
    expect(frozen).toEqual([]); // refused before any editor was frozen
    expect(await listRounds(db, doc.value.id)).toHaveLength(0);
    const confirmed = [...unrepresented, "displaced_people"].map((k) => cat(s.pid, k));
    const r = await openRound(services, s.fac, s.pid, doc.value.id, {
      categoryIds: [s.YOUTH, cat(s.pid, "displaced_people")],
      inPersonCategoryIds: [...confirmed, s.WOMEN],
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    // Confirmed in person: only the categories nobody represents (women have representatives).
    const inPerson = db
      .sqlite!.prepare(
        "SELECT c.key FROM signoff_round_categories rc JOIN stakeholder_categories c ON c.id = rc.category_id WHERE rc.in_person = 1 ORDER BY c.key",
      )
      .all() as { key: string }[];
    expect(inPerson.map((c) => c.key)).toEqual([...unrepresented, "displaced_people"].sort());
    const opened = JSON.parse((db.sqlite!.prepare("SELECT details FROM audit_events WHERE action = 'signoff.opened'").get() as { details: string }).details);
    expect(opened.requiredCategories.find((c: { key: string }) => c.key === "women")).toMatchObject({ deciders: ["women", "women2"], inPerson: false });
    expect(opened.requiredCategories.find((c: { key: string }) => c.key === "armed_movements")).toMatchObject({ deciders: [], inPerson: true });
    const required = db
      .sqlite!.prepare(
        "SELECT c.key, rc.source FROM signoff_round_categories rc JOIN stakeholder_categories c ON c.id = rc.category_id JOIN signoff_rounds r ON r.id = rc.round_id WHERE r.document_id = ? ORDER BY c.key",
      )
      .all(doc.value.id) as { key: string; source: string }[];
    const template = ["armed_movements", "customary_authorities", "local_administration", "religious_leaders", "women", "youth"];
    expect(
      required
        .filter((c) => c.source === "template")
        .map((c) => c.key)
        .sort(),
    ).toEqual(template);
    expect(required.filter((c) => c.source === "facilitator").map((c) => c.key)).toEqual(["displaced_people"]);
  });

  it("refuses to open while the validation seam reports blocking findings, listing them, and changes nothing", async () => {
    const s = await setup();
    findings = [{ ruleId: "requiredDomain.governance", messageKey: "validation.missingGovernance", params: { domain: "governance" } }];
    const r = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    expect(r.ok).toBe(false);
    if (r.ok || !("findings" in r)) throw new Error("expected findings");
    expect(r.errors.form).toBe("signoff.errors.blockingFindings");
    expect(r.findings).toEqual(findings);
    expect(db.sqlite!.prepare("SELECT status FROM documents WHERE id = ?").get(s.id)).toEqual({ status: "drafting" });
    expect(await listRounds(db, s.id)).toHaveLength(0);
  });

  it("snapshots the stored state, locks storage, applies the rule, refuses stale hashes and other categories, adopts when declared", async () => {
    const s = await setup();
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH, s.WOMEN] });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    expect(frozen).toEqual([s.id]);
    expect(changed).toContain(s.id);
    const hash = opened.value.versionHash;
    expect(hash).toBe((await storedVersion(db, s.id)).hash);
    // Storage refuses any collab update while in sign-off.
    expect(() => writeText(s.id, "forged")).toThrow(/locked/);
    // Nobody else decides; nobody decides for another category; mediators never.
    await expect(decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash, categoryId: s.WOMEN })).rejects.toThrow(AccessDeniedError);
    await expect(decide(services, s.mediator, s.pid, s.id, { decision: "approve", versionHash: hash })).rejects.toThrow(AccessDeniedError);
    await expect(decide(services, s.fac, s.pid, s.id, { decision: "approve", versionHash: hash })).rejects.toThrow(AccessDeniedError);
    // Stale or forged hash refused.
    const stale = await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: "0".repeat(64) });
    expect(stale).toMatchObject({ ok: false, errors: { form: "signoff.errors.staleVersion" } });
    // Objection needs a reason.
    expect(await decide(services, s.women, s.pid, s.id, { decision: "object", versionHash: hash })).toMatchObject({
      ok: false,
      errors: { reason: "signoff.errors.reasonRequired" },
    });
    // women2 objects first: women is not satisfied even once another woman approves (in person,
    // recorded by the facilitator with a witness).
    expect(await decide(services, s.women2, s.pid, s.id, { decision: "object", reason: "Article 3 oublie les déplacées", versionHash: hash })).toMatchObject({
      ok: true,
    });
    expect(await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash })).toMatchObject({ ok: true });
    const rec = await recordInPerson(services, s.fac, s.pid, s.id, {
      memberUserId: s.women.id,
      decision: "approve",
      witness: "Imam Touré",
      method: "oral_assent",
      versionHash: hash,
    });
    expect(rec).toMatchObject({ ok: true });
    expect((await listRounds(db, s.id))[0]!.categories.map((c) => c.state)).toEqual(["youth", "women"].map((k) => (k === "youth" ? "approved" : "objected")));
    // The facilitator cannot withdraw women2's own objection for her; she withdraws it herself: the
    // rule is satisfied, and nothing is adopted until the facilitator declares it.
    expect(
      await recordInPerson(services, s.fac, s.pid, s.id, {
        memberUserId: s.women2.id,
        decision: "approve",
        witness: "Imam Touré",
        method: "oral_assent",
        versionHash: hash,
      }),
    ).toMatchObject({
      ok: false,
      errors: { form: "signoff.errors.ownDecisionStands" },
    });
    expect((await listRounds(db, s.id))[0]!.evaluation.ruleSatisfied).toBe(false);
    expect(await decide(services, s.women2, s.pid, s.id, { decision: "approve", versionHash: hash })).toMatchObject({ ok: true });
    expect((await listRounds(db, s.id))[0]!).toMatchObject({ status: "open", evaluation: { ruleSatisfied: true } });
    expect(db.sqlite!.prepare("SELECT status FROM documents WHERE id = ?").get(s.id)).toEqual({ status: "in_signoff" });
    // Compacted while frozen, as the collab server may: same content, so the same hash.
    const stored = await readStoredState(db, s.id);
    db.sqlite!.prepare("INSERT INTO collab_snapshots (document_id, state_blob, upto_seq, updated_at) VALUES (?, ?, ?, ?)").run(
      s.id,
      Y.mergeUpdates(stored.updates),
      stored.seq,
      Date.now(),
    );
    const seen = (await listRounds(db, s.id))[0]!.lastDecisionId;
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: String(seen) })).toEqual({
      ok: true,
      value: { versionHash: hash },
    });
    const [round] = await listRounds(db, s.id);
    expect(round!.status).toBe("adopted");
    expect(round!.decisions.filter((d) => d.recordedByName === "fac")).toHaveLength(1);
    expect(round!.decisions.find((d) => d.recordedByName)!).toMatchObject({
      witness: "Imam Touré",
      method: "oral_assent",
      inPerson: true,
      withoutAccount: false,
    });
    expect(round!.closedByName).toBe("fac");
    // Adopted: immutable everywhere.
    expect(() => writeText(s.id, "after adoption")).toThrow(/locked/);
    expect(() => db.sqlite!.prepare("DELETE FROM collab_snapshots WHERE document_id = ?").run(s.id)).toThrow(/frozen/);
    expect(() => db.sqlite!.prepare("DELETE FROM collab_updates WHERE document_id = ?").run(s.id)).toThrow(/frozen/);
    expect(() => db.sqlite!.prepare("UPDATE documents SET title = 'x' WHERE id = ?").run(s.id)).toThrow(/immutable/);
    expect(() => db.sqlite!.prepare("UPDATE signoff_rounds SET status = 'reopened', close_reason = 'x' WHERE document_id = ?").run(s.id)).toThrow(/immutable/);
    expect(() => db.sqlite!.prepare("DELETE FROM signoff_decisions").run()).toThrow(/append-only/);
    await expect(reopenRound(services, s.fac, s.pid, s.id, { reason: "x" })).rejects.toThrow(AccessDeniedError);
    const audit = db.sqlite!.prepare("SELECT action FROM audit_events WHERE target_id = ? ORDER BY id").all(s.id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      "document.created",
      "document.shared",
      "signoff.opened",
      "signoff.decided",
      "signoff.decided",
      "signoff.recorded",
      "signoff.decided",
      "signoff.adopted",
    ]);
  });

  it("reopen keeps decisions with their round; they count for nothing in the next round; amend copies the adopted text", async () => {
    const s = await setup();
    const r1 = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    if (!r1.ok) throw new Error("open");
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "object", reason: "pas de jeunes", versionHash: r1.value.versionHash })).ok).toBe(true);
    expect(await reopenRound(services, s.fac, s.pid, s.id, { reason: "" })).toMatchObject({
      ok: false,
      errors: { reason: "signoff.errors.reopenReasonRequired" },
    });
    expect((await reopenRound(services, s.fac, s.pid, s.id, { reason: "Ajouter les jeunes" })).ok).toBe(true);
    // After reopen: deciding is refused (drafting), the text can change again.
    expect(await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: r1.value.versionHash })).toMatchObject({
      ok: false,
      errors: { form: "signoff.errors.noOpenRound" },
    });
    writeText(s.id, "Comité des jeunes.");
    const r2 = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    if (!r2.ok) throw new Error("open 2");
    expect(r2.value.versionHash).not.toBe(r1.value.versionHash);
    // The old hash is refused in the new round; the new round starts with no decision.
    expect(await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: r1.value.versionHash })).toMatchObject({ ok: false });
    const [second, first] = await listRounds(db, s.id);
    expect(second!.decisions).toHaveLength(0);
    expect(second!.categories[0]!.state).toBe("pending");
    expect(first!.status).toBe("reopened");
    expect(first!.closeReason).toBe("Ajouter les jeunes");
    expect(first!.decisions[0]!.versionHash).toBe(r1.value.versionHash);
    expect(await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: r2.value.versionHash })).toMatchObject({ ok: true });
    expect(
      (
        await adoptRound(services, s.fac, s.pid, s.id, {
          versionHash: r2.value.versionHash,
          decisionsSeen: String((await listRounds(db, s.id))[0]!.lastDecisionId),
        })
      ).ok,
    ).toBe(true);

    const before = db.sqlite!.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number").all(s.id);
    const storedBefore = db.sqlite!.prepare("SELECT * FROM collab_updates WHERE document_id = ? ORDER BY seq").all(s.id);
    const amended = await amendDocument(services, s.fac, s.pid, s.id);
    if (!amended.ok) throw new Error("amend");
    expect(await amendDocument(services, s.fac, s.pid, s.id)).toMatchObject({ ok: false, errors: { form: "signoff.errors.alreadyAmended" } });
    expect(db.sqlite!.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number").all(s.id)).toEqual(before);
    expect(db.sqlite!.prepare("SELECT * FROM collab_updates WHERE document_id = ? ORDER BY seq").all(s.id)).toEqual(storedBefore);
    expect((await storedVersion(db, amended.value.id)).hash).toBe(r2.value.versionHash);
    expect(db.sqlite!.prepare("SELECT status, revision, revision_of FROM documents WHERE id = ?").get(amended.value.id)).toEqual({
      status: "drafting",
      revision: 2,
      revision_of: s.id,
    });
    writeText(amended.value.id, "Amendement.");
    expect((await storedVersion(db, amended.value.id)).hash).not.toBe(r2.value.versionHash);
    expect(canonicalVersionOf([(before[1] as { snapshot: Buffer }).snapshot]).hash).toBe(r2.value.versionHash);
  });

  it("requires at least one category and refuses categories of another process; only facilitators open", async () => {
    const s = await setup();
    expect(await openRound(services, s.fac, s.pid, s.id, {})).toMatchObject({ ok: false, errors: { categoryIds: "signoff.errors.noCategories" } });
    expect(await openRound(services, s.fac, s.pid, s.id, { categoryIds: ["nope"] })).toMatchObject({
      ok: false,
      errors: { categoryIds: "signoff.errors.categoryUnknown" },
    });
    await expect(openRound(services, s.mediator, s.pid, s.id, { categoryIds: [s.YOUTH] })).rejects.toThrow(AccessDeniedError);
    expect(db.sqlite!.prepare("SELECT status FROM documents WHERE id = ?").get(s.id)).toEqual({ status: "drafting" });
  });
  it("records the decision of a person without an account: stored without a user, counted by the rule, replaced by a later record of the same person", async () => {
    const s = await setup();
    const CUSTOMARY = cat(s.pid, "customary_authorities");
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH, CUSTOMARY], inPersonCategoryIds: [CUSTOMARY] });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const hash = opened.value.versionHash;
    const elder = { personName: "Hamadoun Maïga", personAffiliation: "Chefferie de Ber", categoryId: CUSTOMARY, witness: "Imam Touré", versionHash: hash };
    // Validated: method, name, affiliation, witness; the category must be one the round requires.
    expect(await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, decision: "approve" }, "person")).toMatchObject({
      ok: false,
      status: 400,
      errors: { method: "signoff.errors.methodRequired" },
    });
    expect(
      await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, personName: " ", decision: "approve", method: "thumbprint" }, "person"),
    ).toMatchObject({
      errors: { personName: "signoff.errors.personNameRequired" },
    });
    expect(
      await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, personAffiliation: "", decision: "approve", method: "thumbprint" }, "person"),
    ).toMatchObject({ errors: { personAffiliation: "signoff.errors.affiliationRequired" } });
    expect(await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, witness: "", decision: "approve", method: "thumbprint" }, "person")).toMatchObject({
      errors: { witness: "signoff.errors.witnessRequired" },
    });
    expect(
      await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, categoryId: s.WOMEN, decision: "approve", method: "thumbprint" }, "person"),
    ).toMatchObject({
      ok: false,
      status: 400,
      errors: { categoryId: "signoff.errors.categoryNotRequired" },
    });
    expect(await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, decision: "approve", method: "fax" }, "person")).toMatchObject({
      errors: { method: "signoff.errors.methodRequired" },
    });
    // Only facilitators record, whatever they submit.
    await expect(recordInPerson(services, s.mediator, s.pid, s.id, { ...elder, decision: "approve", method: "thumbprint" }, "person")).rejects.toThrow(
      AccessDeniedError,
    );
    await expect(recordInPerson(services, s.youth, s.pid, s.id, { ...elder, decision: "approve", method: "thumbprint" }, "person")).rejects.toThrow(
      AccessDeniedError,
    );
    expect(db.sqlite!.prepare("SELECT COUNT(*) AS n FROM signoff_decisions").get()).toEqual({ n: 0 });

    expect(
      (await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, decision: "object", reason: "Les pâturages manquent", method: "oral_assent" }, "person"))
        .ok,
    ).toBe(true);
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash })).ok).toBe(true);
    // Round categories in process order: customary authorities come before youth.
    expect((await listRounds(db, s.id))[0]!.categories.map((c) => [c.key, c.state])).toEqual([
      ["customary_authorities", "objected"],
      ["youth", "approved"],
    ]);
    // The same elder, name written differently, approves later: it replaces the objection.
    expect(
      (await recordInPerson(services, s.fac, s.pid, s.id, { ...elder, personName: "hamadoun  MAIGA", decision: "approve", method: "thumbprint" }, "person")).ok,
    ).toBe(true);
    const [round] = await listRounds(db, s.id);
    expect(round!.evaluation.ruleSatisfied).toBe(true);
    const elderDecisions = round!.decisions.filter((d) => d.withoutAccount);
    expect(elderDecisions.map((d) => [d.decision, d.superseded])).toEqual([
      ["object", true],
      ["approve", false],
    ]);
    expect(elderDecisions[1]).toMatchObject({
      userId: null,
      userName: "hamadoun  MAIGA",
      personAffiliation: "Chefferie de Ber",
      method: "thumbprint",
      witness: "Imam Touré",
      recordedByName: "fac",
      inPerson: true,
    });
    const row = db
      .sqlite!.prepare(
        "SELECT user_id, person_name, person_affiliation, method, witness, recorded_by, category_id FROM signoff_decisions WHERE method = 'thumbprint'",
      )
      .get();
    expect(row).toEqual({
      user_id: null,
      person_name: "hamadoun  MAIGA",
      person_affiliation: "Chefferie de Ber",
      method: "thumbprint",
      witness: "Imam Touré",
      recorded_by: s.fac.id,
      category_id: CUSTOMARY,
    });
    const audit = db.sqlite!.prepare("SELECT details FROM audit_events WHERE action = 'signoff.recorded_without_account' ORDER BY id").all() as {
      details: string;
    }[];
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({
      member: "hamadoun  MAIGA",
      memberUserId: null,
      withoutAccount: true,
      affiliation: "Chefferie de Ber",
      method: "thumbprint",
      witness: "Imam Touré",
      recordedByFacilitator: true,
      category: { key: "customary_authorities" },
    });
    // A representative with an account is recorded as the member they are, not as a person without one.
    expect(
      await recordInPerson(
        services,
        s.fac,
        s.pid,
        s.id,
        { ...elder, personName: "Youth", categoryId: s.YOUTH, decision: "object", reason: "x", method: "thumbprint" },
        "person",
      ),
    ).toMatchObject({
      ok: false,
      status: 409,
      errors: { form: "signoff.errors.personIsMember" },
      params: { name: "youth" },
    });
  });

  it("never lets a facilitator's in-person record replace a representative's own decision in the round", async () => {
    const s = await setup();
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH, s.WOMEN] });
    if (!opened.ok) throw new Error("open");
    const hash = opened.value.versionHash;
    // Recorded in person first, then the representative decides online: theirs replaces the record.
    expect(
      (
        await recordInPerson(services, s.fac, s.pid, s.id, {
          memberUserId: s.youth.id,
          decision: "approve",
          witness: "W",
          method: "paper_signature",
          versionHash: hash,
        })
      ).ok,
    ).toBe(true);
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "object", reason: "Relire l'article 2", versionHash: hash })).ok).toBe(true);
    const n = (db.sqlite!.prepare("SELECT COUNT(*) AS n FROM signoff_decisions").get() as { n: number }).n;
    // From now on only they can change it.
    expect(
      await recordInPerson(services, s.fac, s.pid, s.id, {
        memberUserId: s.youth.id,
        decision: "approve",
        witness: "W",
        method: "paper_signature",
        versionHash: hash,
      }),
    ).toEqual({
      ok: false,
      status: 409,
      errors: { form: "signoff.errors.ownDecisionStands" },
      params: { name: "youth" },
    });
    expect((db.sqlite!.prepare("SELECT COUNT(*) AS n FROM signoff_decisions").get() as { n: number }).n).toBe(n);
    expect((await listRounds(db, s.id))[0]!.categories[0]!.state).toBe("objected");
    // The database refuses it too, whoever writes.
    expect(() =>
      db
        .sqlite!.prepare(
          "INSERT INTO signoff_decisions (round_id, category_id, user_id, decision, version_hash, recorded_by, witness, method, decided_at) VALUES (?, ?, ?, 'approve', ?, ?, 'W', 'thumbprint', 1)",
        )
        .run(opened.value.roundId, s.YOUTH, s.youth.id, hash, s.fac.id),
    ).toThrow(/only they can change their decision/);
    // The representative changes it themselves.
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash })).ok).toBe(true);
    expect((await listRounds(db, s.id))[0]!.categories[0]!.state).toBe("approved");
  });

  it("adopts only on the facilitator's declaration: rule satisfied, same version, no decision since the confirmation", async () => {
    const s = await setup();
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH, s.WOMEN] });
    if (!opened.ok) throw new Error("open");
    const hash = opened.value.versionHash;
    const seen = async () => String((await listRounds(db, s.id))[0]!.lastDecisionId);
    const status = () => (db.sqlite!.prepare("SELECT status FROM documents WHERE id = ?").get(s.id) as { status: string }).status;
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash })).ok).toBe(true);
    // Women pending: refused.
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: await seen() })).toMatchObject({
      ok: false,
      status: 409,
      errors: { form: "signoff.errors.ruleNotSatisfied" },
    });
    expect((await decide(services, s.women, s.pid, s.id, { decision: "approve", versionHash: hash })).ok).toBe(true);
    expect(status()).toBe("in_signoff"); // the rule is satisfied; nothing adopts by itself
    // Only the facilitator declares.
    for (const who of [s.youth, s.women, s.mediator])
      await expect(adoptRound(services, who, s.pid, s.id, { versionHash: hash, decisionsSeen: await seen() })).rejects.toThrow(AccessDeniedError);
    // The confirmation is shown (it lists the decisions up to `shown`); then a representative changes their mind.
    const shown = await seen();
    expect((await decide(services, s.women2, s.pid, s.id, { decision: "object", reason: "Article 3", versionHash: hash })).ok).toBe(true);
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: shown })).toMatchObject({
      ok: false,
      errors: { form: "signoff.errors.decisionsChanged" },
    });
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: await seen() })).toMatchObject({
      ok: false,
      errors: { form: "signoff.errors.ruleNotSatisfied" },
    });
    expect((await decide(services, s.women2, s.pid, s.id, { decision: "approve", versionHash: hash })).ok).toBe(true);
    // An approval arriving after the confirmation also means it listed something else.
    const before = await seen();
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash })).ok).toBe(true);
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: before })).toMatchObject({
      ok: false,
      errors: { form: "signoff.errors.decisionsChanged" },
    });
    // Stale or forged hash, missing confirmation marker.
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: "0".repeat(64), decisionsSeen: await seen() })).toMatchObject({
      ok: false,
      status: 409,
      errors: { form: "signoff.errors.staleVersion" },
    });
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash })).toMatchObject({
      ok: false,
      status: 400,
      errors: { decisionsSeen: "signoff.errors.decisionsChanged" },
    });
    expect(status()).toBe("in_signoff");
    expect(db.sqlite!.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'signoff.adopted'").get()).toEqual({ n: 0 });

    changed.length = 0;
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: await seen() })).toEqual({
      ok: true,
      value: { versionHash: hash },
    });
    expect(changed).toEqual([s.id]);
    expect(status()).toBe("adopted");
    expect(db.sqlite!.prepare("SELECT status, closed_by FROM signoff_rounds WHERE id = ?").get(opened.value.roundId)).toEqual({
      status: "adopted",
      closed_by: s.fac.id,
    });
    const details = JSON.parse((db.sqlite!.prepare("SELECT details FROM audit_events WHERE action = 'signoff.adopted'").get() as { details: string }).details);
    expect(details).toMatchObject({ round: 1, versionHash: hash });
    expect(
      details.approvals.map((a: { category: { key: string }; approvedBy: { name: string; inPerson: boolean }[] }) => [
        a.category.key,
        a.approvedBy.map((p) => p.name).sort(),
      ]),
    ).toEqual([
      ["youth", ["youth"]],
      ["women", ["women", "women2"]],
    ]);
    // Adopted: no more decisions, no second declaration.
    expect(await decide(services, s.youth, s.pid, s.id, { decision: "object", reason: "trop tard", versionHash: hash })).toMatchObject({
      ok: false,
      errors: { form: "signoff.errors.noOpenRound" },
    });
    expect(await adoptRound(services, s.fac, s.pid, s.id, { versionHash: hash, decisionsSeen: await seen() })).toMatchObject({
      ok: false,
      status: 409,
      errors: { form: "signoff.errors.noOpenRound" },
    });
  });

  it("refuses to adopt when the stored text no longer matches the frozen version", async () => {
    const s = await setup();
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    if (!opened.ok) throw new Error("open");
    expect((await decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: opened.value.versionHash })).ok).toBe(true);
    // Simulate storage corrupted behind the lock's back (the trigger is what normally prevents it).
    db.sqlite!.exec("DROP TRIGGER collab_updates_locked");
    writeText(s.id, "Texte modifié en douce.");
    const r = await adoptRound(services, s.fac, s.pid, s.id, {
      versionHash: opened.value.versionHash,
      decisionsSeen: String((await listRounds(db, s.id))[0]!.lastDecisionId),
    });
    expect(r).toMatchObject({ ok: false, status: 409, errors: { form: "signoff.errors.storedVersionChanged" } });
    expect(db.sqlite!.prepare("SELECT status FROM documents WHERE id = ?").get(s.id)).toEqual({ status: "in_signoff" });
  });

  it("keeps the decision invariants in the database: a person without an account only in person, witnessed, with a method", async () => {
    const s = await setup();
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    if (!opened.ok) throw new Error("open");
    const insert = (cols: Record<string, unknown>) => {
      const row = { round_id: opened.value.roundId, category_id: s.YOUTH, decision: "approve", version_hash: opened.value.versionHash, decided_at: 1, ...cols };
      const keys = Object.keys(row);
      db.sqlite!.prepare(`INSERT INTO signoff_decisions (${keys.join(", ")}) VALUES (${keys.map(() => "?").join(", ")})`).run(...Object.values(row));
    };
    const person = { person_name: "Aïcha", person_affiliation: "Coopérative", recorded_by: s.fac.id, witness: "W", method: "thumbprint" };
    expect(() => insert({ ...person, witness: null })).toThrow(/CHECK/);
    expect(() => insert({ ...person, method: null })).toThrow(/CHECK/);
    expect(() => insert({ ...person, recorded_by: null, witness: null })).toThrow(/CHECK/);
    expect(() => insert({ ...person, person_affiliation: null })).toThrow(/CHECK/);
    expect(() => insert({ ...person, user_id: s.youth.id })).toThrow(/CHECK/); // both a member and a person
    expect(() => insert({})).toThrow(/CHECK/); // neither
    expect(() => insert({ user_id: s.youth.id, method: "thumbprint" })).toThrow(/CHECK/); // a method online
    expect(() => insert({ ...person, method: "fax" })).toThrow(/CHECK/);
    insert(person);
    insert({ user_id: s.youth.id });
    expect(() => db.sqlite!.prepare("UPDATE signoff_decisions SET decision = 'object', reason = 'x'").run()).toThrow(/append-only/);
    expect(() => db.sqlite!.prepare("DELETE FROM signoff_decisions").run()).toThrow(/append-only/);
  });
});
