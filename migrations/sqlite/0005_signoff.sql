-- Sign-off rounds (issue 6). A round freezes one exact version of a document (Yjs state +
-- canonical JSON + SHA-256 of it); representatives approve or object per stakeholder category;
-- the document is adopted when every required category is satisfied (docs/decisions/020).
-- Integrity is enforced here too, not only in the domain code: decisions only on open rounds and
-- only for the round's hash; closed rounds, decisions and adopted documents cannot change; no
-- collab update is stored for a document that is not drafting.

-- Revisions: "amend" creates a new document (revision + 1) from the adopted text.
ALTER TABLE documents ADD COLUMN revision_of TEXT REFERENCES documents(id);
ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
CREATE UNIQUE INDEX documents_one_amendment ON documents(revision_of) WHERE revision_of IS NOT NULL;

CREATE TABLE signoff_rounds (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  number INTEGER NOT NULL CHECK (number >= 1),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'adopted', 'reopened')),
  version_hash TEXT NOT NULL CHECK (length(version_hash) = 64 AND version_hash NOT GLOB '*[^0-9a-f]*'),
  snapshot BLOB NOT NULL,                 -- Y.encodeStateAsUpdate of the stored state when opened
  canonical TEXT NOT NULL,                -- canonical JSON of the content; sha256(canonical) = version_hash
  opened_by TEXT NOT NULL REFERENCES users(id),
  opened_at INTEGER NOT NULL,
  closed_by TEXT REFERENCES users(id),
  closed_at INTEGER,
  close_reason TEXT CHECK (close_reason IS NULL OR length(close_reason) <= 2000),
  UNIQUE (document_id, number),
  CHECK ((status = 'open') = (closed_at IS NULL)),
  CHECK (status <> 'reopened' OR (close_reason IS NOT NULL AND length(trim(close_reason)) > 0))
);
-- At most one open round per document.
CREATE UNIQUE INDEX signoff_rounds_one_open ON signoff_rounds(document_id) WHERE status = 'open';

-- The categories whose sign-off a round requires, fixed when the round opens.
CREATE TABLE signoff_round_categories (
  round_id TEXT NOT NULL REFERENCES signoff_rounds(id),
  category_id TEXT NOT NULL REFERENCES stakeholder_categories(id),
  source TEXT NOT NULL CHECK (source IN ('template', 'facilitator')),
  PRIMARY KEY (round_id, category_id)
) WITHOUT ROWID;

-- Append-only: a changed decision is a new row; the current decision of a person in a round is
-- their latest row (highest id).
CREATE TABLE signoff_decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  round_id TEXT NOT NULL REFERENCES signoff_rounds(id),
  category_id TEXT NOT NULL REFERENCES stakeholder_categories(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'object')),
  reason TEXT CHECK (reason IS NULL OR length(reason) <= 2000),
  version_hash TEXT NOT NULL,
  recorded_by TEXT REFERENCES users(id),  -- the facilitator who recorded a decision given in person
  witness TEXT CHECK (witness IS NULL OR length(witness) BETWEEN 1 AND 200),
  decided_at INTEGER NOT NULL,
  CHECK (decision <> 'object' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
  CHECK ((recorded_by IS NULL) = (witness IS NULL))
);
CREATE INDEX signoff_decisions_round ON signoff_decisions(round_id, user_id, id);

-- Rounds: only an open round changes, and only to be closed; nothing is ever deleted.
CREATE TRIGGER signoff_rounds_immutable BEFORE UPDATE ON signoff_rounds
WHEN OLD.status <> 'open'
  OR NEW.document_id IS NOT OLD.document_id OR NEW.number IS NOT OLD.number
  OR NEW.version_hash IS NOT OLD.version_hash OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.canonical IS NOT OLD.canonical OR NEW.opened_by IS NOT OLD.opened_by OR NEW.opened_at IS NOT OLD.opened_at
BEGIN
  SELECT RAISE(ABORT, 'signoff: a closed round and a round''s version are immutable');
END;
CREATE TRIGGER signoff_rounds_no_delete BEFORE DELETE ON signoff_rounds
BEGIN
  SELECT RAISE(ABORT, 'signoff: rounds are never deleted');
END;

CREATE TRIGGER signoff_round_categories_open BEFORE INSERT ON signoff_round_categories
WHEN (SELECT status FROM signoff_rounds WHERE id = NEW.round_id) IS NOT 'open'
BEGIN
  SELECT RAISE(ABORT, 'signoff: required categories are fixed when the round opens');
END;
CREATE TRIGGER signoff_round_categories_no_update BEFORE UPDATE ON signoff_round_categories
BEGIN
  SELECT RAISE(ABORT, 'signoff: required categories are immutable');
END;
CREATE TRIGGER signoff_round_categories_no_delete BEFORE DELETE ON signoff_round_categories
BEGIN
  SELECT RAISE(ABORT, 'signoff: required categories are immutable');
END;

-- A decision only on an open round, for that round's exact hash, for one of its required categories.
CREATE TRIGGER signoff_decisions_valid BEFORE INSERT ON signoff_decisions
WHEN (SELECT status FROM signoff_rounds WHERE id = NEW.round_id) IS NOT 'open'
  OR (SELECT version_hash FROM signoff_rounds WHERE id = NEW.round_id) IS NOT NEW.version_hash
  OR NOT EXISTS (SELECT 1 FROM signoff_round_categories WHERE round_id = NEW.round_id AND category_id = NEW.category_id)
BEGIN
  SELECT RAISE(ABORT, 'signoff: decision refused (round not open, other version or category not required)');
END;
CREATE TRIGGER signoff_decisions_no_update BEFORE UPDATE ON signoff_decisions
BEGIN
  SELECT RAISE(ABORT, 'signoff: decisions are append-only');
END;
CREATE TRIGGER signoff_decisions_no_delete BEFORE DELETE ON signoff_decisions
BEGIN
  SELECT RAISE(ABORT, 'signoff: decisions are append-only');
END;

-- An adopted document never changes (amend creates a new document).
CREATE TRIGGER documents_adopted_immutable BEFORE UPDATE ON documents
WHEN OLD.status = 'adopted'
BEGIN
  SELECT RAISE(ABORT, 'signoff: an adopted document is immutable');
END;
CREATE TRIGGER documents_no_delete_with_rounds BEFORE DELETE ON documents
WHEN EXISTS (SELECT 1 FROM signoff_rounds WHERE document_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'signoff: a document with a sign-off record is never deleted');
END;
-- Status changes follow the rounds: in_signoff only with an open round, adopted only with an
-- adopted round, back to drafting only once no round is open.
CREATE TRIGGER documents_status_follows_rounds BEFORE UPDATE OF status ON documents
WHEN NEW.status IS NOT OLD.status AND (
  (NEW.status = 'in_signoff' AND NOT EXISTS (SELECT 1 FROM signoff_rounds WHERE document_id = NEW.id AND status = 'open'))
  OR (NEW.status = 'adopted' AND NOT EXISTS (SELECT 1 FROM signoff_rounds WHERE document_id = NEW.id AND status = 'adopted'))
  OR (NEW.status = 'drafting' AND EXISTS (SELECT 1 FROM signoff_rounds WHERE document_id = NEW.id AND status IN ('open', 'adopted')))
)
BEGIN
  SELECT RAISE(ABORT, 'signoff: document status does not match its rounds');
END;

-- The text lock, in storage: no collab update is stored for a document that is not drafting
-- (the collab server already refuses writes from read-only connections; this closes any race).
CREATE TRIGGER collab_updates_locked BEFORE INSERT ON collab_updates
WHEN (SELECT status FROM documents WHERE id = NEW.document_id) IN ('in_signoff', 'adopted')
BEGIN
  SELECT RAISE(ABORT, 'signoff: the document is locked');
END;
-- The stored bytes of an adopted text never change, not even by compaction (content-preserving
-- but byte-changing). A failed compaction is harmless: the collab server logs it and keeps the log.
CREATE TRIGGER collab_snapshots_adopted_insert BEFORE INSERT ON collab_snapshots
WHEN (SELECT status FROM documents WHERE id = NEW.document_id) = 'adopted'
BEGIN
  SELECT RAISE(ABORT, 'signoff: the stored text of an adopted document is frozen');
END;
CREATE TRIGGER collab_snapshots_adopted_update BEFORE UPDATE ON collab_snapshots
WHEN (SELECT status FROM documents WHERE id = OLD.document_id) = 'adopted'
BEGIN
  SELECT RAISE(ABORT, 'signoff: the stored text of an adopted document is frozen');
END;
CREATE TRIGGER collab_updates_adopted_delete BEFORE DELETE ON collab_updates
WHEN (SELECT status FROM documents WHERE id = OLD.document_id) = 'adopted'
BEGIN
  SELECT RAISE(ABORT, 'signoff: the stored text of an adopted document is frozen');
END;
