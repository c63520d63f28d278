// Version history over a real (in-memory) SQLite database: the rules of saving, automatic versions
// and restoring, the reader's list, and what the storage itself refuses. The live side (two
// editors, the collab server, restarts) is in test/integration/versions.test.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Db } from "../../storage/database.server.js";
import type { QueryLayer } from "../../storage/sql.server.js";
import { domainServices, migratedSql, testAccount } from "../../../test/support/domain.js";
import { canonicalVersionOf, versionHashOf } from "../../core/canonical.js";
import { actorFor, getMembership, type UserRef } from "../access.server.js";
import type { Services } from "../context.server.js";
import { createDocument, getDocument, setDocumentVisibility } from "../documents.server.js";
import { DomainEventBus } from "../events.server.js";
import { acceptInvitation, createInvitation } from "../invitations.server.js";
import { createProcess, setProcessArchived } from "../processes.server.js";
import { openRound, reopenRound } from "../signoff.server.js";
import { readStoredState } from "../../storage/collab-store.server.js";
import { listVersions, readVersion, readVersionFor, restoreVersion, saveNamedVersion, takeAutoVersion } from "./store.server.js";

let sql: QueryLayer;
/** The raw handle under `sql`, for writing and checking the stored rows directly. */
let db: Db;
let services: Services;
let changed: string[];

async function user(name: string): Promise<UserRef> {
  const a = await testAccount(sql, name);
  return { id: a.id, isAdmin: a.isAdmin };
}

beforeEach(() => {
  sql = migratedSql();
  db = sql.sqlite!;
  const events = new DomainEventBus();
  changed = [];
  events.on("document.changed", ({ documentId }) => changed.push(documentId));
  services = domainServices(sql, { events, signoffChecks: { blockingFindings: async () => [] }, collabLock: { freeze: async () => undefined } });
});
afterEach(() => sql.close());

const cat = (pid: string, key: string) =>
  (db.prepare("SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = ?").get(pid, key) as { id: string }).id;

async function setup() {
  const fac = await user("fac");
  const created = await createProcess(services, fac, { title: "Ber", locality: "Ber", languages: ["fr", "en"] });
  if (!created.ok) throw new Error("process");
  const pid = created.value.id;
  const join = async (name: string, role: string, key?: string) => {
    const u = await user(name);
    const inv = await createInvitation(services, fac, pid, key ? { role, categoryId: cat(pid, key), affiliation: "Ber" } : { role });
    if (!inv.ok) throw new Error(JSON.stringify(inv.errors));
    expect((await acceptInvitation(services, u, inv.value.token)).ok).toBe(true);
    return u;
  };
  const rep = await join("youth", "representative", "youth");
  const mediator = await join("med", "mediator");
  const analyst = await join("analyst", "analyst");
  const observer = await join("observer", "observer");
  const doc = await createDocument(services, fac, pid, { kind: "roadmap", title: "Feuille de route" });
  if (!doc.ok) throw new Error("doc");
  const id = doc.value.id;
  await setDocumentVisibility(services, fac, pid, id, { visibility: "shared" });
  await writeText(id, "Cessation des hostilités.");
  return { fac, pid, rep, mediator, analyst, observer, id, YOUTH: cat(pid, "youth") };
}

/** Appends a paragraph to the stored text, as the collab server would store someone's edit. */
async function writeText(documentId: string, text: string) {
  const d = new Y.Doc();
  const stored = await readStoredState(sql, documentId);
  for (const u of stored.updates) Y.applyUpdate(d, u);
  const before = Y.encodeStateVector(d);
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  d.getXmlFragment("default").push([p]);
  db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, NULL, ?)").run(
    documentId,
    stored.seq + 1,
    Buffer.from(Y.encodeStateAsUpdate(d, before)),
    Date.now(),
  );
}

const storedHash = async (id: string) => canonicalVersionOf((await readStoredState(sql, id)).updates).hash;
const storedText = async (id: string) => canonicalVersionOf((await readStoredState(sql, id)).updates).canonical;
const readerOf = async (u: UserRef, pid: string) => {
  const m = (await getMembership(sql, pid, u.id))!;
  return { actor: actorFor(u, m), archived: m.archived };
};
const audits = (action: string) =>
  db.prepare("SELECT actor_user_id, details FROM audit_events WHERE action = ?").all(action) as { actor_user_id: string | null; details: string }[];
const versionCount = () => (db.prepare("SELECT COUNT(*) AS n FROM document_versions").get() as { n: number }).n;

describe("saving a named version", () => {
  it("keeps the stored text, its canonical JSON and hash, under a trimmed name; audited in the same transaction", async () => {
    const s = await setup();
    const r = await saveNamedVersion(services, s.mediator, s.pid, s.id, { name: "  Avant la réunion\nde Ber  " });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.key).toMatch(/^v-[0-9a-f-]{36}$/);
    const v = (await readVersion(sql, { id: s.id }, r.value.key))!;
    expect(v.summary).toMatchObject({ kind: "named", name: "Avant la réunion de Ber", byName: "med", round: null, hash: await storedHash(s.id) });
    expect(v.canonical).toBe(await storedText(s.id));
    expect(versionHashOf(v.canonical)).toBe(v.summary.hash);
    expect(canonicalVersionOf([v.state]).hash).toBe(v.summary.hash);
    const [audit] = audits("document.version.saved");
    expect(audit!.actor_user_id).toBe(s.mediator.id);
    expect(JSON.parse(audit!.details)).toMatchObject({ version: r.value.key, versionName: "Avant la réunion de Ber", versionHash: v.summary.hash });
  });

  it("refuses a missing, blank, invisible or too long name with its message, storing nothing", async () => {
    const s = await setup();
    for (const [name, key] of [
      [undefined, "versions.errors.nameRequired"],
      ["   ", "versions.errors.nameRequired"],
      ["\u200B\u200D\uFEFF", "versions.errors.nameRequired"],
      ["é".repeat(121), "versions.errors.nameTooLong"],
    ] as const) {
      expect(await saveNamedVersion(services, s.fac, s.pid, s.id, { name })).toEqual({ ok: false, status: 400, errors: { name: key } });
    }
    // 120 characters (code points, as the table counts them) is the limit, not 120 UTF-16 units.
    expect((await saveNamedVersion(services, s.fac, s.pid, s.id, { name: "🕊".repeat(120) })).ok).toBe(true);
    expect(versionCount()).toBe(1);
    expect(audits("document.version.saved")).toHaveLength(1);
  });

  it("is for drafters while drafting: 403 for the analyst and parties, 404 where the document does not exist for them, 409 when frozen or archived", async () => {
    const s = await setup();
    // The policy's refusal is thrown (AccessDeniedError), as every domain mutation does: routes answer 403/404.
    for (const u of [s.analyst, s.rep, s.observer]) {
      await expect(saveNamedVersion(services, u, s.pid, s.id, { name: "x" })).rejects.toMatchObject({ status: 403 });
    }
    const outsider = await user("outsider");
    await expect(saveNamedVersion(services, outsider, s.pid, s.id, { name: "x" })).rejects.toMatchObject({ status: 404 });
    // A team draft does not exist for a representative: 404 before the form is even read.
    const team = await createDocument(services, s.fac, s.pid, { kind: "agenda", title: "Interne" });
    if (!team.ok) throw new Error("doc");
    await expect(saveNamedVersion(services, s.rep, s.pid, team.value.id, {})).rejects.toMatchObject({ status: 404 });
    await expect(saveNamedVersion(services, s.analyst, s.pid, team.value.id, { name: "x" })).rejects.toMatchObject({ status: 403 });
    // Frozen for sign-off: the drafter is told why.
    expect((await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] })).ok).toBe(true);
    expect(await saveNamedVersion(services, s.mediator, s.pid, s.id, { name: "x" })).toEqual({
      ok: false,
      status: 409,
      errors: { form: "versions.errors.notDrafting" },
    });
    await expect(saveNamedVersion(services, s.analyst, s.pid, s.id, { name: "x" })).rejects.toMatchObject({ status: 403 });
    expect((await reopenRound(services, s.fac, s.pid, s.id, { reason: "Encore à discuter" })).ok).toBe(true);
    expect((await setProcessArchived(services, s.fac, s.pid, true)).ok).toBe(true);
    expect(await saveNamedVersion(services, s.fac, s.pid, s.id, { name: "x" })).toEqual({
      ok: false,
      status: 409,
      errors: { form: "versions.errors.archived" },
    });
    expect(versionCount()).toBe(0);
  });
});

describe("automatic versions", () => {
  it("keep a draft's text only when it is not already the latest version of any kind", async () => {
    const s = await setup();
    const first = await takeAutoVersion(sql, s.id);
    expect(first).toMatch(/^v-/);
    // Same text: nothing new.
    expect(await takeAutoVersion(sql, s.id)).toBeNull();
    await writeText(s.id, "Retour des déplacés.");
    const second = (await takeAutoVersion(sql, s.id))!;
    expect((await readVersion(sql, { id: s.id }, second))!.summary).toMatchObject({ kind: "auto", name: null, byName: null, hash: await storedHash(s.id) });
    // A named version of the same text is the latest: no automatic one.
    await writeText(s.id, "Marché hebdomadaire.");
    expect((await saveNamedVersion(services, s.fac, s.pid, s.id, { name: "Nommée" })).ok).toBe(true);
    expect(await takeAutoVersion(sql, s.id)).toBeNull();
    // A round's version of the same text is the latest too; frozen or adopted texts get none at all.
    await writeText(s.id, "Comité de suivi.");
    expect((await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] })).ok).toBe(true);
    expect(await takeAutoVersion(sql, s.id)).toBeNull();
    expect((await reopenRound(services, s.fac, s.pid, s.id, { reason: "Encore à discuter" })).ok).toBe(true);
    expect(await takeAutoVersion(sql, s.id)).toBeNull();
    const audit = audits("document.version.auto");
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actor_user_id === null)).toBe(true);
  });
});

describe("the version list", () => {
  it("gives the team every version, newest first, and everyone else only the rounds' versions", async () => {
    const s = await setup();
    const named = await saveNamedVersion(services, s.fac, s.pid, s.id, { name: "Première lecture" });
    if (!named.ok) throw new Error("save");
    await writeText(s.id, "Retour des déplacés.");
    const auto = (await takeAutoVersion(sql, s.id, Date.now() + 1))!;
    await writeText(s.id, "Comité de suivi.");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] })).ok).toBe(true);
    const document = (await getDocument(sql, s.id))!;
    const team = await listVersions(sql, await readerOf(s.analyst, s.pid), document);
    expect(team.map((v) => [v.key, v.kind])).toEqual([
      ["round-1", "round"],
      [auto, "auto"],
      [named.value.key, "named"],
    ]);
    expect(team[0]).toMatchObject({ round: 1, byName: "fac", hash: await storedHash(s.id) });
    for (const u of [s.rep, s.observer]) {
      expect((await listVersions(sql, await readerOf(u, s.pid), document)).map((v) => v.key)).toEqual(["round-1"]);
      expect(await readVersionFor(sql, await readerOf(u, s.pid), document, named.value.key)).toBeNull();
      expect((await readVersionFor(sql, await readerOf(u, s.pid), document, "round-1"))?.summary.kind).toBe("round");
    }
    // Unknown keys and another document's versions read as nothing.
    const other = await createDocument(services, s.fac, s.pid, { kind: "agenda", title: "Autre" });
    if (!other.ok) throw new Error("doc");
    for (const key of ["round-2", "v-00000000-0000-0000-0000-000000000000", "draft", "v-", "round-0"]) expect(await readVersion(sql, document, key)).toBeNull();
    expect(await readVersion(sql, { id: other.value.id }, named.value.key)).toBeNull();
    expect(await readVersion(sql, { id: other.value.id }, "round-1")).toBeNull();
    // A team draft's versions do not exist for the parties.
    const teamDoc = (await getDocument(sql, other.value.id))!;
    await takeAutoVersion(sql, teamDoc.id);
    expect(await listVersions(sql, await readerOf(s.rep, s.pid), teamDoc)).toEqual([]);
    expect(await listVersions(sql, await readerOf(s.mediator, s.pid), teamDoc)).toHaveLength(1);
  });
});

describe("restoring a version", () => {
  it("replaces the text as a new change, keeping the replaced text as an automatic version; audited; pages told", async () => {
    const s = await setup();
    const named = await saveNamedVersion(services, s.fac, s.pid, s.id, { name: "Première lecture" });
    if (!named.ok) throw new Error("save");
    const target = (await readVersion(sql, { id: s.id }, named.value.key))!;
    await writeText(s.id, "Ajout à annuler.");
    const replaced = await storedHash(s.id);
    const seqBefore = (await readStoredState(sql, s.id)).seq;
    changed = [];
    const r = await restoreVersion(services, s.mediator, s.pid, s.id, { version: named.value.key });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(await storedHash(s.id)).toBe(target.summary.hash);
    // A new change appended to the log, not a rewrite of it.
    expect((await readStoredState(sql, s.id)).seq).toBe(seqBefore + 1);
    expect((await readVersion(sql, { id: s.id }, r.value.keptAs!))!.summary).toMatchObject({ kind: "auto", hash: replaced });
    const [audit] = audits("document.version.restored");
    expect(audit!.actor_user_id).toBe(s.mediator.id);
    expect(JSON.parse(audit!.details)).toMatchObject({ version: named.value.key, versionHash: target.summary.hash, keptAs: r.value.keptAs });
    expect(changed).toEqual([s.id]);
    // The same version again: the text already is it.
    expect(await restoreVersion(services, s.fac, s.pid, s.id, { version: named.value.key })).toEqual({
      ok: false,
      status: 409,
      errors: { form: "versions.errors.alreadyCurrent" },
    });
  });

  it("restores a round's version into the draft once the round is reopened", async () => {
    const s = await setup();
    expect((await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] })).ok).toBe(true);
    const frozen = await storedHash(s.id);
    expect(await restoreVersion(services, s.fac, s.pid, s.id, { version: "round-1" })).toEqual({
      ok: false,
      status: 409,
      errors: { form: "versions.errors.notDrafting" },
    });
    expect((await reopenRound(services, s.fac, s.pid, s.id, { reason: "Encore à discuter" })).ok).toBe(true);
    await writeText(s.id, "Après la réouverture.");
    const r = await restoreVersion(services, s.fac, s.pid, s.id, { version: "round-1" });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(await storedHash(s.id)).toBe(frozen);
  });

  it("refuses others, unknown keys and a stored version that no longer matches its hash, changing nothing", async () => {
    const s = await setup();
    const named = await saveNamedVersion(services, s.fac, s.pid, s.id, { name: "Première lecture" });
    if (!named.ok) throw new Error("save");
    await writeText(s.id, "Ajout.");
    const before = await storedHash(s.id);
    for (const u of [s.analyst, s.rep, s.observer]) {
      await expect(restoreVersion(services, u, s.pid, s.id, { version: named.value.key })).rejects.toMatchObject({ status: 403 });
    }
    expect(await restoreVersion(services, s.fac, s.pid, s.id, {})).toEqual({ ok: false, status: 400, errors: { version: "versions.errors.versionRequired" } });
    expect(await restoreVersion(services, s.fac, s.pid, s.id, { version: "round-9" })).toEqual({
      ok: false,
      status: 404,
      errors: { version: "versions.errors.unknownVersion" },
    });
    // The storage refuses to change or delete a version: to simulate a damaged row, bypass the trigger.
    expect(() => db.prepare("UPDATE document_versions SET name = 'autre'").run()).toThrow(/never changes/);
    expect(() => db.prepare("DELETE FROM document_versions").run()).toThrow(/never deleted/);
    db.exec("DROP TRIGGER document_versions_no_update");
    db.prepare("UPDATE document_versions SET version_hash = ?").run("0".repeat(64));
    expect(await restoreVersion(services, s.fac, s.pid, s.id, { version: named.value.key })).toEqual({
      ok: false,
      status: 409,
      errors: { form: "versions.errors.integrity" },
    });
    expect(await storedHash(s.id)).toBe(before);
    expect(versionCount()).toBe(1);
  });
});

describe("storage", () => {
  it("refuses versions of a text that is not a draft, and rows that break the shape of a version", async () => {
    const s = await setup();
    const v = canonicalVersionOf((await readStoredState(sql, s.id)).updates);
    const insert = (kind: string, name: string | null, by: string | null, hash = v.hash) =>
      db
        .prepare(
          "INSERT INTO document_versions (id, document_id, kind, name, state, canonical, version_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(crypto.randomUUID(), s.id, kind, name, Buffer.from(v.state), v.canonical, hash, by, Date.now());
    expect(() => insert("named", null, s.fac.id)).toThrow(/CHECK/);
    expect(() => insert("auto", "nom", null)).toThrow(/CHECK/);
    expect(() => insert("auto", null, s.fac.id)).toThrow(/CHECK/);
    expect(() => insert("named", " nom", s.fac.id)).toThrow(/CHECK/);
    expect(() => insert("named", "x".repeat(121), s.fac.id)).toThrow(/CHECK/);
    expect(() => insert("named", "nom", s.fac.id, "ABC")).toThrow(/CHECK/);
    expect(() => insert("round", null, null)).toThrow(/CHECK/);
    insert("named", "nom", s.fac.id);
    expect((await openRound(services, s.fac, s.pid, s.id, { categoryIds: [s.YOUTH] })).ok).toBe(true);
    expect(() => insert("auto", null, null)).toThrow(/only a draft/);
  });
});
