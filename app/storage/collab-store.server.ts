// The collab tables (collab_updates, collab_snapshots; migrations/sqlite/0003_collab.sql), behind
// ONE module: every read and write of a document's stored Yjs state goes through here, whether it
// comes from the collab server (load, append, compact) or from the domain (seed a new document,
// read the state a sign-off hashes, read the log a restore scans). The sign-off domain hashes
// with the same reader the collab server loads with, so "the version the representatives
// approved" and "the text the collab server serves" can never be read two different ways.
//
// This is the seam a PostgreSQL adapter plugs into (docs/decisions/036-storage-boundary.md).
import type { Db } from "./database.server.js";

export interface StoredState {
  /** Snapshot first (if any), then every update after it, in seq order. */
  updates: Uint8Array[];
  /** The highest seq stored for this document (0 for a new document). */
  seq: number;
  /** seq folded into the snapshot (0 when there is none). */
  snapshotSeq: number;
}

/** An update to store. Its seq is not the caller's to choose: storage allocates it (see append). */
export interface UpdateRow {
  documentId: string;
  update: Uint8Array;
  userId: string | null;
}

/**
 * What the collab server needs from storage. Deliberately narrow (load, append, compact) so that
 * a PostgreSQL adapter is an addition, not a rewrite; methods return promises even though the
 * SQLite adapter is synchronous, for the same reason.
 */
export interface CollabPersistence {
  /**
   * Reads a document's stored state. Must not create anything for an unknown document. With
   * `afterSeq`, only what a holder of every update up to it lacks: the rows after it, or the
   * snapshot and its rows when the snapshot folded rows after it (another instance compacted).
   */
  load(documentId: string, afterSeq?: number): Promise<StoredState>;
  /**
   * Appends rows of possibly several documents in ONE transaction (group commit) and resolves with
   * the seq storage gave each row, in order. Seqs are allocated inside the transaction, after the
   * document's head is locked: several instances appending to one document get one gapless,
   * strictly increasing sequence, and a document's rows in one batch get consecutive seqs.
   */
  append(rows: UpdateRow[]): Promise<number[]>;
  /**
   * Replaces the rows with seq <= uptoSeq by `snapshot` (a full Y.encodeStateAsUpdate) in one
   * transaction. Rows after uptoSeq (appended meanwhile) stay.
   */
  compact(documentId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * The highest stored seq of each document (0 for one with nothing stored): how several
   * instances check in one query which loaded copies are behind storage. Optional: without it,
   * every copy is read after its seq.
   */
  heads?(documentIds: string[]): Promise<Map<string, number>>;
}

/**
 * Snapshot + log of one document. Synchronous and without its own transaction: call it inside the
 * caller's transaction when the read must be consistent with other writes (better-sqlite3 runs a
 * lone statement in its own implicit transaction, so two statements need the caller's).
 */
export function readStoredState(db: Db, documentId: string, afterSeq = 0): StoredState {
  const snapshot = db.prepare("SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?").get(documentId) as
    | { state_blob: Buffer; upto_seq: number }
    | undefined;
  const snapshotSeq = snapshot?.upto_seq ?? 0;
  // A holder of everything up to afterSeq needs the snapshot only if it folded rows after that.
  const withSnapshot = snapshot !== undefined && snapshotSeq > afterSeq;
  const updates: Uint8Array[] = withSnapshot ? [new Uint8Array(snapshot.state_blob)] : [];
  const from = Math.max(snapshotSeq, afterSeq);
  let seq = from;
  const rows = db.prepare("SELECT seq, update_blob FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq").all(documentId, from) as {
    seq: number;
    update_blob: Buffer;
  }[];
  for (const row of rows) {
    updates.push(new Uint8Array(row.update_blob));
    seq = row.seq;
  }
  return { updates, seq, snapshotSeq };
}

/** The stored state with who wrote each logged update and when (a restore scans it). */
export interface StoredLog {
  /** The snapshot, if any, as one update. */
  base: Uint8Array[];
  /** When the snapshot was written. */
  baseAt: number | null;
  rows: { seq: number; update: Uint8Array; at: number; userId: string | null }[];
}

/** Like readStoredState, with each logged update's author and time. Same transaction rule. */
export function readStoredLog(db: Db, documentId: string): StoredLog {
  const snapshot = db.prepare("SELECT state_blob, upto_seq, updated_at FROM collab_snapshots WHERE document_id = ?").get(documentId) as
    | { state_blob: Buffer; upto_seq: number; updated_at: number }
    | undefined;
  const rows = (
    db
      .prepare("SELECT seq, update_blob, created_at, user_id FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq")
      .all(documentId, snapshot?.upto_seq ?? 0) as { seq: number; update_blob: Buffer; created_at: number; user_id: string | null }[]
  ).map((r) => ({ seq: r.seq, update: new Uint8Array(r.update_blob), at: r.created_at, userId: r.user_id }));
  return { base: snapshot ? [new Uint8Array(snapshot.state_blob)] : [], baseAt: snapshot?.updated_at ?? null, rows };
}

/**
 * The seq the next update of a document gets: one past both the last logged row and what the
 * snapshot folded (compaction may have deleted every row). Read inside the append transaction.
 */
const HEAD_SQL = `SELECT MAX(COALESCE((SELECT MAX(seq) FROM collab_updates WHERE document_id = ?), 0),
  COALESCE((SELECT upto_seq FROM collab_snapshots WHERE document_id = ?), 0)) AS head`;

/**
 * Writes a new document's first stored update (a template's text, an adopted version being
 * amended) in the caller's transaction, before anyone can open it: clients only ever sync it.
 */
export function seedStoredState(db: Db, documentId: string, state: Uint8Array, userId: string, at: number): void {
  db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, 1, ?, ?, ?)").run(documentId, state, userId, at);
}

export interface SqlitePersistenceOptions {
  /**
   * Runs inside the append transaction (e.g. "last edited by/at" on the documents table), so the
   * metadata commits with the updates at no extra fsync.
   */
  onAppend?(rows: UpdateRow[]): void;
}

/**
 * The collab server's storage on SQLite. better-sqlite3 is synchronous: a commit returns only once
 * SQLite has written (and, with synchronous=FULL, fsynced) the WAL, which is what
 * persist-before-broadcast relies on.
 */
export function createSqlitePersistence(db: Db, options: SqlitePersistenceOptions = {}): CollabPersistence {
  const insertUpdate = db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, ?, ?, ?, ?)");
  const head = db.prepare(HEAD_SQL).pluck();
  const upsertSnapshot = db.prepare(
    `INSERT INTO collab_snapshots (document_id, state_blob, upto_seq, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET state_blob = excluded.state_blob, upto_seq = excluded.upto_seq, updated_at = excluded.updated_at
     WHERE excluded.upto_seq >= collab_snapshots.upto_seq`,
  );
  const deleteFolded = db.prepare("DELETE FROM collab_updates WHERE document_id = ? AND seq <= ?");

  const appendAll = db.transaction((rows: UpdateRow[]): number[] => {
    const now = Date.now();
    const next = new Map<string, number>();
    const seqs: number[] = [];
    for (const row of rows) {
      const seq = (next.get(row.documentId) ?? (head.get(row.documentId, row.documentId) as number)) + 1;
      next.set(row.documentId, seq);
      insertUpdate.run(row.documentId, seq, row.update, row.userId, now);
      seqs.push(seq);
    }
    options.onAppend?.(rows);
    return seqs;
  });
  const compactOne = db.transaction((documentId: string, snapshot: Uint8Array, uptoSeq: number) => {
    upsertSnapshot.run(documentId, snapshot, uptoSeq, Date.now());
    deleteFolded.run(documentId, uptoSeq);
  });
  // A read of snapshot + log must see one consistent state even if another connection writes.
  const readAll = db.transaction((documentId: string, afterSeq: number): StoredState => readStoredState(db, documentId, afterSeq));

  return {
    async load(documentId, afterSeq = 0) {
      return readAll(documentId, afterSeq);
    },
    async append(rows) {
      // IMMEDIATE: the write lock is taken before the head is read, so another process appending
      // to the same file (a second instance) waits instead of reading the same head.
      return rows.length ? appendAll.immediate(rows) : [];
    },
    async compact(documentId, snapshot, uptoSeq) {
      compactOne(documentId, snapshot, uptoSeq);
    },
    async heads(documentIds) {
      return new Map(documentIds.map((id) => [id, head.get(id, id) as number]));
    },
  };
}
