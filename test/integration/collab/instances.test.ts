// Several collab server processes serving the same storage, joined by a real Redis (server/fanout,
// server/collab/instances.ts): real y-websocket clients on different instances converge, every
// update is stored once under one gapless sequence, presence crosses instances, kill -9 of one
// instance loses nothing a client of another had seen, an instance started late catches up, and a
// message lost while Redis is down is repaired from storage. On a shared SQLite file and on PostgreSQL.
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { CLOSE, encodeAwarenessMessage, encodeSyncUpdate } from "../../../server/collab/protocol.js";
import {
  connectClient,
  rawClient,
  freshCollabDbPath,
  keepTyping,
  openCollabDb,
  savedCovers,
  spawnCollabProcess,
  synced,
  waitFor,
  type CollabProcess,
  type TestClient,
} from "../../support/collab.js";
import { describeRedis, startRedis, type TestRedis } from "../../support/redis.js";
import { postgresBinDir, startPostgres, type TestPostgres } from "../../support/postgres.js";

let redis: TestRedis;
const procs: CollabProcess[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(procs.splice(0).map((p) => p.kill()));
});

async function instance(storage: Record<string, string>, env: Record<string, string> = {}, port = 0): Promise<CollabProcess> {
  const proc = await spawnCollabProcess(storage.DATABASE_PATH ?? freshCollabDbPath(), port, { REDIS_URL: redis.url, ...storage, ...env });
  procs.push(proc);
  return proc;
}

function client(proc: CollabProcess, documentId: string, user: string): TestClient {
  const c = connectClient(proc.url, documentId, { user });
  clients.push(c);
  return c;
}

async function stats(proc: CollabProcess): Promise<{ fanout?: { received: number; published: number; repairs: number } }> {
  const response = await fetch(`http://127.0.0.1:${proc.port}/stats`);
  return (await response.json()) as { fanout?: { received: number; published: number; repairs: number } };
}

const converged = (...cs: TestClient[]) => cs.every((c) => c.text.toString() === cs[0]!.text.toString()) && cs.every((c) => savedCovers(c));

/** What a storage holds for a document: its text, its snapshot (if any) and its logged rows in seq order. */
interface Stored {
  text: string;
  doc: Y.Doc;
  snapshotSeq: number;
  seqs: number[];
  /** The snapshot first, if any, then each row's update. */
  updates: Uint8Array[];
}
interface StorageView {
  env: Record<string, string>;
  read(documentId: string): Promise<Stored>;
}

function stored(snapshot: { state: Uint8Array; upto: number } | undefined, rows: { seq: number; update: Uint8Array }[]): Stored {
  const doc = new Y.Doc();
  const updates = [...(snapshot ? [snapshot.state] : []), ...rows.map((r) => r.update)];
  for (const update of updates) Y.applyUpdate(doc, update);
  return { text: doc.getText("t").toString(), doc, snapshotSeq: snapshot?.upto ?? 0, seqs: rows.map((r) => r.seq), updates };
}

async function sqliteStorage(): Promise<StorageView> {
  const path = freshCollabDbPath();
  return {
    env: { DATABASE_PATH: path },
    async read(documentId) {
      const db = openCollabDb(path);
      try {
        const snapshot = db.prepare("SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?").get(documentId) as
          | { state_blob: Buffer; upto_seq: number }
          | undefined;
        const rows = db.prepare("SELECT seq, update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all(documentId) as {
          seq: number;
          update_blob: Buffer;
        }[];
        return stored(
          snapshot && { state: new Uint8Array(snapshot.state_blob), upto: snapshot.upto_seq },
          rows.map((r) => ({ seq: r.seq, update: new Uint8Array(r.update_blob) })),
        );
      } finally {
        db.close();
      }
    },
  };
}

function postgresStorage(url: string): StorageView {
  return {
    env: { POSTGRES_URL: url },
    async read(documentId) {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        const snapshot = await pool.query<{ state_blob: Buffer; upto_seq: string }>(
          "SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = $1",
          [documentId],
        );
        const rows = await pool.query<{ seq: string; update_blob: Buffer }>("SELECT seq, update_blob FROM collab_updates WHERE document_id = $1 ORDER BY seq", [
          documentId,
        ]);
        const s = snapshot.rows[0];
        return stored(
          s && { state: new Uint8Array(s.state_blob), upto: Number(s.upto_seq) },
          rows.rows.map((r) => ({ seq: Number(r.seq), update: new Uint8Array(r.update_blob) })),
        );
      } finally {
        await pool.end();
      }
    },
  };
}

/** The logged rows follow the snapshot with no seq missing or repeated. */
const gapless = (stored: Stored) => stored.seqs.every((seq, i) => seq === stored.snapshotSeq + i + 1);

/**
 * Whether no two stored rows hold the same Yjs items: an instance that stored another's update
 * again would write a row whose clock range overlaps the first one's.
 */
function storedOnce(updates: Uint8Array[]): boolean {
  const ranges = new Map<number, [number, number][]>();
  for (const update of updates) {
    // A snapshot is one range per client from clock 0; a row stored twice would overlap it or another row.
    const { from, to } = Y.parseUpdateMeta(update);
    for (const [client, start] of from) {
      const list = ranges.get(client) ?? [];
      list.push([start, to.get(client)!]);
      ranges.set(client, list);
    }
  }
  for (const list of ranges.values()) {
    list.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < list.length; i++) if (list[i]![0] < list[i - 1]![1]) return false;
  }
  return true;
}

/** The suite, on one storage. */
function instancesSuite(storage: () => Promise<StorageView>) {
  it("clients on two instances converge, and every update is stored once under one gapless sequence", async () => {
    const s = await storage();
    const [a1, b1] = await Promise.all([instance(s.env), instance(s.env)]);
    const a = client(a1, "inst-converge", "alice");
    const b = client(b1, "inst-converge", "bob");
    await Promise.all([synced(a), synced(b)]);
    const stop = [keepTyping(a, "a"), keepTyping(b, "b")];
    await waitFor(() => a.text.length > 150 && b.text.length > 150, 15_000, "typing");
    for (const s of stop) s();
    await waitFor(() => converged(a, b), 15_000, "convergence across instances");
    const stored = await s.read("inst-converge");
    expect(stored.text).toBe(a.text.toString());
    expect(gapless(stored)).toBe(true);
    // What came from the other instance was applied, never stored again.
    expect(storedOnce(stored.updates)).toBe(true);
    // And it came over the fan-out.
    const [sa, sb] = await Promise.all([stats(a1), stats(b1)]);
    expect(sa.fanout!.received).toBeGreaterThan(0);
    expect(sb.fanout!.received).toBeGreaterThan(0);
  }, 60_000);

  it("presence crosses instances, under the identity the first instance authenticated", async () => {
    const s = await storage();
    const [a1, b1] = await Promise.all([instance(s.env), instance(s.env)]);
    const a = client(a1, "inst-presence", "alice");
    const b = client(b1, "inst-presence", "bob");
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField("cursor", { at: 3 });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 10_000, "a's presence on b");
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { id: string; name: string }; cursor: { at: number } };
    expect(seen.user.id).toBe("alice");
    expect(seen.cursor.at).toBe(3);
    // a leaves: its presence goes from b too.
    a.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 10_000, "a's presence removed on b");
  }, 60_000);

  it("kill -9 of one instance loses nothing a client of the other had seen; an instance started late catches up", async () => {
    const s = await storage();
    const [a1, b1] = await Promise.all([instance(s.env), instance(s.env)]);
    const bPort = b1.port;
    const a = client(a1, "inst-crash", "alice");
    const b = client(b1, "inst-crash", "bob");
    await Promise.all([synced(a), synced(b)]);
    const stop = [keepTyping(a, "a"), keepTyping(b, "b")];
    await waitFor(() => a.text.length > 150 && b.text.length > 150, 15_000, "typing");
    await b1.kill();
    procs.splice(procs.indexOf(b1), 1);
    for (const s of stop) s();
    // Everything of b that a received came through storage first.
    const aSawOfB = Y.getState(a.doc.store, b.doc.clientID);
    expect(aSawOfB).toBeGreaterThan(0);
    const stored = await s.read("inst-crash");
    expect(Y.getState(stored.doc.store, b.doc.clientID)).toBeGreaterThanOrEqual(aSawOfB);
    expect(gapless(stored)).toBe(true);
    expect(storedOnce(stored.updates)).toBe(true);

    // An instance started after all this serves the whole text; b's instance comes back on its port
    // and b resends what never became durable: all three converge.
    const c1 = await instance(s.env);
    const c = client(c1, "inst-crash", "carol");
    await synced(c);
    await instance(s.env, {}, bPort);
    await waitFor(() => converged(a, b, c), 20_000, "convergence after the crash");
    expect((await s.read("inst-crash")).text).toBe(a.text.toString());
  }, 90_000);

  it("three instances: one killed while everyone types, its editors back on its restart, all converge with nothing lost or stored twice", async () => {
    const s = await storage();
    // Compacting often: each instance folds the log while the others keep appending to it.
    const compacting = { COMPACT_EVERY: "40" };
    const [a1, b1, c1] = await Promise.all([instance(s.env, compacting), instance(s.env, compacting), instance(s.env, compacting)]);
    const a = client(a1, "inst-three", "alice");
    const b = client(b1, "inst-three", "bob");
    const c = client(c1, "inst-three", "carol");
    await Promise.all([synced(a), synced(b), synced(c)]);
    const stop = [keepTyping(a, "a"), keepTyping(b, "b"), keepTyping(c, "c")];
    await waitFor(() => a.text.length > 120 && c.text.length > 120, 15_000, "typing");
    const bPort = b1.port;
    await b1.kill();
    procs.splice(procs.indexOf(b1), 1);
    // a and c go on typing through the two instances left; b types offline meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const s of stop) s();
    await instance(s.env, compacting, bPort);
    await waitFor(() => converged(a, b, c), 20_000, "convergence of the three");
    const stored = await s.read("inst-three");
    expect(stored.text).toBe(a.text.toString());
    expect(gapless(stored)).toBe(true);
    expect(storedOnce(stored.updates)).toBe(true);
  }, 90_000);

  it("a hostile socket is closed on its instance and nothing of it reaches another instance or storage", async () => {
    const s = await storage();
    const [a1, b1] = await Promise.all([instance(s.env), instance(s.env)]);
    const a = client(a1, "inst-hostile", "alice");
    const b = client(b1, "inst-hostile", "bob");
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField("cursor", { at: 0 });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 10_000, "a's presence on b's instance");

    // Garbage on A: closed there.
    const garbage = rawClient(a1.url, "inst-hostile", { "x-test-user": "mallory" });
    await garbage.opened;
    garbage.ws.send(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    expect((await garbage.closed).code).toBe(CLOSE.PROTOCOL_ERROR);
    // A read-only socket's edit on A: dropped, never stored, never published.
    const reader = rawClient(a1.url, "inst-hostile", { "x-test-user": "mallory", "x-test-access": "read" });
    await reader.opened;
    const forged = new Y.Doc();
    forged.getText("t").insert(0, "FORGED BY A READER");
    reader.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)));
    // On B, another user's socket claiming a's presence (a client of instance A): closed.
    const spoof = rawClient(b1.url, "inst-hostile", { "x-test-user": "mallory" });
    await spoof.opened;
    const claim = encoding.createEncoder();
    encoding.writeVarUint(claim, 1);
    encoding.writeVarUint(claim, a.doc.clientID);
    encoding.writeVarUint(claim, 1_000);
    encoding.writeVarString(claim, JSON.stringify({ cursor: { at: 99 } }));
    spoof.ws.send(encodeAwarenessMessage(encoding.toUint8Array(claim)));
    expect((await spoof.closed).code).toBe(CLOSE.POLICY);

    // The honest editors carry on across instances.
    a.text.insert(0, "Ordre du jour. ");
    b.text.insert(b.text.length, "Point 1.");
    await waitFor(() => converged(a, b) && a.text.toString().includes("Point 1."), 10_000, "honest editors converge");
    expect(b.text.toString()).not.toContain("FORGED");
    expect((b.provider.awareness.getStates().get(a.doc.clientID) as { user: { id: string } }).user.id).toBe("alice");
    const stored = await s.read("inst-hostile");
    expect(stored.text).toBe(a.text.toString());
    expect(stored.text).not.toContain("FORGED");
    reader.ws.close();
  }, 60_000);

  it("updates published while Redis is down are repaired from storage, and the fan-out resumes when it is back", async () => {
    const s = await storage();
    const [a1, b1] = await Promise.all([instance(s.env, { FANOUT_SWEEP_MS: "500" }), instance(s.env, { FANOUT_SWEEP_MS: "500" })]);
    const a = client(a1, "inst-outage", "alice");
    const b = client(b1, "inst-outage", "bob");
    await Promise.all([synced(a), synced(b)]);
    await redis.kill();
    a.text.insert(0, "pendant la coupure ");
    // No message can reach b's instance: it reads a's durable update from storage.
    await waitFor(() => converged(a, b), 15_000, "repair from storage during the outage");
    expect((await stats(b1)).fanout!.repairs).toBeGreaterThan(0);
    await redis.restart();
    const before = (await stats(b1)).fanout!.received;
    // Once both instances are subscribed again, a's next edits come over the fan-out.
    let received = before;
    const deadline = Date.now() + 15_000;
    while (received === before && Date.now() < deadline) {
      a.text.insert(0, "+");
      await new Promise((resolve) => setTimeout(resolve, 200));
      received = (await stats(b1)).fanout!.received;
    }
    expect(received).toBeGreaterThan(before);
    await waitFor(() => converged(a, b), 15_000, "convergence after Redis is back");
    expect((await s.read("inst-outage")).text).toBe(a.text.toString());
  }, 90_000);
}

describeRedis("several instances on one SQLite file", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  instancesSuite(sqliteStorage);
});

(postgresBinDir ? describeRedis : describe.skip)("several instances on PostgreSQL", () => {
  let postgres: TestPostgres;
  let databases = 0;
  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  });
  afterAll(async () => {
    await redis?.stop();
    await postgres?.stop();
  });
  instancesSuite(async () => {
    // A database per test, empty: the instances migrate it as they start.
    const name = `instances_${++databases}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return postgresStorage(postgres.urlFor(name));
  });
});
