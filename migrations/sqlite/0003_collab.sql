-- Collaborative document storage (issue 4).
-- collab_updates is an append-only log: one row per Yjs update, committed BEFORE the update is
-- broadcast to anyone (persist-before-broadcast). seq is per document and strictly increasing.
-- collab_snapshots holds at most one merged state per document; compaction writes the snapshot
-- and deletes the rows it folded (seq <= upto_seq) in ONE transaction, so a crash leaves either
-- the old rows or the new snapshot, never neither.
-- document_id is the opaque collab document name; no foreign key yet: the documents table belongs
-- to another issue and the integrator links them.
CREATE TABLE collab_updates (
  document_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  update_blob BLOB NOT NULL,
  user_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;

CREATE TABLE collab_snapshots (
  document_id TEXT PRIMARY KEY,
  state_blob BLOB NOT NULL,
  upto_seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
