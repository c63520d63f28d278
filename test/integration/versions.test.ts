// Version history against the real app: real sessions and policy, real y-websocket clients in Node,
// the real collab server (group commit, compaction), the real SQLite file read directly and through
// the domain's own readers. Saving and restoring go through the document page's intents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { canonicalVersionOf, versionHashOf } from "../../app/core/canonical.js";
import { createI18n } from "../../app/core/i18n/index.js";
import { actorFor, getMembership } from "../../app/domain/access.server.js";
import { getDocument } from "../../app/domain/documents.server.js";
import { listVersions, readVersion } from "../../app/domain/versions/store.server.js";
import type { Sql } from "../../app/storage/sql.server.js";
import { connectClient, savedCovers, waitFor, type TestClient } from "../support/collab.js";
import { addToDraft, writeValidDraft } from "../support/documents.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import {
  auditCount,
  categoryId,
  createInvitationViaForm,
  createProcessViaForm,
  joinWithNewAccount,
  openSql,
  query,
  shareDocument,
  userId,
} from "../support/processes.js";
import { startServer, type TestServer } from "../support/server.js";
import { onPostgres } from "../support/test-database.js";

type Role = "mediator" | "analyst" | "representative" | "observer";

/** One server and a process with a member of every role. */
interface World {
  server: TestServer;
  processId: string;
  facilitator: HttpClient;
  facilitatorEmail: string;
  members: Record<Role, { client: HttpClient; email: string }>;
}

async function world(env: Record<string, string>): Promise<World> {
  const server = await startServer({ env: { OPEN_SIGNUP: "true", ...env } });
  const facilitator = new HttpClient(server.url);
  const account = uniqueAccount("facilitator");
  await signUp(facilitator, account);
  const processId = await createProcessViaForm(facilitator, { title: "Dialogue de Ber" });
  const youth = categoryId(server.dbPath, processId, "youth");
  const members = {} as World["members"];
  for (const role of ["mediator", "analyst", "representative", "observer"] as const) {
    const extra = role === "representative" ? { categoryId: youth, affiliation: "Jeunes de Ber" } : {};
    const joined = await joinWithNewAccount(server.url, await createInvitationViaForm(facilitator, processId, { role, ...extra }), uniqueAccount(role));
    members[role] = { client: joined.client, email: joined.account.email };
  }
  return { server, processId, facilitator, facilitatorEmail: account.email, members };
}

const page = (w: World, documentId: string) => `/processes/${w.processId}/documents/${documentId}`;

async function newDocument(w: World, title: string): Promise<string> {
  const res = await w.facilitator.post(`/processes/${w.processId}/documents/new`, { kind: "roadmap", title });
  expect(res.status).toBe(302);
  return /documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
}

interface IntentAnswer {
  status: number;
  body: { ok?: boolean; errors?: Record<string, string>; version?: string; keptAs?: string | null; text?: string };
}

/** The versions page action's own answer (JSON), as a script in the page receives it (Remix's data request). */
const VERSIONS_ROUTE = "routes/processes.$processId.documents.$documentId_.versions";

async function intent(w: World, client: HttpClient, documentId: string, fields: Record<string, string>): Promise<IntentAnswer> {
  const res = await client.post(`${page(w, documentId)}/versions?_data=${encodeURIComponent(VERSIONS_ROUTE)}`, fields);
  // A document the member may not read answers the plain 404 of any unknown page, not JSON.
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : { text: await res.text() };
  return { status: res.status, body: body as IntentAnswer["body"] };
}

interface VersionRow {
  id: string;
  kind: "named" | "auto";
  name: string | null;
  state: Buffer;
  canonical: string;
  version_hash: string;
  created_by: string | null;
}

const versionRows = (w: World, documentId: string) =>
  query<VersionRow>(w.server.dbPath, `SELECT * FROM document_versions WHERE document_id = ? ORDER BY created_at, ${onPostgres ? "ctid" : "rowid"}`, documentId);

/** What SQLite holds for a document's text (snapshot + log, as the server loads it), as a Y.Doc. */
function storedDoc(w: World, documentId: string): Y.Doc {
  const snapshot = query<{ state_blob: Buffer; upto_seq: number }>(w.server.dbPath, "SELECT * FROM collab_snapshots WHERE document_id = ?", documentId)[0];
  const rows = query<{ update_blob: Buffer }>(
    w.server.dbPath,
    "SELECT update_blob FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq",
    documentId,
    snapshot?.upto_seq ?? 0,
  );
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot.state_blob);
  for (const r of rows) Y.applyUpdate(doc, r.update_blob);
  return doc;
}

const hashOf = (doc: Y.Doc) => canonicalVersionOf([Y.encodeStateAsUpdate(doc)]).hash;
const storedHash = (w: World, documentId: string) => hashOf(storedDoc(w, documentId));

/** The texts of a canonical JSON's top-level paragraphs, and its other blocks (items) as canonical JSON. */
function blocksOf(canonical: string): { paragraphs: string[]; others: string[] } {
  const tree = JSON.parse(canonical) as { content?: { type: string; content?: { text?: string }[] }[] };
  const blocks = tree.content ?? [];
  return {
    paragraphs: blocks.filter((b) => b.type === "paragraph").map((b) => (b.content ?? []).map((t) => t.text ?? "").join("")),
    others: blocks.filter((b) => b.type !== "paragraph").map((b) => JSON.stringify(b)),
  };
}

function paragraph(text: string) {
  return { type: "paragraph", content: [{ type: "text", text }] };
}

/**
 * Types `letter` into the document's paragraphs every few tens of milliseconds (a person typing),
 * until stopped; counts the letters typed while `counting()` holds.
 */
function typeSteadily(client: TestClient, letter: string, counting: () => boolean): { stop(): void; counted(): number } {
  let typing = true;
  let counted = 0;
  const tick = () => {
    if (!typing) return;
    if (counting()) counted++;
    client.text.insert(Math.floor(Math.random() * (client.text.length + 1)), letter);
    setTimeout(tick, 15 + Math.random() * 15);
  };
  tick();
  return {
    stop: () => {
      typing = false;
    },
    counted: () => counted,
  };
}

/** The member as the policy sees them, from the database, for the domain's readers. */
async function readerOf(db: Sql, processId: string, email: string) {
  const id = (await db.get<{ id: string }>("SELECT id FROM users WHERE email = ?", email))!.id;
  const membership = (await getMembership(db, processId, id))!;
  return { actor: actorFor({ id, isAdmin: false }, membership), archived: membership.archived };
}

describe("versions on the live app", () => {
  let w: World;
  const sockets: TestClient[] = [];
  const connect = (client: HttpClient, documentId: string) => {
    const c = connectClient(w.server.url.replace(/^http/, "ws") + "/collab", documentId, {
      headers: { cookie: client.cookieHeader() },
      origin: w.server.url,
      schema: true,
    });
    sockets.push(c);
    return c;
  };

  beforeAll(async () => {
    // Compaction after 20 stored updates, so a test passes it many times over; automatic versions
    // at the default (10 minutes): none appears in these tests but the one a restore takes.
    w = await world({ COLLAB_COMPACT_EVERY: "20" });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await w?.server.stop();
  });

  it("a drafter saves a named version of the stored text, audited; nobody else can; an invalid name is refused with its message and nothing is stored", async () => {
    const id = await newDocument(w, "Feuille de route de Ber");
    await writeValidDraft(w.server.url, w.facilitator, id, "roadmap");
    await shareDocument(w.facilitator, w.processId, id);

    const saved = await intent(w, w.members.mediator.client, id, { intent: "saveVersion", name: "  Avant la réunion du comité  " });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ ok: true, version: expect.stringMatching(/^v-[0-9a-f-]{36}$/) });
    const [row] = versionRows(w, id);
    expect(row).toMatchObject({ kind: "named", name: "Avant la réunion du comité", created_by: userId(w.server.dbPath, w.members.mediator.email) });
    expect(`v-${row!.id}`).toBe(saved.body.version);
    // The stored text at that moment, self-contained, and the hash of its canonical content.
    expect(row!.version_hash).toBe(storedHash(w, id));
    expect(versionHashOf(row!.canonical)).toBe(row!.version_hash);
    expect(canonicalVersionOf([new Uint8Array(row!.state)]).canonical).toBe(row!.canonical);
    const audit = query<{ actor_user_id: string; details: string }>(
      w.server.dbPath,
      "SELECT actor_user_id, details FROM audit_events WHERE action = 'document.version.saved' AND target_id = ?",
      id,
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      version: saved.body.version,
      versionName: "Avant la réunion du comité",
      versionHash: row!.version_hash,
    });

    // The analyst reads the text but does not draft; representatives and observers neither.
    for (const role of ["analyst", "representative", "observer"] as const) {
      expect((await intent(w, w.members[role].client, id, { intent: "saveVersion", name: "Essai" })).status, role).toBe(403);
      expect((await intent(w, w.members[role].client, id, { intent: "restoreVersion", version: saved.body.version! })).status, role).toBe(403);
    }
    // A team draft does not exist for the parties: 404, as an unknown id.
    const teamDraft = await newDocument(w, "Brouillon interne");
    for (const role of ["representative", "observer"] as const) {
      expect((await intent(w, w.members[role].client, teamDraft, { intent: "saveVersion", name: "Essai" })).status, role).toBe(404);
    }
    expect((await intent(w, w.members.analyst.client, teamDraft, { intent: "saveVersion", name: "Essai" })).status).toBe(403);

    const en = createI18n("en").t;
    for (const [name, key] of [
      ["   ", "versions.errors.nameRequired"],
      ["\u200B\u200B", "versions.errors.nameRequired"],
      ["x".repeat(121), "versions.errors.nameTooLong"],
    ] as const) {
      const refused = await intent(w, w.facilitator, id, { intent: "saveVersion", name });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ ok: false, errors: { name: key } });
      expect(en(key)).not.toBe(key);
    }
    expect(en("versions.errors.nameTooLong")).toBe("The name can have at most 120 characters.");
    expect(versionRows(w, id)).toHaveLength(1);
    expect(auditCount(w.server.dbPath, "document.version.saved")).toBe(1);
  });

  it("a restore is a live change: two editors open, one typing; both converge on the restored text plus what was typed after it; the replaced text is kept; audited", async () => {
    const id = await newDocument(w, "Feuille de route à restaurer");
    await writeValidDraft(w.server.url, w.facilitator, id, "roadmap");
    const named = await intent(w, w.facilitator, id, { intent: "saveVersion", name: "Deux points" });
    expect(named.status).toBe(200);
    const target = versionRows(w, id)[0]!;
    // A paragraph the restore takes away.
    await addToDraft(w.server.url, w.facilitator, id, { type: "doc", content: [paragraph("Texte à remplacer")] });

    // The items the version and the current text share, as Yjs identities (what annotations anchor to).
    const itemIds = (doc: Y.Doc) =>
      doc
        .getXmlFragment("default")
        .toArray()
        .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName.endsWith("Item"))
        .map((n) => JSON.stringify(n._item!.id));
    const itemsBefore = itemIds(storedDoc(w, id));
    expect(itemsBefore).toHaveLength(2);
    const typist = connect(w.members.mediator.client, id);
    const watcher = connect(w.facilitator, id);
    await waitFor(() => typist.provider.synced && watcher.provider.synced, 10_000, "both synced");
    await waitFor(() => typist.text.toString().includes("Texte à remplacer"), 5_000, "the typist sees the paragraph");
    // Letters typed once the typist's editor shows the restored text must all survive.
    // (The q's typed into the old paragraph split its words: they are left out when looking for it.)
    const replacedGone = (c: TestClient) => !c.text.toString().replaceAll("q", "").includes("Texte à remplacer");
    const typing = typeSteadily(typist, "q", () => replacedGone(typist));
    await new Promise((resolve) => setTimeout(resolve, 400));

    const restored = await intent(w, w.facilitator, id, { intent: "restoreVersion", version: named.body.version! });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ ok: true, version: named.body.version, keptAs: expect.stringMatching(/^v-/) });
    // Both editors receive it live: the paragraph is gone from their text.
    await waitFor(() => [typist, watcher].every(replacedGone), 10_000, "the restore reaches both editors");
    // The typist keeps typing on the restored text, then adds a last word.
    await new Promise((resolve) => setTimeout(resolve, 400));
    typing.stop();
    typist.text.insert(typist.text.length, "FIN");
    await waitFor(() => savedCovers(typist), 10_000, "the typist's last edit is durable");
    await waitFor(() => hashOf(watcher.doc) === hashOf(typist.doc), 10_000, "the editors converge");

    // Storage, the typist and the watcher hold the same text and the same updates.
    const stored = storedDoc(w, id);
    expect(hashOf(stored)).toBe(hashOf(typist.doc));
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(typist.doc));
    expect(Y.encodeStateVector(watcher.doc)).toEqual(Y.encodeStateVector(typist.doc));
    // The restore changed only what differs: the items both texts have are the same Yjs items.
    expect(itemIds(stored)).toEqual(itemsBefore);
    // The restored version's items, unchanged; around them only what the typist typed after the restore.
    const now = blocksOf(canonicalVersionOf([Y.encodeStateAsUpdate(stored)]).canonical);
    expect(now.others).toEqual(blocksOf(target.canonical).others);
    expect(blocksOf(target.canonical).paragraphs).toEqual([]);
    // Every letter typed after the restore survived (the typist kept typing for 400 ms); those typed
    // into the paragraph the restore removed went with it.
    expect(typing.counted()).toBeGreaterThan(5);
    expect(now.paragraphs.join("")).toBe(`${"q".repeat(typing.counted())}FIN`);

    // The replaced text (the paragraph, with what was typed into it before) is an automatic version.
    const kept = versionRows(w, id).find((v) => `v-${v.id}` === restored.body.keptAs)!;
    expect(kept).toMatchObject({ kind: "auto", name: null, created_by: null });
    expect(blocksOf(kept.canonical).paragraphs.join("").replaceAll("q", "")).toBe("Texte à remplacer");
    const audit = query<{ actor_user_id: string; details: string }>(
      w.server.dbPath,
      "SELECT actor_user_id, details FROM audit_events WHERE action = 'document.version.restored' AND target_id = ?",
      id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBe(userId(w.server.dbPath, w.facilitatorEmail));
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ version: named.body.version, versionHash: target.version_hash, keptAs: restored.body.keptAs });
    expect(auditCount(w.server.dbPath, "document.version.auto")).toBeGreaterThanOrEqual(1);
    // Every open page was told to reload its data (its version list among it).
    expect(watcher.changed).toBeGreaterThan(0);
    expect(w.server.logs.filter((l) => /uncaught|unhandled/.test(l))).toEqual([]);
  });

  it("a representative's list has only the rounds' versions; the team's has every one; nothing is saved or restored while frozen", async () => {
    const id = await newDocument(w, "Feuille de route partagée");
    await writeValidDraft(w.server.url, w.facilitator, id, "roadmap");
    await shareDocument(w.facilitator, w.processId, id);
    const named = await intent(w, w.facilitator, id, { intent: "saveVersion", name: "Version de travail" });
    expect(named.status).toBe(200);
    await addToDraft(w.server.url, w.facilitator, id, { type: "doc", content: [paragraph("Préambule")] });
    const opened = await w.facilitator.post(page(w, id), { intent: "open", categoryIds: categoryId(w.server.dbPath, w.processId, "youth") });
    expect(opened.status, await opened.clone().text()).toBe(200);

    const db = openSql(w.server.dbPath);
    try {
      const document = (await getDocument(db, id))!;
      for (const role of ["representative", "observer"] as const) {
        const list = await listVersions(db, await readerOf(db, w.processId, w.members[role].email), document);
        expect(
          list.map((v) => [v.key, v.kind]),
          role,
        ).toEqual([["round-1", "round"]]);
      }
      const team = await listVersions(db, await readerOf(db, w.processId, w.members.analyst.email), document);
      expect(team.map((v) => v.key)).toEqual(["round-1", named.body.version]);
      expect(team[0]).toMatchObject({ hash: storedHash(w, id), round: 1 });
      const round = (await readVersion(db, document, "round-1"))!;
      expect(blocksOf(round.canonical).paragraphs).toEqual(["Préambule"]);
    } finally {
      await db.close();
    }
    // Frozen for sign-off: the drafters are told why, and nothing is stored.
    for (const [fields, client] of [
      [{ intent: "saveVersion", name: "Pendant la validation" }, w.members.mediator.client],
      [{ intent: "restoreVersion", version: named.body.version! }, w.facilitator],
    ] as const) {
      const refused = await intent(w, client, id, fields);
      expect(refused.status).toBe(409);
      expect(refused.body.errors).toEqual({ form: "versions.errors.notDrafting" });
    }
    expect(versionRows(w, id)).toHaveLength(1);
  });

  it("versions outlive the compaction of the update log and a restart: their state and canonical JSON read back and hash to their stored hash", async () => {
    const id = await newDocument(w, "Feuille de route compactée");
    await writeValidDraft(w.server.url, w.facilitator, id, "roadmap");
    const named = await intent(w, w.facilitator, id, { intent: "saveVersion", name: "Avant la compaction" });
    expect(named.status).toBe(200);
    const before = versionRows(w, id)[0]!;
    const seqAtSave = query<{ seq: number }>(w.server.dbPath, "SELECT MAX(seq) AS seq FROM collab_updates WHERE document_id = ?", id)[0]!.seq;

    // 60 stored updates: the log is compacted three times over (COLLAB_COMPACT_EVERY=20).
    const editor = connect(w.members.mediator.client, id);
    await waitFor(() => editor.provider.synced, 10_000, "synced");
    for (let i = 0; i < 60; i++) {
      editor.text.insert(editor.text.length, i % 10 === 9 ? " " : "m");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => savedCovers(editor), 10_000, "typing durable");
    await waitFor(
      () =>
        (query<{ upto_seq: number }>(w.server.dbPath, "SELECT upto_seq FROM collab_snapshots WHERE document_id = ?", id)[0]?.upto_seq ?? 0) > seqAtSave + 20,
      10_000,
      "the log compacted",
    );
    // The rows the version was taken from are gone from the log.
    expect(query<{ n: number }>(w.server.dbPath, "SELECT COUNT(*) AS n FROM collab_updates WHERE document_id = ? AND seq <= ?", id, seqAtSave)[0]!.n).toBe(0);
    editor.destroy();

    const check = async (server: TestServer) => {
      const db = openSql(server.dbPath);
      try {
        const version = (await readVersion(db, { id }, named.body.version!))!;
        expect(version.summary).toMatchObject({ kind: "named", name: "Avant la compaction", hash: before.version_hash });
        expect(version.canonical).toBe(before.canonical);
        expect(versionHashOf(version.canonical)).toBe(before.version_hash);
        expect(canonicalVersionOf([version.state]).hash).toBe(before.version_hash);
      } finally {
        await db.close();
      }
    };
    await check(w.server);

    // A restart on the same file: the version still reads back, and restores.
    const cookies = new Map(w.facilitator.cookies);
    await w.server.stop();
    w.server = await startServer({ dbPath: w.server.dbPath, env: { OPEN_SIGNUP: "true", COLLAB_COMPACT_EVERY: "20" } });
    const facilitator = new HttpClient(w.server.url);
    for (const [k, v] of cookies) facilitator.cookies.set(k, v);
    w.facilitator = facilitator;
    await check(w.server);
    const restored = await intent(w, facilitator, id, { intent: "restoreVersion", version: named.body.version! });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(storedHash(w, id)).toBe(before.version_hash);
  });
});

describe("automatic versions when editing goes quiet", () => {
  let w: World;
  const sockets: TestClient[] = [];
  const QUIET = 300;

  beforeAll(async () => {
    w = await world({ AUTO_VERSION_QUIET_MS: String(QUIET) });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await w?.server.stop();
  });

  const autoVersions = (id: string) => versionRows(w, id).filter((v) => v.kind === "auto");
  const settle = () => new Promise((resolve) => setTimeout(resolve, QUIET * 4));

  it("one per quiet session; none without an edit; none when the text is already the latest version", async () => {
    const id = await newDocument(w, "Feuille de route vivante");
    const editor = connectClient(w.server.url.replace(/^http/, "ws") + "/collab", id, {
      headers: { cookie: w.members.mediator.client.cookieHeader() },
      origin: w.server.url,
      schema: true,
    });
    sockets.push(editor);
    await waitFor(() => editor.provider.synced, 10_000, "synced");

    // A session: several stored edits, each well within the quiet time of the one before.
    for (const word of ["Cessez ", "le ", "feu ", "à ", "Ber."]) {
      editor.text.insert(editor.text.length, word);
      await new Promise((resolve) => setTimeout(resolve, QUIET / 5));
    }
    await waitFor(() => savedCovers(editor), 10_000, "durable");
    await waitFor(() => autoVersions(id).length > 0, 10_000, "an automatic version");
    await settle();
    const [first, ...more] = autoVersions(id);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ name: null, created_by: null, version_hash: storedHash(w, id) });
    expect(blocksOf(first!.canonical).paragraphs).toEqual(["Cessez le feu à Ber."]);

    // Quiet, no edit: nothing more.
    await settle();
    expect(autoVersions(id)).toHaveLength(1);

    // An edit undone within the session: the text is the latest version again, so no version.
    editor.text.insert(0, "Non. ");
    await new Promise((resolve) => setTimeout(resolve, QUIET / 5));
    editor.text.delete(0, "Non. ".length);
    await waitFor(() => savedCovers(editor), 10_000, "durable");
    await settle();
    expect(autoVersions(id)).toHaveLength(1);

    // A drafter names the text (the same text: the named version is now the latest); an edit
    // undone within the session brings the text back to it: none either.
    expect((await intent(w, w.facilitator, id, { intent: "saveVersion", name: "Cessez-le-feu" })).status).toBe(200);
    editor.text.insert(editor.text.length, " Oui.");
    await new Promise((resolve) => setTimeout(resolve, QUIET / 5));
    editor.text.delete(editor.text.length - " Oui.".length, " Oui.".length);
    await waitFor(() => savedCovers(editor), 10_000, "durable");
    await settle();
    expect(autoVersions(id)).toHaveLength(1);

    // A new session that changes the text: one more.
    editor.text.insert(editor.text.length, " Oui.");
    await waitFor(() => savedCovers(editor), 10_000, "durable");
    await waitFor(() => autoVersions(id).length > 1, 10_000, "a second automatic version");
    await settle();
    expect(autoVersions(id)).toHaveLength(2);
    expect(blocksOf(autoVersions(id)[1]!.canonical).paragraphs).toEqual(["Cessez le feu à Ber. Oui."]);

    const audit = query<{ actor_user_id: string | null; target_id: string }>(
      w.server.dbPath,
      "SELECT actor_user_id, target_id FROM audit_events WHERE action = 'document.version.auto'",
    );
    expect(audit.filter((a) => a.target_id === id)).toHaveLength(2);
    expect(audit.every((a) => a.actor_user_id === null)).toBe(true);
    expect(w.server.logs.some((l) => l.includes("automatic version kept"))).toBe(true);
    expect(w.server.logs.filter((l) => l.includes("automatic version failed"))).toEqual([]);
  });
});
