// The stored Yjs state of a document (tables from migrations/0003_collab.sql): ONE synchronous
// reader and ONE seeding writer. The collab server's SQLite adapter loads through the same reader
// the sign-off domain hashes with, so "the version the representatives approved" and "the text the
// collab server serves" can never be read two different ways.
import type { StoredState } from "../../server/collab/persistence.js";
import type { Db } from "../../server/db/database.js";

/**
 * Snapshot + log of one document. Synchronous and without its own transaction: call it inside the
 * caller's transaction when the read must be consistent with other writes (better-sqlite3 runs a
 * lone statement in its own implicit transaction, so two statements need the caller's).
 */
export function readStoredState(db: Db, documentId: string): StoredState {
  const snapshot = db.prepare("SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?").get(documentId) as
    | { state_blob: Buffer; upto_seq: number }
    | undefined;
  const snapshotSeq = snapshot?.upto_seq ?? 0;
  const updates: Uint8Array[] = snapshot ? [new Uint8Array(snapshot.state_blob)] : [];
  let seq = snapshotSeq;
  const rows = db.prepare("SELECT seq, update_blob FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq").all(documentId, snapshotSeq) as {
    seq: number;
    update_blob: Buffer;
  }[];
  for (const row of rows) {
    updates.push(new Uint8Array(row.update_blob));
    seq = row.seq;
  }
  return { updates, seq, snapshotSeq };
}

/**
 * Writes a new document's first stored update (a template's text, an adopted version being
 * amended) in the caller's transaction, before anyone can open it: clients only ever sync it.
 */
export function seedStoredState(db: Db, documentId: string, state: Uint8Array, userId: string, at: number): void {
  db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, 1, ?, ?, ?)").run(documentId, state, userId, at);
}
