// Migration 0006 on an existing database: a file migrated up to 0005 holding an open round with
// 0005-era decisions (one given online, one recorded in person without a method) is opened by the
// real server, which rebuilds signoff_decisions. Every row survives unchanged, with its id; the
// triggers are back; the sequence continues; the round can still be decided and adopted.
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalVersionOf } from "../../app/core/canonical.js";
import { createAccount } from "../../app/domain/accounts.server.js";
import type { Services } from "../../app/domain/context.server.js";
import { DomainEventBus } from "../../app/domain/events.server.js";
import { acceptInvitation, createInvitation } from "../../app/domain/invitations.server.js";
import { createProcess } from "../../app/domain/processes.server.js";
import { loadConfig } from "../../server/config.js";
import { createDocumentCodec } from "../../server/content/document-codec.js";
import { openDatabase, type Db } from "../../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../../app/storage/migrate.server.js";
import { QueryLayer } from "../../app/storage/sql.server.js";
import { validDraft } from "../support/documents.js";
import { HttpClient } from "../support/http.js";
import { openDb, query } from "../support/processes.js";
import { freshDbPath, startServer, type TestServer } from "../support/server.js";

const PASSWORD = "correct horse battery staple";
const OLD_COLUMNS = "id, round_id, category_id, user_id, decision, reason, version_hash, recorded_by, witness, decided_at";

let server: TestServer;
let dbPath: string;
let ids: { processId: string; documentId: string; roundId: string; fac: string; youth: string; women: string; hash: string };
let before: { decisions: unknown[]; rounds: unknown[]; categories: unknown[]; seq: number };

/** The migrations as they were before this change: 0001–0005 only, byte for byte (same checksums). */
function migrationsUpTo0005(): string {
  const dir = mkdtempSync(join(tmpdir(), "migrations-0005-"));
  for (const file of readdirSync(MIGRATIONS_DIR)) if (/^000[1-5]_.*\.sql$/.test(file)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  return dir;
}

/** Builds a 0005-era database: accounts, a process, two representatives, an open round, two decisions. */
async function seed0005(db: Db) {
  const config = loadConfig({ HOST: "127.0.0.1", DATABASE_PATH: dbPath, OPEN_SIGNUP: "true", NODE_ENV: "test" });
  // Only what these domain functions use (accounts, processes, invitations: tables of 0001–0002).
  // The domain goes through the query layer; the 0005-era rows below are written on the raw handle.
  const sql = QueryLayer.sqlite(db);
  const services = { db: sql, config, events: new DomainEventBus() } as unknown as Services;
  const account = async (slug: string, displayName: string) => {
    const a = await createAccount(sql, config, { email: `${slug}@example.org`, displayName, password: PASSWORD, preferredLanguage: "en" }, "self");
    return { id: a.id, isAdmin: a.isAdmin };
  };
  const fac = await account("fac", "Aminata Facilitatrice");
  const created = await createProcess(services, fac, { title: "Dialogue de Ber", locality: "Ber", languages: ["fr", "en"] });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const processId = created.value.id;
  const cat = (key: string) => (db.prepare("SELECT id FROM stakeholder_categories WHERE process_id = ? AND key = ?").get(processId, key) as { id: string }).id;
  const join = async (slug: string, name: string, key: string) => {
    const u = await account(slug, name);
    const inv = await createInvitation(services, fac, processId, { role: "representative", categoryId: cat(key), affiliation: "Ber" });
    if (!inv.ok) throw new Error(JSON.stringify(inv.errors));
    if (!(await acceptInvitation(services, u, inv.value.token)).ok) throw new Error("accept");
    return u;
  };
  const youth = await join("youth", "Moussa Jeune", "youth");
  const women = await join("women", "Fatoumata Femme", "women");

  const documentId = "doc-from-0005";
  const now = Date.now() - 60_000;
  db.prepare(
    "INSERT INTO documents (id, process_id, kind, title, status, created_by, created_at, updated_at) VALUES (?, ?, 'roadmap', 'Feuille de route de Ber', 'drafting', ?, ?, ?)",
  ).run(documentId, processId, fac.id, now, now);
  const update = createDocumentCodec().encode(validDraft("roadmap"));
  db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, 1, ?, ?, ?)").run(
    documentId,
    Buffer.from(update),
    fac.id,
    now,
  );
  const version = canonicalVersionOf([update]);
  const roundId = "round-from-0005";
  db.prepare(
    "INSERT INTO signoff_rounds (id, document_id, number, status, version_hash, snapshot, canonical, opened_by, opened_at) VALUES (?, ?, 1, 'open', ?, ?, ?, ?, ?)",
  ).run(roundId, documentId, version.hash, Buffer.from(version.state), version.canonical, fac.id, now);
  for (const key of ["youth", "women"])
    db.prepare("INSERT INTO signoff_round_categories (round_id, category_id, source) VALUES (?, ?, 'facilitator')").run(roundId, cat(key));
  db.prepare("UPDATE documents SET status = 'in_signoff' WHERE id = ?").run(documentId);
  const insert = db.prepare(
    `INSERT INTO signoff_decisions (round_id, category_id, user_id, decision, reason, version_hash, recorded_by, witness, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Youth objected, then approved (two rows); women approved in person, recorded by the facilitator.
  insert.run(roundId, cat("youth"), youth.id, "object", "Relire l'article 2", version.hash, null, null, now + 1);
  insert.run(roundId, cat("youth"), youth.id, "approve", null, version.hash, null, null, now + 2);
  insert.run(roundId, cat("women"), women.id, "approve", null, version.hash, fac.id, "Imam Alassane Touré", now + 3);
  ids = { processId, documentId, roundId, fac: fac.id, youth: youth.id, women: women.id, hash: version.hash };
}

async function signIn(email: string): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  const res = await client.post("/login", { email, password: PASSWORD, redirectTo: "/" });
  expect(res.status, await res.clone().text()).toBe(302);
  return client;
}

beforeAll(async () => {
  dbPath = freshDbPath();
  const db = openDatabase(dbPath);
  expect(migrate(db, migrationsUpTo0005()).map((m) => m.name)).toEqual([
    "0001_foundation.sql",
    "0002_processes.sql",
    "0003_collab.sql",
    "0004_documents.sql",
    "0005_signoff.sql",
  ]);
  await seed0005(db);
  before = {
    decisions: db.prepare(`SELECT ${OLD_COLUMNS} FROM signoff_decisions ORDER BY id`).all(),
    rounds: db.prepare("SELECT * FROM signoff_rounds").all(),
    categories: db.prepare("SELECT * FROM signoff_round_categories ORDER BY category_id").all(),
    seq: (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'signoff_decisions'").get() as { seq: number }).seq,
  };
  // 0005's schema: a decision needs a user.
  expect(() =>
    db
      .prepare(
        "INSERT INTO signoff_decisions (round_id, category_id, user_id, decision, version_hash, recorded_by, witness, decided_at) VALUES (?, ?, NULL, 'approve', ?, ?, 'W', 1)",
      )
      .run(ids.roundId, query<{ category_id: string }>(dbPath, "SELECT category_id FROM signoff_round_categories LIMIT 1")[0]!.category_id, ids.hash, ids.fac),
  ).toThrow(/NOT NULL/);
  // Closes the handle too.
  await QueryLayer.sqlite(db).close();
  // The real server applies 0006 at start.
  server = await startServer({ dbPath });
});

afterAll(async () => {
  await server?.stop();
});

describe("migration 0006 on a database with 0005-era sign-off rows", () => {
  it("applies at start and keeps every decision row unchanged, ids and sequence included", () => {
    expect(server.logs.some((l) => l.includes("0006_signoff_in_person.sql"))).toBe(true);
    expect(query(dbPath, `SELECT ${OLD_COLUMNS} FROM signoff_decisions ORDER BY id`)).toEqual(before.decisions);
    expect(query(dbPath, "SELECT person_name, person_affiliation, method FROM signoff_decisions")).toEqual([
      { person_name: null, person_affiliation: null, method: null },
      { person_name: null, person_affiliation: null, method: null },
      { person_name: null, person_affiliation: null, method: null },
    ]);
    expect(query(dbPath, "SELECT * FROM signoff_rounds")).toEqual(before.rounds);
    // Required categories keep their rows; none was confirmed in person before 0006.
    expect(query(dbPath, "SELECT round_id, category_id, source FROM signoff_round_categories ORDER BY category_id")).toEqual(before.categories);
    expect(query(dbPath, "SELECT DISTINCT in_person FROM signoff_round_categories")).toEqual([{ in_person: 0 }]);
    expect(query<{ seq: number }>(dbPath, "SELECT seq FROM sqlite_sequence WHERE name = 'signoff_decisions'")[0]!.seq).toBe(before.seq);
    expect(query(dbPath, "SELECT name FROM sqlite_master WHERE name LIKE 'signoff_decisions_new%'")).toEqual([]);
    expect(query(dbPath, "PRAGMA foreign_key_check")).toEqual([]);
    expect(query(dbPath, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
  });

  it("re-creates the index and every trigger: still append-only, still only on the open round's hash", () => {
    const objects = query<{ type: string; name: string }>(
      dbPath,
      "SELECT type, name FROM sqlite_master WHERE tbl_name = 'signoff_decisions' AND type IN ('index', 'trigger') ORDER BY type, name",
    );
    expect(objects).toEqual([
      { type: "index", name: "signoff_decisions_round" },
      { type: "trigger", name: "signoff_decisions_no_delete" },
      { type: "trigger", name: "signoff_decisions_no_update" },
      { type: "trigger", name: "signoff_decisions_own_kept" },
      { type: "trigger", name: "signoff_decisions_valid" },
    ]);
    const db = openDb(dbPath, false);
    try {
      expect(() => db.prepare("UPDATE signoff_decisions SET decision = 'object', reason = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM signoff_decisions").run()).toThrow(/append-only/);
      const category = (db.prepare("SELECT category_id FROM signoff_round_categories LIMIT 1").get() as { category_id: string }).category_id;
      expect(() =>
        db
          .prepare("INSERT INTO signoff_decisions (round_id, category_id, user_id, decision, version_hash, decided_at) VALUES (?, ?, ?, 'approve', ?, 1)")
          .run(ids.roundId, category, ids.youth, "b".repeat(64)),
      ).toThrow(/decision refused/);
    } finally {
      db.close();
    }
    expect(query(dbPath, `SELECT ${OLD_COLUMNS} FROM signoff_decisions ORDER BY id`)).toEqual(before.decisions);
  });

  it("serves the migrated round: old decisions shown as before, new ones continue the ids, the facilitator declares the adoption", async () => {
    const fac = await signIn("fac@example.org");
    const page = `/processes/${ids.processId}/documents/${ids.documentId}`;
    const html = (await (await fac.get(page)).text()).replace(/<!--[\s\S]*?-->/g, "");
    // The in-person record from before 0006 has no method: it reads as before.
    expect(html).toContain("recorded in person by the facilitator Aminata Facilitatrice, witness: Imam Alassane Touré");
    expect(html).toContain("2 of 2 required categories approved");
    // The representative's own decision (0005-era) is still theirs: no record may replace it.
    const refused = await fac.post(page, {
      intent: "record",
      memberUserId: ids.youth,
      decision: "object",
      reason: "x",
      method: "oral_assent",
      witness: "W",
      versionHash: ids.hash,
    });
    expect(refused.status).toBe(409);

    const youth = await signIn("youth@example.org");
    expect((await youth.post(page, { intent: "decide", decision: "approve", versionHash: ids.hash })).status).toBe(200);
    const ids_ = query<{ id: number }>(dbPath, "SELECT id FROM signoff_decisions ORDER BY id").map((r) => r.id);
    expect(ids_).toEqual([1, 2, 3, before.seq + 1]);

    const confirm = await (await fac.get(`${page}?confirm=adopt`)).text();
    const decisionsSeen = /name="decisionsSeen" value="(\d+)"/.exec(confirm)![1]!;
    expect(decisionsSeen).toBe(String(before.seq + 1));
    const adopted = await fac.post(`${page}?confirm=adopt`, { intent: "adopt", versionHash: ids.hash, decisionsSeen });
    expect(adopted.status, await adopted.clone().text()).toBe(200);
    expect(query(dbPath, "SELECT status FROM documents WHERE id = ?", ids.documentId)).toEqual([{ status: "adopted" }]);
    // The 0005-era rows are still exactly what they were.
    expect(query(dbPath, `SELECT ${OLD_COLUMNS} FROM signoff_decisions WHERE id <= ? ORDER BY id`, before.seq)).toEqual(before.decisions);
  });
});
