import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase, type Db } from "../../server/db/database.js";
import { migrate, MIGRATIONS_DIR } from "../../server/db/migrate.js";
import { loadConfig } from "../../server/config.js";
import { createSqlitePersistence } from "../../server/collab/sqlite-persistence.js";
import { createDocumentCodec } from "../../server/content/document-codec.js";
import { storedContentWriter } from "../../server/content/stored-writer.js";
import { canonicalVersionOf } from "../core/canonical.js";
import { AccessDeniedError } from "./access.server.js";
import { createAccount } from "./accounts.server.js";
import type { Services } from "./context.server.js";
import { createDocument } from "./documents.server.js";
import { DomainEventBus } from "./events.server.js";
import { acceptInvitation, createInvitation } from "./invitations.server.js";
import { createProcess } from "./processes.server.js";
import {
  amendDocument,
  decide,
  listRounds,
  NO_COLLAB_LOCK,
  openRound,
  recordInPerson,
  reopenRound,
  storedVersion,
  type BlockingFinding,
} from "./signoff.server.js";

// The sign-off domain over a real (in-memory) SQLite database: rule, hashes, triggers, seams.
// The real configuration loader, as the server builds it (safe defaults + these variables).
const config = loadConfig({ HOST: "127.0.0.1", DATABASE_PATH: ":memory:", OPEN_SIGNUP: "true", NODE_ENV: "test" });

let db: Db;
let services: Services;
let findings: BlockingFinding[];
let frozen: string[];
let changed: string[];

type U = { id: string; isAdmin: boolean };
async function user(name: string): Promise<U> {
  const a = await createAccount(db, config, { email: `${name}@example.org`, displayName: name, password: "a long enough password", preferredLanguage: "en" }, "self");
  return { id: a.id, isAdmin: a.isAdmin };
}

beforeEach(() => {
  db = openDatabase(":memory:");
  migrate(db, MIGRATIONS_DIR);
  const events = new DomainEventBus();
  findings = [];
  frozen = [];
  changed = [];
  events.on("document.changed", ({ documentId }) => changed.push(documentId));
  services = {
    db,
    config,
    events,
    documentContent: createSqlitePersistence(db),
    content: createDocumentCodec(),
    signoffChecks: { blockingFindings: async () => findings },
    collabLock: { freeze: async (id) => void frozen.push(id) },
    collabWrite: storedContentWriter(createSqlitePersistence(db)),
  };
});
afterEach(() => db.close());

const cat = (pid: string, key: string) => (db.prepare("SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = ?").get(pid, key) as { id: string }).id;

async function setup() {
  const fac = await user("fac");
  const pid = (() => {
    const r = createProcess(services, fac, { title: "Ber", locality: "Ber", languages: ["fr", "en"] });
    if (!r.ok) throw new Error("process");
    return r.value.id;
  })();
  const join = async (name: string, role: string, key?: string) => {
    const u = await user(name);
    const inv = createInvitation(services, fac, pid, key ? { role, categoryId: cat(pid, key), affiliation: "Ber" } : { role });
    if (!inv.ok) throw new Error(JSON.stringify(inv.errors));
    expect(acceptInvitation(services, u, inv.value.token).ok).toBe(true);
    return u;
  };
  const youth = await join("youth", "representative", "youth");
  const women = await join("women", "representative", "women");
  const women2 = await join("women2", "representative", "women");
  const mediator = await join("med", "mediator");
  const doc = createDocument(services, fac, pid, { kind: "roadmap", title: "Feuille de route" });
  if (!doc.ok) throw new Error("doc");
  const id = doc.value.id;
  writeText(id, "Cessation des hostilités.");
  return { fac, pid, youth, women, women2, mediator, id, YOUTH: cat(pid, "youth"), WOMEN: cat(pid, "women") };
}

let seq = 100;
function writeText(documentId: string, text: string) {
  const d = new Y.Doc();
  for (const u of (db.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all(documentId) as { update_blob: Buffer }[]))
    Y.applyUpdate(d, u.update_blob);
  const before = Y.encodeStateVector(d);
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  d.getXmlFragment("default").push([p]);
  db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, NULL, ?)").run(
    documentId,
    ++seq,
    Buffer.from(Y.encodeStateAsUpdate(d, before)),
    Date.now(),
  );
}

describe("sign-off domain", () => {
  it("always requires the template's default categories: the facilitator may add, never drop", async () => {
    const s = await setup();
    const doc = createDocument(services, s.fac, s.pid, { kind: "roadmap", title: "Feuille de route Anefis", template: "roadmap-anefis" });
    if (!doc.ok) throw new Error(JSON.stringify(doc.errors));
    const r = await openRound(services, s.fac, s.pid, doc.value.id, { categoryIds: [s.YOUTH, cat(s.pid, "displaced_people")] });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const required = db
      .prepare("SELECT c.key, rc.source FROM signoff_round_categories rc JOIN stakeholder_categories c ON c.id = rc.category_id JOIN signoff_rounds r ON r.id = rc.round_id WHERE r.document_id = ? ORDER BY c.key")
      .all(doc.value.id) as { key: string; source: string }[];
    const template = ["armed_movements", "customary_authorities", "local_administration", "religious_leaders", "women", "youth"];
    expect(required.filter((c) => c.source === "template").map((c) => c.key).sort()).toEqual(template);
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
    expect(db.prepare("SELECT status FROM documents WHERE id = ?").get(s.id)).toEqual({ status: "drafting" });
    expect(listRounds(db, s.id)).toHaveLength(0);
  });

  it("snapshots the stored state, locks storage, applies the rule, refuses stale hashes and other categories, adopts", async () => {
    const s = await setup();
    const opened = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH, s.WOMEN] });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    expect(frozen).toEqual([s.id]);
    expect(changed).toContain(s.id);
    const hash = opened.value.versionHash;
    expect(hash).toBe(storedVersion(db, s.id).hash);
    // Storage refuses any collab update while in sign-off.
    expect(() => writeText(s.id, "forged")).toThrow(/locked/);
    // Nobody else decides; nobody decides for another category; mediators never.
    expect(() => decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash, categoryId: s.WOMEN })).toThrow(AccessDeniedError);
    expect(() => decide(services, s.mediator, s.pid, s.id, { decision: "approve", versionHash: hash })).toThrow(AccessDeniedError);
    expect(() => decide(services, s.fac, s.pid, s.id, { decision: "approve", versionHash: hash })).toThrow(AccessDeniedError);
    // Stale or forged hash refused.
    const stale = decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: "0".repeat(64) });
    expect(stale).toMatchObject({ ok: false, errors: { form: "signoff.errors.staleVersion" } });
    // Objection needs a reason.
    expect(decide(services, s.women, s.pid, s.id, { decision: "object", versionHash: hash })).toMatchObject({ ok: false, errors: { reason: "signoff.errors.reasonRequired" } });
    // women2 objects first: women is not satisfied even once another woman approves.
    expect(decide(services, s.women2, s.pid, s.id, { decision: "object", reason: "Article 3 oublie les déplacées", versionHash: hash })).toEqual({
      ok: true,
      value: { adopted: false },
    });
    expect(decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: hash })).toEqual({ ok: true, value: { adopted: false } });
    expect(decide(services, s.women, s.pid, s.id, { decision: "approve", versionHash: hash })).toEqual({ ok: true, value: { adopted: false } });
    expect(listRounds(db, s.id)[0]!.categories.map((c) => c.state)).toEqual(["youth", "women"].map((k) => (k === "youth" ? "approved" : "objected")));
    // The objection is withdrawn in person, recorded by the facilitator with a witness → adopted.
    const rec = recordInPerson(services, s.fac, s.pid, s.id, { memberUserId: s.women2.id, decision: "approve", witness: "Imam Touré", versionHash: hash });
    expect(rec).toEqual({ ok: true, value: { adopted: true } });
    const [round] = listRounds(db, s.id);
    expect(round!.status).toBe("adopted");
    expect(round!.decisions.filter((d) => d.recordedByName === "fac")).toHaveLength(1);
    expect(round!.decisions.find((d) => d.recordedByName)!.witness).toBe("Imam Touré");
    // Adopted: immutable everywhere.
    expect(() => writeText(s.id, "after adoption")).toThrow(/locked/);
    expect(() => db.prepare("UPDATE documents SET title = 'x' WHERE id = ?").run(s.id)).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE signoff_rounds SET status = 'reopened', close_reason = 'x' WHERE document_id = ?").run(s.id)).toThrow(/immutable/);
    expect(() => db.prepare("DELETE FROM signoff_decisions").run()).toThrow(/append-only/);
    expect(() => reopenRound(services, s.fac, s.pid, s.id, { reason: "x" })).toThrow(AccessDeniedError);
    const audit = db.prepare("SELECT action FROM audit_events WHERE target_id = ? ORDER BY id").all(s.id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(["document.created", "signoff.opened", "signoff.decided", "signoff.decided", "signoff.decided", "signoff.recorded", "signoff.adopted"]);
  });

  it("reopen keeps decisions with their round; they count for nothing in the next round; amend copies the adopted text", async () => {
    const s = await setup();
    const r1 = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    if (!r1.ok) throw new Error("open");
    expect(decide(services, s.youth, s.pid, s.id, { decision: "object", reason: "pas de jeunes", versionHash: r1.value.versionHash }).ok).toBe(true);
    expect(reopenRound(services, s.fac, s.pid, s.id, { reason: "" })).toMatchObject({ ok: false, errors: { reason: "signoff.errors.reopenReasonRequired" } });
    expect(reopenRound(services, s.fac, s.pid, s.id, { reason: "Ajouter les jeunes" }).ok).toBe(true);
    // After reopen: deciding is refused (drafting), the text can change again.
    expect(decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: r1.value.versionHash })).toMatchObject({ ok: false, errors: { form: "signoff.errors.noOpenRound" } });
    writeText(s.id, "Comité des jeunes.");
    const r2 = await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] });
    if (!r2.ok) throw new Error("open 2");
    expect(r2.value.versionHash).not.toBe(r1.value.versionHash);
    // The old hash is refused in the new round; the new round starts with no decision.
    expect(decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: r1.value.versionHash })).toMatchObject({ ok: false });
    const [second, first] = listRounds(db, s.id);
    expect(second!.decisions).toHaveLength(0);
    expect(second!.categories[0]!.state).toBe("pending");
    expect(first!.status).toBe("reopened");
    expect(first!.closeReason).toBe("Ajouter les jeunes");
    expect(first!.decisions[0]!.versionHash).toBe(r1.value.versionHash);
    expect(decide(services, s.youth, s.pid, s.id, { decision: "approve", versionHash: r2.value.versionHash })).toEqual({ ok: true, value: { adopted: true } });

    const before = db.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number").all(s.id);
    const storedBefore = db.prepare("SELECT * FROM collab_updates WHERE document_id = ? ORDER BY seq").all(s.id);
    const amended = amendDocument(services, s.fac, s.pid, s.id);
    if (!amended.ok) throw new Error("amend");
    expect(amendDocument(services, s.fac, s.pid, s.id)).toMatchObject({ ok: false, errors: { form: "signoff.errors.alreadyAmended" } });
    expect(db.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number").all(s.id)).toEqual(before);
    expect(db.prepare("SELECT * FROM collab_updates WHERE document_id = ? ORDER BY seq").all(s.id)).toEqual(storedBefore);
    expect(storedVersion(db, amended.value.id).hash).toBe(r2.value.versionHash);
    expect(db.prepare("SELECT status, revision, revision_of FROM documents WHERE id = ?").get(amended.value.id)).toEqual({
      status: "drafting",
      revision: 2,
      revision_of: s.id,
    });
    writeText(amended.value.id, "Amendement.");
    expect(storedVersion(db, amended.value.id).hash).not.toBe(r2.value.versionHash);
    expect(canonicalVersionOf([(before[1] as { snapshot: Buffer }).snapshot]).hash).toBe(r2.value.versionHash);
  });

  it("requires at least one category and refuses categories of another process; only facilitators open", async () => {
    const s = await setup();
    expect(await openRound(services, s.fac, s.pid, s.id, {})).toMatchObject({ ok: false, errors: { categoryIds: "signoff.errors.noCategories" } });
    expect(await openRound(services, s.fac, s.pid, s.id, { categoryIds: ["nope"] })).toMatchObject({ ok: false, errors: { categoryIds: "signoff.errors.categoryUnknown" } });
    await expect(openRound(services, s.mediator, s.pid, s.id, { categoryIds: [s.YOUTH] })).rejects.toThrow(AccessDeniedError);
    expect(db.prepare("SELECT status FROM documents WHERE id = ?").get(s.id)).toEqual({ status: "drafting" });
  });
});
