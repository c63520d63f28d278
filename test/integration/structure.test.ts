// No update can break a document (issue 9, part 1), against the real app: hostile editors send
// structures the schema does not allow over a normal socket (each refused, nothing stored, honest
// people keep working), random structures too; and text stored before the check existed (planted
// here directly in SQLite) never makes a page, the findings or a round answer 500: the facilitator
// is shown what is wrong and restores the last version that reads cleanly, live for everyone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeSyncUpdate } from "../../server/collab/protocol.js";
import { createDocumentCodec } from "../../server/content/document-codec.js";
import { connectClient, paragraphText, rawClient, waitFor, type TestClient } from "../support/collab.js";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { categoryId, createInvitationViaForm, createProcessViaForm, joinWithNewAccount, shareDocument, query } from "../support/processes.js";
import { getTemplate } from "../../app/core/templates.js";
import { startServer, type TestServer } from "../support/server.js";
import { HOSTILE, MALFORMED, pick, prng } from "../support/structures.js";
import { openTestDb } from "../support/test-database.js";

let server: TestServer;
let fac: HttpClient;
let mediator: HttpClient;
let observer: HttpClient;
let processId: string;
const open: TestClient[] = [];
const codec = createDocumentCodec();

const ws = () => server.url.replace(/^http/, "ws") + "/collab";
function connect(client: HttpClient, id: string) {
  const c = connectClient(ws(), id, { headers: { cookie: client.cookieHeader() }, origin: server.url, schema: true });
  open.push(c);
  return c;
}

async function createDocument(fields: Record<string, string> = { kind: "roadmap", title: "Feuille de route" }): Promise<string> {
  const res = await fac.post(`/processes/${processId}/documents/new`, fields);
  expect(res.status, await res.clone().text()).toBe(302);
  const id = /\/documents\/([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
  await shareDocument(fac, processId, id);
  return id;
}

function rows(id: string): { seq: number; update_blob: Buffer; user_id: string | null }[] {
  return query(server.dbPath, "SELECT seq, update_blob, user_id FROM collab_updates WHERE document_id = ? ORDER BY seq", id);
}

function storedUpdates(id: string): Uint8Array[] {
  const snapshot = query<{ state_blob: Buffer; upto_seq: number }>(
    server.dbPath,
    "SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?",
    id,
  )[0];
  return [
    ...(snapshot ? [new Uint8Array(snapshot.state_blob)] : []),
    ...rows(id)
      .filter((r) => r.seq > (snapshot?.upto_seq ?? 0))
      .map((r) => new Uint8Array(r.update_blob)),
  ];
}

/** Appends a row to a document's stored log, as a version without the check would have. */
function plant(id: string, update: Uint8Array): void {
  const db = openTestDb(server.dbPath);
  try {
    const seq = (db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM collab_updates WHERE document_id = ?").get(id) as { n: number }).n;
    db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, NULL, ?)").run(id, seq, update, Date.now());
  } finally {
    db.close();
  }
}

/** The stored text as a Y.Doc (to build a planted change on top of it). */
function storedDoc(id: string): Y.Doc {
  const doc = new Y.Doc();
  for (const update of storedUpdates(id)) Y.applyUpdate(doc, update);
  return doc;
}

function changeOf(doc: Y.Doc, write: (doc: Y.Doc, fragment: Y.XmlFragment) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  write(doc, doc.getXmlFragment("default"));
  return Y.encodeStateAsUpdate(doc, before);
}

const page = (id: string) => `/processes/${processId}/documents/${id}`;

beforeAll(async () => {
  server = await startServer({ env: { OPEN_SIGNUP: "true" } });
  fac = new HttpClient(server.url);
  await signUp(fac, uniqueAccount("facilitator"));
  processId = await createProcessViaForm(fac, { title: "Dialogue de Ber" });
  mediator = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "mediator" }), uniqueAccount("mediator"))).client;
  observer = (await joinWithNewAccount(server.url, await createInvitationViaForm(fac, processId, { role: "observer" }), uniqueAccount("observer"))).client;
});

afterAll(async () => {
  for (const c of open) c.destroy();
  await server?.stop();
});

describe("an editor's socket", () => {
  for (const row of MALFORMED) {
    it(`refuses ${row.name}: REFUSED then 1008, nothing stored, everyone else keeps working`, async () => {
      const id = await createDocument({ kind: "roadmap", title: `Structure ${row.code}`, template: "roadmap-anefis" });
      const honest = connect(mediator, id);
      const watcher = connect(observer, id);
      const hostile = connect(fac, id);
      await waitFor(() => honest.provider.synced && watcher.provider.synced && hostile.provider.synced, 10_000, "synced");
      const before = rows(id).length;
      row.write(hostile.doc, hostile.doc.getXmlFragment("default"));
      await waitFor(() => hostile.refused.length > 0 && hostile.closes.some((c) => c.code === 1008), 10_000, "refused");
      expect(hostile.refused[0]!.code).toBe(row.code);
      hostile.destroy();
      expect(rows(id).length).toBe(before);
      expect(codec.read(storedUpdates(id)).problems).toEqual([]);
      // The honest editor and the observer carry on together.
      honest.text.insert(0, `Après ${row.code}. `);
      await waitFor(() => watcher.text.toString().includes(`Après ${row.code}. `), 10_000, "honest edit reaches the observer");
      expect(honest.closes.filter((c) => c.code !== 1000)).toEqual([]);
      expect(server.logs.some((l) => l.includes("collab update refused (structure)") && l.includes(row.code))).toBe(true);
    });
  }

  it("random structures from a hostile editor: whatever is accepted reads cleanly; pages and findings answer 200", async () => {
    const id = await createDocument({ kind: "agenda", title: "Ordre du jour aléatoire", template: "local-dialogue-agenda" });
    const mirror = connect(mediator, id);
    await waitFor(() => mirror.provider.synced, 10_000, "mirror synced");
    const rand = prng(2026);
    let refused = 0;
    for (let i = 0; i < 25; i++) {
      // Built on the server's text (the mirror follows it), sent as one update by a raw socket.
      const local = new Y.Doc();
      Y.applyUpdate(local, Y.encodeStateAsUpdate(mirror.doc));
      const update = changeOf(local, (doc) => pick(rand, HOSTILE)(doc, rand));
      local.destroy();
      if (update.length < 3) continue;
      const raw = rawClient(ws(), id, { origin: server.url, cookie: fac.cookieHeader() });
      await raw.opened;
      raw.ws.send(encodeSyncUpdate(update));
      const outcome = await Promise.race([raw.closed, new Promise<null>((r) => setTimeout(() => r(null), 400))]);
      if (outcome?.code === 1008) refused++;
      raw.ws.close();
      expect(codec.read(storedUpdates(id)).problems, `step ${i}`).toEqual([]);
    }
    expect(refused).toBeGreaterThan(0);
    expect((await mediator.get(page(id))).status).toBe(200);
    expect((await mediator.get(`${page(id)}/findings`)).status).toBe(200);
    expect(mirror.closes.filter((c) => c.code !== 1000)).toEqual([]);
  });
});

/** States stored before the check existed: one planted change each, on top of a template's text. */
const PLANTED: { name: string; problem: string; write(doc: Y.Doc, fragment: Y.XmlFragment): void }[] = [
  { name: "text directly in the root fragment", problem: "textNotAllowed", write: (_d, f) => f.insert(f.length, [new Y.XmlText("loose")]) },
  { name: "a Y.XmlHook", problem: "foreignType", write: (_d, f) => f.insert(0, [new Y.XmlHook("hook") as unknown as Y.XmlElement]) },
  {
    name: "absurdly deep nesting",
    problem: "tooDeep",
    write: (d, f) =>
      d.transact(() => {
        let parent: Y.XmlFragment = f;
        for (let i = 0; i < 20_000; i++) {
          const inner = new Y.XmlElement("blockquote");
          parent.insert(0, [inner]);
          parent = inner;
        }
      }),
  },
  { name: "an element the schema does not have", problem: "unknownNode", write: (_d, f) => f.insert(0, [new Y.XmlElement("script")]) },
  {
    name: "an item without its title",
    problem: "invalidContent",
    write: (_d, f) => {
      const item = new Y.XmlElement("roadmapItem");
      item.insert(0, [paragraphOf("Corps sans titre")]);
      f.insert(0, [item]);
    },
  },
];

describe("stored state the schema cannot represent", () => {
  for (const row of PLANTED) {
    it(`${row.name}: page, findings and opening a round answer normally (never 500)`, async () => {
      const id = await createDocument({ kind: "roadmap", title: `Planté ${row.problem}`, template: "roadmap-anefis" });
      const doc = storedDoc(id);
      plant(id, changeOf(doc, row.write));
      doc.destroy();

      const html = await (await fac.get(page(id))).text();
      expect(html).toContain('data-testid="integrity-notice"');
      expect(html).toContain(`data-problem="${row.problem}"`);
      expect(html).toContain("Restore this version");
      // The readable text is still there.
      expect(html).toContain("Cessation");
      // Others read it too, without the facilitator's tools.
      const theirs = await observer.get(page(id));
      expect(theirs.status).toBe(200);
      expect(await theirs.text()).not.toContain("Restore this version");

      const findings = await fac.get(`${page(id)}/findings`);
      expect(findings.status).toBe(200);
      expect(((await findings.json()) as { findings: { ruleId: string; severity: string }[] }).findings).toContainEqual(
        expect.objectContaining({ ruleId: "unreadable-structure", severity: "blocking" }),
      );
      // Every required category confirmed "in person" (nobody represents them here): only the text can block.
      const required = getTemplate("roadmap-anefis")!.signOffCategories.map((key) => categoryId(server.dbPath, processId, key));
      const opening = await fac.post(page(id), { intent: "open", categoryIds: required, inPersonCategoryIds: required });
      expect(opening.status).toBe(409);
      expect(await opening.text()).toContain("cannot be signed until the facilitator restores it");
      expect(query<{ n: number }>(server.dbPath, "SELECT COUNT(*) AS n FROM signoff_rounds WHERE document_id = ?", id)[0]!.n).toBe(0);
    });
  }

  it("damaged stored bytes: the page and findings still answer, and say so", async () => {
    const id = await createDocument({ kind: "roadmap", title: "Octets abîmés", template: "roadmap-anefis" });
    plant(id, new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 9, 9]));
    const res = await fac.get(page(id));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-problem="damagedStorage"');
    expect((await fac.get(`${page(id)}/findings`)).status).toBe(200);
  });

  it("the facilitator restores the last version that reads cleanly: a new change every open page sees live; audited", async () => {
    const id = await createDocument({ kind: "roadmap", title: "À restaurer", template: "roadmap-anefis" });
    const template = codec.read(storedUpdates(id)).json;
    // A clean change, then a bad one: the clean version is the one after the first.
    const doc = storedDoc(id);
    plant(
      id,
      changeOf(doc, (_d, f) => f.insert(f.length, [paragraphOf("Ajout propre du médiateur.")])),
    );
    const cleanJson = (() => {
      const clean = new Y.Doc();
      Y.applyUpdate(clean, Y.encodeStateAsUpdate(doc));
      try {
        return codec.read([Y.encodeStateAsUpdate(clean)]).json;
      } finally {
        clean.destroy();
      }
    })();
    expect(cleanJson).not.toEqual(template);
    plant(
      id,
      changeOf(doc, (_d, f) => f.insert(0, [new Y.XmlText("texte hors paragraphe")])),
    );
    doc.destroy();
    const rowsBefore = rows(id).length;

    // Nobody but the facilitator may restore; the form's input is checked.
    expect((await mediator.post(page(id), { intent: "restore", source: "version" })).status).toBe(403);
    expect((await fac.post(page(id), { intent: "restore", source: "everything" })).status).toBe(400);
    expect(rows(id).length).toBe(rowsBefore);

    // Someone has the document open while it is restored.
    const watcher = connect(observer, id);
    await waitFor(() => watcher.provider.synced, 10_000, "watcher synced");
    const restored = await fac.post(page(id), { intent: "restore", source: "version" });
    expect(restored.status, await restored.clone().text()).toBe(200);
    expect(await restored.text()).toContain("The text was restored");

    const after = codec.read(storedUpdates(id));
    expect(after.problems).toEqual([]);
    expect(after.json).toEqual(cleanJson);
    // History is kept: one row more, nothing rewritten.
    expect(rows(id).length).toBe(rowsBefore + 1);
    await waitFor(() => paragraphText(watcher.doc).includes("Ajout propre du médiateur."), 10_000, "live restore");
    expect(
      watcher.doc
        .getXmlFragment("default")
        .toArray()
        .some((n) => n instanceof Y.XmlText),
    ).toBe(false);
    const audit = query<{ details: string }>(server.dbPath, "SELECT details FROM audit_events WHERE action = 'document.restored' AND target_id = ?", id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ source: "version", problems: ["textNotAllowed"] });
    const html = await (await fac.get(page(id))).text();
    expect(html).not.toContain('data-testid="integrity-notice"');
    // Nothing left to restore.
    expect((await fac.post(page(id), { intent: "restore", source: "readable" })).status).toBe(409);
  });

  it("or keeps exactly what can be read of the current text", async () => {
    const id = await createDocument({ kind: "roadmap", title: "Garder le lisible", template: "roadmap-anefis" });
    const doc = storedDoc(id);
    plant(
      id,
      changeOf(doc, (_d, f) => f.insert(f.length, [new Y.XmlHook("hook") as unknown as Y.XmlElement, paragraphOf("Dernier paragraphe lisible.")])),
    );
    doc.destroy();
    const readable = codec.read(storedUpdates(id)).json;
    expect((await fac.post(page(id), { intent: "restore", source: "readable" })).status).toBe(200);
    const after = codec.read(storedUpdates(id));
    expect(after.problems).toEqual([]);
    expect(after.json).toEqual(readable);
    expect(JSON.stringify(after.json)).toContain("Dernier paragraphe lisible.");
  });
});

function paragraphOf(text: string): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}
