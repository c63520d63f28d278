// The collab server on PostgreSQL storage (app/storage/collab-store-postgres.server.ts) against a
// real PostgreSQL and real y-websocket providers: editors converge and the stored rows are the
// text; a row is committed before any other editor receives it; a restarted server (another
// instance, the same database) serves everything; compaction keeps the text and never goes back;
// the text lock in storage refuses a frozen document's updates and stores nothing.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { createPostgresPersistence } from "../../../app/storage/collab-store-postgres.server.js";
import { migratePostgres } from "../../../app/storage/migrate-postgres.server.js";
import type { CollabPersistence } from "../../../app/storage/collab-store.server.js";
import { collabFixture, synced, waitFor } from "../../support/collab.js";
import { describePostgres, startPostgres, type TestPostgres } from "../../support/postgres.js";

const { client, start } = collabFixture();
let cluster: TestPostgres;
let pool: pg.Pool;

/** The collab server with its storage on PostgreSQL instead of the fixture's SQLite file. */
const startOnPostgres = (persistence: CollabPersistence = createPostgresPersistence(pool)) => start({ wrapPersistence: () => persistence });

/** What PostgreSQL holds for a document, as a Y.Doc (snapshot, then the log after it). */
async function storedDoc(documentId: string): Promise<Y.Doc> {
  const state = await createPostgresPersistence(pool).load(documentId);
  const doc = new Y.Doc();
  for (const update of state.updates) Y.applyUpdate(doc, update);
  return doc;
}

const rowCount = async (documentId: string) =>
  Number((await pool.query("SELECT count(*) AS n FROM collab_updates WHERE document_id = $1", [documentId])).rows[0].n);

describePostgres("the collab server on PostgreSQL", () => {
  beforeAll(async () => {
    cluster = await startPostgres();
    pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
    await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
  });

  it("two editors converge, the stored rows are their text, and another instance serves it all", async () => {
    let server = await startOnPostgres();
    const a = client(server.url, "pg-doc-1", { user: "alice" });
    const b = client(server.url, "pg-doc-1", { user: "bob" });
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, "Cessation des hostilités. ");
    b.text.insert(0, "Administration intérimaire. ");
    for (let i = 0; i < 40; i++) (i % 2 ? a : b).text.insert(i % 5, String(i % 10));
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 26 + 28 + 40, 10_000, "converge");
    await server.collab.flush();
    expect((await storedDoc("pg-doc-1")).getText("t").toString()).toBe(a.text.toString());
    expect(await rowCount("pg-doc-1")).toBeGreaterThan(0);

    // A new server process would start from storage alone: so does a new server here.
    const seen = a.text.toString();
    a.destroy();
    b.destroy();
    await server.close();
    server = await startOnPostgres();
    const c = client(server.url, "pg-doc-1", { user: "carol" });
    await synced(c);
    expect(c.text.toString()).toBe(seen);
  });

  it("commits each update to PostgreSQL before another editor receives it", async () => {
    // Another connection of the pool sees only committed transactions; it is read after each
    // commit resolves, and B's updates are compared with the highest state committed so far.
    const inner = createPostgresPersistence(pool);
    const committed = new Y.Doc();
    const slow: CollabPersistence = {
      load: (id, afterSeq) => inner.load(id, afterSeq),
      async append(rows) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const seqs = await inner.append(rows);
        for (const row of rows) Y.applyUpdate(committed, row.update);
        return seqs;
      },
      compact: (id, snapshot, upto) => inner.compact(id, snapshot, upto),
    };
    const server = await startOnPostgres(slow);
    const a = client(server.url, "pg-doc-order", { user: "alice" });
    const b = client(server.url, "pg-doc-order", { user: "bob" });
    await Promise.all([synced(a), synced(b)]);
    const early: string[] = [];
    b.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin !== b.provider) return;
      const mine = Y.decodeStateVector(Y.encodeStateVector(b.doc));
      for (const [id, clock] of mine) if (Y.getState(committed.store, id) < clock) early.push(`${id}: ${clock}`);
    });
    for (let i = 0; i < 15; i++) {
      a.text.insert(a.text.length, `m${i} `);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => b.text.toString() === a.text.toString(), 10_000, "b receives");
    expect(early).toEqual([]);
    expect((await storedDoc("pg-doc-order")).getText("t").toString()).toBe(a.text.toString());
  });

  it("compaction folds the log into one snapshot, keeps the text, and an older snapshot never replaces a newer one", async () => {
    const persistence = createPostgresPersistence(pool);
    const doc = new Y.Doc();
    const rows: { documentId: string; seq: number; update: Uint8Array; userId: string | null }[] = [];
    doc.on("update", (update: Uint8Array) => rows.push({ documentId: "pg-doc-compact", seq: rows.length + 1, update, userId: "alice" }));
    for (const word of ["Ber ", "Anéfis ", "Tombouctou "]) doc.getText("t").insert(doc.getText("t").length, word);
    await persistence.append(rows);
    const older = Y.encodeStateAsUpdate(doc);
    doc.getText("t").insert(0, "Kidal ");
    await persistence.append(rows.slice(3));
    await persistence.compact("pg-doc-compact", Y.encodeStateAsUpdate(doc), 4);
    expect(await rowCount("pg-doc-compact")).toBe(0);
    await persistence.compact("pg-doc-compact", older, 3);
    const state = await persistence.load("pg-doc-compact");
    expect(state).toMatchObject({ seq: 4, snapshotSeq: 4 });
    expect(state.updates).toHaveLength(1);
    expect((await storedDoc("pg-doc-compact")).getText("t").toString()).toBe("Kidal Ber Anéfis Tombouctou ");
  });

  it("the text lock in storage: a frozen document's updates are refused and nothing is stored", async () => {
    await pool.query(
      "INSERT INTO users (id, email, display_name, password_hash, preferred_language, created_at, updated_at) VALUES ('fac', 'fac@x', 'Fac', 'h', 'fr', 1, 1)",
    );
    await pool.query("INSERT INTO processes (id, title, locality, languages, created_at, updated_at) VALUES ('p', 'Ber', 'Ber', 'fr', 1, 1)");
    await pool.query(
      "INSERT INTO documents (id, process_id, kind, title, created_by, created_at, updated_at) VALUES ('pg-doc-lock', 'p', 'agenda', 'A', 'fac', 1, 1)",
    );
    const persistence = createPostgresPersistence(pool);
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "Ordre du jour");
    await persistence.append([{ documentId: "pg-doc-lock", update: Y.encodeStateAsUpdate(doc), userId: "fac" }]);
    await pool.query(
      `INSERT INTO signoff_rounds (id, document_id, number, version_hash, snapshot, canonical, opened_by, opened_at)
       VALUES ('r1', 'pg-doc-lock', 1, $1, '\\x00', '{}', 'fac', 2)`,
      ["a".repeat(64)],
    );
    await pool.query("UPDATE documents SET status = 'in_signoff' WHERE id = 'pg-doc-lock'");
    const before = doc.getText("t").length;
    doc.getText("t").insert(before, " (modifié)");
    const late = Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate((await persistence.load("pg-doc-lock")).updates[0]!));
    // Two rows in one batch, one of another document: the whole transaction is refused.
    await expect(
      persistence.append([
        { documentId: "pg-doc-other", update: late, userId: "fac" },
        { documentId: "pg-doc-lock", update: late, userId: "fac" },
      ]),
    ).rejects.toThrow("signoff: the document is locked");
    expect(await rowCount("pg-doc-lock")).toBe(1);
    expect(await rowCount("pg-doc-other")).toBe(0);
  });
});
