// SQLite implementation of the collab storage seam (tables from migrations/0003_collab.sql).
// better-sqlite3 is synchronous: a commit returns only once SQLite has written (and, with
// synchronous=FULL, fsynced) the WAL, which is what persist-before-broadcast relies on.
import type { Db } from "../db/database.js";
import type { CollabPersistence, StoredState, UpdateRow } from "./persistence.js";

export interface SqlitePersistenceOptions {
  /**
   * Runs inside the append transaction (e.g. "last edited by/at" on the documents table), so the
   * metadata commits with the updates at no extra fsync.
   */
  onAppend?(rows: UpdateRow[]): void;
}

export function createSqlitePersistence(db: Db, options: SqlitePersistenceOptions = {}): CollabPersistence {
  const selectSnapshot = db.prepare<[string], { state_blob: Buffer; upto_seq: number }>(
    "SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?",
  );
  const selectUpdates = db.prepare<[string, number], { seq: number; update_blob: Buffer }>(
    "SELECT seq, update_blob FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq",
  );
  const insertUpdate = db.prepare(
    "INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const upsertSnapshot = db.prepare(
    `INSERT INTO collab_snapshots (document_id, state_blob, upto_seq, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET state_blob = excluded.state_blob, upto_seq = excluded.upto_seq, updated_at = excluded.updated_at
     WHERE excluded.upto_seq >= collab_snapshots.upto_seq`,
  );
  const deleteFolded = db.prepare("DELETE FROM collab_updates WHERE document_id = ? AND seq <= ?");

  const appendAll = db.transaction((rows: UpdateRow[]) => {
    const now = Date.now();
    for (const row of rows) insertUpdate.run(row.documentId, row.seq, row.update, row.userId, now);
    options.onAppend?.(rows);
  });
  const compactOne = db.transaction((documentId: string, snapshot: Uint8Array, uptoSeq: number) => {
    upsertSnapshot.run(documentId, snapshot, uptoSeq, Date.now());
    deleteFolded.run(documentId, uptoSeq);
  });
  // A read of snapshot + log must see one consistent state even if another connection writes.
  const readAll = db.transaction((documentId: string): StoredState => {
    const snapshot = selectSnapshot.get(documentId);
    const snapshotSeq = snapshot?.upto_seq ?? 0;
    const updates: Uint8Array[] = snapshot ? [new Uint8Array(snapshot.state_blob)] : [];
    let seq = snapshotSeq;
    for (const row of selectUpdates.all(documentId, snapshotSeq)) {
      updates.push(new Uint8Array(row.update_blob));
      seq = row.seq;
    }
    return { updates, seq, snapshotSeq };
  });

  return {
    async load(documentId) {
      return readAll(documentId);
    },
    async append(rows) {
      if (rows.length) appendAll(rows);
    },
    async compact(documentId, snapshot, uptoSeq) {
      compactOne(documentId, snapshot, uptoSeq);
    },
  };
}
