// The storage seam of the collab server. Deliberately narrow (load, append, compact) so that a
// PostgreSQL adapter is an addition, not a rewrite. Methods return promises even though
// the SQLite adapter is synchronous, for the same reason.

export interface StoredState {
  /** Snapshot first (if any), then every update after it, in seq order. */
  updates: Uint8Array[];
  /** The highest seq stored for this document (0 for a new document). */
  seq: number;
  /** seq folded into the snapshot (0 when there is none). */
  snapshotSeq: number;
}

export interface UpdateRow {
  documentId: string;
  seq: number;
  update: Uint8Array;
  userId: string | null;
}

export interface CollabPersistence {
  /** Reads a document's stored state. Must not create anything for an unknown document. */
  load(documentId: string): Promise<StoredState>;
  /** Appends rows of possibly several documents in ONE transaction (group commit). */
  append(rows: UpdateRow[]): Promise<void>;
  /**
   * Replaces the rows with seq <= uptoSeq by `snapshot` (a full Y.encodeStateAsUpdate) in one
   * transaction. Rows after uptoSeq (appended meanwhile) stay.
   */
  compact(documentId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
}
