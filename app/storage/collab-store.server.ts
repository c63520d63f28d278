// The collab tables (collab_updates, collab_snapshots; migrations/sqlite/0003_collab.sql), behind
// ONE module: every read and write of a document's stored Yjs state goes through here, whether it
// comes from the collab server (load, append, compact) or from the domain (seed a new document,
// read the state a sign-off hashes, read the log a restore scans). The sign-off domain hashes
// with the same reader the collab server loads with, so "the version the representatives
// approved" and "the text the collab server serves" can never be read two different ways.
//
// This is the seam a PostgreSQL adapter plugs into (docs/decisions/036-storage-boundary.md).
import type { Db } from "./database.server.js";
import { holdRow, type Sql } from "./sql.server.js";

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
 * Snapshot and log of one document in ONE statement, so that it reads one consistent state on both
 * engines even outside a transaction: on PostgreSQL each statement of a READ COMMITTED transaction
 * sees its own snapshot, and a compaction committing between a snapshot read and a log read would
 * lose the rows it folded.
 */
const STORED_SQL = `SELECT 0 AS seq, state_blob AS blob, upto_seq, updated_at AS at, NULL AS user_id FROM collab_snapshots WHERE document_id = ?
  UNION ALL
  SELECT u.seq, u.update_blob, NULL, u.created_at, u.user_id FROM collab_updates u
  WHERE u.document_id = ? AND u.seq > ? AND u.seq > COALESCE((SELECT s.upto_seq FROM collab_snapshots s WHERE s.document_id = ?), 0)
  ORDER BY seq`;
interface StoredRow {
  /** 0 for the snapshot row (stored seqs start at 1). */
  seq: number;
  blob: Buffer;
  upto_seq: number | null;
  at: number;
  user_id: string | null;
}

async function readStoredRows(db: Sql, documentId: string, afterSeq: number) {
  const rows = await db.all<StoredRow>(STORED_SQL, documentId, documentId, afterSeq, documentId);
  const snapshot = rows[0] && Number(rows[0].seq) === 0 ? rows[0] : undefined;
  return { snapshot, log: snapshot ? rows.slice(1) : rows };
}

/** Snapshot + log of one document (see STORED_SQL); inside the caller's transaction when it has one. */
export async function readStoredState(db: Sql, documentId: string, afterSeq = 0): Promise<StoredState> {
  const { snapshot, log } = await readStoredRows(db, documentId, afterSeq);
  return storedState(
    snapshot && { state_blob: snapshot.blob, upto_seq: snapshot.upto_seq! },
    afterSeq,
    log.map((r) => ({ seq: r.seq, update_blob: r.blob })),
  );
}

/**
 * Holds a document's stored text still until the caller's transaction ends: a sign-off change
 * (opening a round, a decision, adoption) hashes the stored text and changes the document's status
 * on what it read. On PostgreSQL the document's row is locked (the trigger that refuses updates to a
 * locked text takes the same row lock, so an append either committed before or waits, then sees the
 * new status); on SQLite a transaction already holds the one write lock from its BEGIN IMMEDIATE.
 */
export async function lockStoredText(db: Sql, documentId: string): Promise<void> {
  await holdRow(db, "documents", documentId);
}

/** The same read on the raw SQLite handle, for the collab server's synchronous adapter. */
function readStoredStateNow(db: Db, documentId: string, afterSeq: number): StoredState {
  const snapshot = db.prepare("SELECT state_blob, upto_seq FROM collab_snapshots WHERE document_id = ?").get(documentId) as
    | { state_blob: Buffer; upto_seq: number }
    | undefined;
  const from = Math.max(snapshot?.upto_seq ?? 0, afterSeq);
  const rows = db.prepare("SELECT seq, update_blob FROM collab_updates WHERE document_id = ? AND seq > ? ORDER BY seq").all(documentId, from) as {
    seq: number;
    update_blob: Buffer;
  }[];
  return storedState(snapshot, afterSeq, rows);
}

function storedState(
  snapshot: { state_blob: Buffer; upto_seq: number | string } | undefined,
  afterSeq: number,
  rows: { seq: number | string; update_blob: Buffer }[],
): StoredState {
  const snapshotSeq = Number(snapshot?.upto_seq ?? 0);
  // A holder of everything up to afterSeq needs the snapshot only if it folded rows after that.
  const withSnapshot = snapshot !== undefined && snapshotSeq > afterSeq;
  const updates: Uint8Array[] = withSnapshot ? [new Uint8Array(snapshot.state_blob)] : [];
  let seq = Math.max(snapshotSeq, afterSeq);
  for (const row of rows) {
    updates.push(new Uint8Array(row.update_blob));
    seq = Number(row.seq);
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

/** Like readStoredState, with each logged update's author and time. */
export async function readStoredLog(db: Sql, documentId: string): Promise<StoredLog> {
  const { snapshot, log } = await readStoredRows(db, documentId, 0);
  return {
    base: snapshot ? [new Uint8Array(snapshot.blob)] : [],
    baseAt: snapshot ? Number(snapshot.at) : null,
    rows: log.map((r) => ({ seq: Number(r.seq), update: new Uint8Array(r.blob), at: Number(r.at), userId: r.user_id })),
  };
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
export async function seedStoredState(db: Sql, documentId: string, state: Uint8Array, userId: string, at: number): Promise<void> {
  await db.run("INSERT INTO collab_updates (document_id, seq, update_blob, user_id, created_at) VALUES (?, 1, ?, ?, ?)", documentId, state, userId, at);
}

export interface SqlitePersistenceOptions {
  /**
   * Runs inside the append transaction (e.g. "last edited by/at" on the documents table), so the
   * metadata commits with the updates at no extra fsync.
   */
  onAppend?(rows: UpdateRow[]): void;
  /**
   * Runs each synchronous unit of work with the connection to itself: in the app, the query
   * layer's `exclusive`, so a commit never lands inside a domain transaction that is awaiting its
   * next statement on the same connection (and could roll it back after it was broadcast).
   * Without it (a collab server alone on its handle), the work runs at once.
   */
  serialize?<T>(work: () => T): Promise<T>;
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
  const readAll = db.transaction((documentId: string, afterSeq: number): StoredState => readStoredStateNow(db, documentId, afterSeq));
  const serialize = options.serialize ?? (async <T>(work: () => T) => work());

  return {
    load(documentId, afterSeq = 0) {
      return serialize(() => readAll(documentId, afterSeq));
    },
    append(rows) {
      // IMMEDIATE: the write lock is taken before the head is read, so another process appending
      // to the same file (a second instance) waits instead of reading the same head.
      return rows.length ? serialize(() => appendAll.immediate(rows)) : Promise.resolve([]);
    },
    compact(documentId, snapshot, uptoSeq) {
      return serialize(() => compactOne(documentId, snapshot, uptoSeq));
    },
    heads(documentIds) {
      return serialize(() => new Map(documentIds.map((id) => [id, head.get(id, id) as number])));
    },
  };
}
