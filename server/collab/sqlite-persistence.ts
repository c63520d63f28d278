// SQLite implementation of the collab storage seam (tables from migrations/0003_collab.sql).
// better-sqlite3 is synchronous: a commit returns only once SQLite has written (and, with
// synchronous=FULL, fsynced) the WAL, which is what persist-before-broadcast relies on.
import type { Db } from "../db/database.js";
import { readStoredState } from "../../app/domain/stored-state.server.js";
import type { CollabPersistence, StoredState, UpdateRow } from "./persistence.js";

export interface SqlitePersistenceOptions {
  /**
   * Runs inside the append transaction (e.g. "last edited by/at" on the documents table), so the
   * metadata commits with the updates at no extra fsync.
   */
  onAppend?(rows: UpdateRow[]): void;
}

export function createSqlitePersistence(db: Db, options: SqlitePersistenceOptions = {}): CollabPersistence {
  const insertUpdate = db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, ?, ?)");
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
  // The same reader the sign-off domain hashes with (app/domain/stored-state.server.ts).
  const readAll = db.transaction((documentId: string): StoredState => readStoredState(db, documentId));

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
