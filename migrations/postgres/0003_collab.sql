-- PostgreSQL twin of migrations/0003_collab.sql: collaborative document storage (issue 4).
-- collab_updates is an append-only log: one row per Yjs update, committed BEFORE the update is
-- broadcast to anyone (persist-before-broadcast). seq is per document and strictly increasing
-- (given by the collab server, not by the database). collab_snapshots holds at most one merged
-- state per document; compaction writes the snapshot and deletes the rows it folded
-- (seq <= upto_seq) in ONE transaction, so a crash leaves either the old rows or the new snapshot.
-- document_id is the opaque collab document name; no foreign key, as in SQLite.
-- seq and upto_seq are BIGINT like SQLite's 64-bit INTEGER: a long-lived document's log counter
-- has no reason to stop at 2^31.
CREATE TABLE collab_updates (
  document_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  update_blob BYTEA NOT NULL,
  user_id TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (document_id, seq)
);

CREATE TABLE collab_snapshots (
  document_id TEXT PRIMARY KEY,
  state_blob BYTEA NOT NULL,
  upto_seq BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
