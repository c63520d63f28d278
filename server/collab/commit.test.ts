// Group commit (commit.ts): a batch of several documents that storage refuses because of ONE of
// them (a text frozen by another instance a moment ago) is retried per document, so only that
// document's copy fails; the others' updates are stored and sent as usual.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CollabPersistence, UpdateRow } from "../../app/storage/collab-store.server.js";
import { GroupCommitter } from "./commit.js";
import { CollabDocument, type DocumentHooks, type DocumentPeer } from "./document.js";

function oneEdit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe("group commit", () => {
  it("retries a refused multi-document batch per document: only the refusing document fails", async () => {
    const stored: UpdateRow[] = [];
    const persistence: CollabPersistence = {
      load: async () => ({ updates: [], seq: 0, snapshotSeq: 0 }),
      compact: async () => {},
      async append(rows) {
        if (rows.some((r) => r.documentId === "frozen")) throw new Error("signoff: the document is locked");
        stored.push(...rows);
        return rows.map((_, i) => i + 1);
      },
    };
    const committer = new GroupCommitter(persistence);
    const failed: string[] = [];
    const hooks: DocumentHooks = { scheduleCommit: (doc) => committer.schedule(doc), committed: () => {}, failed: (doc) => failed.push(doc.id) };
    const received = new Map<string, number>();
    const docs = ["open", "frozen"].map((id) => {
      const doc = new CollabDocument(id, 0, 0, hooks);
      const writer: DocumentPeer = { id: 1, userId: "w", send: () => {}, close: () => {} };
      const reader: DocumentPeer = { id: 2, userId: "r", send: () => received.set(id, (received.get(id) ?? 0) + 1), close: () => {} };
      doc.addPeer(writer);
      doc.addPeer(reader);
      doc.applyFrom(writer, oneEdit(`text of ${id}`));
      return doc;
    });
    await committer.flush();
    expect(stored.map((r) => r.documentId)).toEqual(["open"]);
    expect(docs[0]!.seq).toBe(1);
    expect(received.get("open")).toBe(1);
    expect(failed).toEqual(["frozen"]);
    expect(received.get("frozen")).toBeUndefined();
  });
});
