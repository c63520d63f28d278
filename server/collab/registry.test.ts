// A cold load of one stored row (registry.ts, document.ts): the document answers from the stored
// bytes without building its Y.Doc, builds it the moment something needs it, refuses a damaged row
// as strictly as a damaged log, and never compacts an unbuilt document into an empty snapshot.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CollabPersistence, StoredState, UpdateRow } from "../../app/storage/collab-store.server.js";
import { DocumentLoadError, DocumentRegistry } from "./registry.js";
import { validateStoredUpdate } from "./updates.js";

/** Storage in memory: one optional snapshot plus a log per document. */
function memoryPersistence() {
  const snapshots = new Map<string, { state: Uint8Array; upto: number }>();
  const logs = new Map<string, (UpdateRow & { seq: number })[]>();
  const compactions: { id: string; snapshot: Uint8Array; upto: number }[] = [];
  const persistence: CollabPersistence = {
    async load(id): Promise<StoredState> {
      const snapshot = snapshots.get(id);
      const rows = (logs.get(id) ?? []).filter((r) => r.seq > (snapshot?.upto ?? 0));
      return {
        updates: [...(snapshot ? [snapshot.state] : []), ...rows.map((r) => r.update)],
        seq: rows.at(-1)?.seq ?? snapshot?.upto ?? 0,
        snapshotSeq: snapshot?.upto ?? 0,
      };
    },
    async append(rows) {
      return rows.map((row) => {
        const log = logs.get(row.documentId) ?? [];
        const seq = Math.max(log.at(-1)?.seq ?? 0, snapshots.get(row.documentId)?.upto ?? 0) + 1;
        logs.set(row.documentId, [...log, { ...row, seq }]);
        return seq;
      });
    },
    async compact(id, snapshot, upto) {
      compactions.push({ id, snapshot, upto });
      snapshots.set(id, { state: snapshot, upto });
      logs.set(
        id,
        (logs.get(id) ?? []).filter((r) => r.seq > upto),
      );
    },
  };
  return { persistence, snapshots, logs, compactions };
}

function textDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  doc.getText("t").delete(0, 3);
  return doc;
}

const stateVectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe("cold load of one stored row", () => {
  it("serves step 1, step 2 and catch-up diffs from the stored bytes, and builds the Y.Doc only when asked", async () => {
    const source = new Y.Doc();
    source.getText("t").insert(0, "Ceasefire terms");
    const early = Y.encodeStateAsUpdate(source);
    source.getText("t").insert(15, " and the exchange of prisoners");
    source.getText("t").delete(0, 1);
    source.getText("t").insert(0, "C");
    const snapshot = Y.encodeStateAsUpdate(source);
    const { persistence, snapshots } = memoryPersistence();
    snapshots.set("d", { state: snapshot, upto: 7 });
    const registry = new DocumentRegistry({ persistence, idleUnloadMs: 60_000, compactEvery: 1000 });
    const doc = await registry.acquire("d");

    expect(doc.built).toBe(false);
    expect(doc.seq).toBe(7);
    expect(Y.decodeStateVector(doc.stateVector())).toEqual(stateVectorOf(source));
    // A new client (empty state vector) gets the stored bytes themselves.
    expect(doc.stateAsUpdate(Y.encodeStateVector(new Y.Doc()))).toBe(snapshot);
    // A client that has an older state gets what it lacks, and ends with the same text.
    const client = new Y.Doc();
    Y.applyUpdate(client, early);
    const catchUp = doc.stateAsUpdate(Y.encodeStateVector(client));
    expect(catchUp.byteLength).toBeLessThan(snapshot.byteLength);
    Y.applyUpdate(client, catchUp);
    expect(client.getText("t").toString()).toBe("Ceasefire terms and the exchange of prisoners");
    expect(doc.built).toBe(false);

    // The first access to the Y.Doc integrates the bytes, once, and the caches still match.
    expect(doc.ydoc.getText("t").toString()).toBe("Ceasefire terms and the exchange of prisoners");
    expect(doc.built).toBe(true);
    expect(doc.ydoc.getText("t").toString()).toBe("Ceasefire terms and the exchange of prisoners");
    expect(Y.decodeStateVector(doc.stateVector())).toEqual(stateVectorOf(source));
    expect(doc.stateAsUpdate(Y.encodeStateVector(new Y.Doc()))).toBe(snapshot);
    registry.release(doc);
  });

  it("refuses a damaged row as it refuses a damaged log: never an empty document", async () => {
    const snapshot = Y.encodeStateAsUpdate(textDoc("~~~Agenda for the second round"));
    const base = textDoc("~~~Some other document");
    const dependent = new Y.Doc();
    Y.applyUpdate(dependent, Y.encodeStateAsUpdate(base));
    const before = Y.encodeStateVector(dependent);
    dependent.getText("t").insert(4, "depends on what this row lacks");
    const rows = {
      truncated: snapshot.subarray(0, snapshot.byteLength - 4),
      garbage: new Uint8Array([1, 2, 3, 4, 5]),
      // Decodable, but its items' origins are in a document the row does not hold.
      dependent: Y.encodeStateAsUpdate(dependent, before),
    };
    for (const [name, row] of Object.entries(rows)) {
      const { persistence, snapshots } = memoryPersistence();
      snapshots.set("d", { state: row, upto: 3 });
      const registry = new DocumentRegistry({ persistence, idleUnloadMs: 60_000, compactEvery: 1000 });
      await expect(registry.acquire("d"), name).rejects.toBeInstanceOf(DocumentLoadError);
      expect(registry.isLoaded("d"), name).toBe(false);
    }
  });

  it("compacts a seeded document nobody wrote to into a snapshot holding the seed, not an empty one", async () => {
    // A template's seed is the log's first row (seq 1, no snapshot): the unload compacts it.
    const seed = Y.encodeStateAsUpdate(textDoc("~~~1. Opening statements\n2. Exchange of lists"));
    const { persistence, logs, compactions } = memoryPersistence();
    logs.set("seeded", [{ documentId: "seeded", seq: 1, update: seed, userId: "facilitator" }]);
    const registry = new DocumentRegistry({ persistence, idleUnloadMs: 10, compactEvery: 1000 });
    const doc = await registry.acquire("seeded");
    expect(doc.built).toBe(false);
    registry.release(doc);
    const deadline = Date.now() + 5000;
    while (registry.isLoaded("seeded") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(registry.isLoaded("seeded")).toBe(false);
    expect(compactions).toHaveLength(1);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, compactions[0]!.snapshot);
    expect(reloaded.getText("t").toString()).toBe("1. Opening statements\n2. Exchange of lists");
  });
});

describe("validateStoredUpdate", () => {
  it("answers the state vector Yjs computes for the same state", () => {
    const a = textDoc("~~~Roadmap");
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText("t").insert(2, "second author");
    b.getText("t").delete(0, 1);
    const state = Y.encodeStateAsUpdate(b);
    expect(Y.decodeStateVector(validateStoredUpdate(state))).toEqual(stateVectorOf(b));
    expect(Y.decodeStateVector(validateStoredUpdate(state))).toEqual(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)));
    expect(Y.decodeStateVector(validateStoredUpdate(Y.encodeStateAsUpdate(new Y.Doc())))).toEqual(new Map());
  });
});
