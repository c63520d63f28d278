// How one instance's copy of a document follows the others (document.ts, instances.ts): another
// instance's durable batches are integrated without being queued for storage, a hole in the seqs
// is noticed and filled from storage, and nothing is applied twice.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CollabDocument, type DocumentHooks, type DocumentPeer } from "./document.js";
import { decodeRemoteBatch, encodeRemoteBatch } from "./instances.js";

function editsOf(text: string, clientID: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (const ch of text) doc.getText("t").insert(doc.getText("t").length, ch);
  return updates;
}

function documentAt(seq: number) {
  const calls = { scheduled: 0, gaps: 0 };
  const hooks: DocumentHooks = {
    scheduleCommit: () => calls.scheduled++,
    committed: () => {},
    failed: () => {},
    gap: () => calls.gaps++,
  };
  const doc = new CollabDocument("doc", seq, 0, hooks);
  const received: Uint8Array[] = [];
  const peer: DocumentPeer = { id: 1, userId: "u", send: (frame) => received.push(frame), close: () => {} };
  doc.addPeer(peer);
  return { doc, calls, received };
}

describe("a copy of a document served by several instances", () => {
  it("integrates another instance's batch, sends it to its own connections, and never queues it for storage", () => {
    const { doc, calls, received } = documentAt(0);
    const [u1, u2] = editsOf("ab", 7);
    doc.applyRemote(1, 2, Y.mergeUpdates([u1!, u2!]));
    expect(doc.ydoc.getText("t").toString()).toBe("ab");
    expect(doc.seq).toBe(2);
    expect(received).toHaveLength(1);
    expect(calls.scheduled).toBe(0);
    expect(doc.takeBatch()).toBeNull();
    // The same batch again (a repair overlapping a message): nothing changes, nothing is sent.
    doc.applyRemote(1, 2, Y.mergeUpdates([u1!, u2!]));
    expect(received).toHaveLength(1);
    expect(doc.ydoc.getText("t").toString()).toBe("ab");
  });

  it("notices a hole in the seqs, keeps what it has above it, and closes it with what storage returns", () => {
    const { doc, calls } = documentAt(0);
    const updates = editsOf("abcd", 9);
    // Seqs 3–4 arrive first (seqs 1–2 are late, or lost).
    doc.applyRemote(3, 4, Y.mergeUpdates(updates.slice(2)));
    expect(doc.seq).toBe(0);
    expect(doc.hasGap).toBe(true);
    expect(calls.gaps).toBe(1);
    // Storage holds everything after seq 0: the repair brings 1–4 (3–4 again, harmlessly).
    doc.applyRepair({ updates, seq: 4, snapshotSeq: 0 });
    expect(doc.seq).toBe(4);
    expect(doc.hasGap).toBe(false);
    expect(doc.ydoc.getText("t").toString()).toBe("abcd");
  });

  it("its own commit above another instance's seqs leaves a hole until that batch arrives", () => {
    const { doc, calls } = documentAt(2);
    const peer: DocumentPeer = { id: 2, userId: "w", send: () => {}, close: () => {} };
    doc.addPeer(peer);
    const own = editsOf("x", 11);
    doc.applyFrom(peer, own[0]!);
    const batch = doc.takeBatch()!;
    // Storage gave it seq 4: seq 3 is another instance's, not heard of yet.
    doc.commitSucceeded(batch, 4);
    expect(doc.seq).toBe(2);
    expect(calls.gaps).toBe(1);
    doc.applyRemote(3, 3, editsOf("y", 12)[0]!);
    expect(doc.seq).toBe(4);
    expect(doc.hasGap).toBe(false);
  });

  it("encodes and decodes a batch message, and refuses a malformed one", () => {
    const update = editsOf("é", 5)[0]!;
    expect(decodeRemoteBatch(encodeRemoteBatch("doc-1", 3, 5, update))).toEqual({ documentId: "doc-1", first: 3, last: 5, update });
    expect(() => decodeRemoteBatch(encodeRemoteBatch("doc-1", 5, 3, update))).toThrow();
    expect(() => decodeRemoteBatch(new Uint8Array([200]))).toThrow();
  });
});
