-- PostgreSQL twin of migrations/0008_versions.sql. Version history (issue 12): the versions of a
-- document besides its rounds' frozen versions (signoff_rounds, 0005). A drafter saves the current
-- text with a name ('named'); the server keeps one when an editing session goes quiet, and before a
-- restore replaces the text ('auto'). Each row is self-contained: the merged Yjs state of the
-- stored text at that moment (so it survives compaction of the collab log), its canonical JSON and
-- the SHA-256 of that JSON (docs/decisions/021), as a round stores them.
CREATE TABLE document_versions (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  kind TEXT NOT NULL CHECK (kind IN ('named', 'auto')),
  -- A named version's name, trimmed, 1 to 120 characters; NULL for an automatic one.
  name TEXT CHECK (name IS NULL OR (length(name) BETWEEN 1 AND 120 AND name = trim(name))),
  state BYTEA NOT NULL,                   -- Y.encodeStateAsUpdate of the merged stored state
  canonical TEXT NOT NULL,                -- canonical JSON of the content; sha256(canonical) = version_hash
  version_hash TEXT NOT NULL CHECK (length(version_hash) = 64 AND version_hash !~ '[^0-9a-f]'),
  -- The drafter who saved it; NULL for an automatic version (the server took it).
  created_by TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  CHECK ((kind = 'named') = (name IS NOT NULL)),
  CHECK ((kind = 'named') = (created_by IS NOT NULL))
);
CREATE INDEX document_versions_document ON document_versions(document_id, created_at);

-- A version is a draft's: once a text is frozen or adopted, its versions are its rounds'.
-- The document is locked as by the text triggers of 0005 (a freeze waits for the version, or the
-- version for the freeze). A missing document reads as NULL: refused, as in SQLite.
CREATE FUNCTION document_versions_drafting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT status FROM documents WHERE id = NEW.document_id FOR NO KEY UPDATE) IS DISTINCT FROM 'drafting' THEN
    RAISE EXCEPTION USING MESSAGE = 'versions: only a draft gets new versions', ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER document_versions_drafting BEFORE INSERT ON document_versions
FOR EACH ROW EXECUTE FUNCTION document_versions_drafting();
-- Versions are history: never changed, never deleted.
CREATE TRIGGER document_versions_no_update BEFORE UPDATE ON document_versions
FOR EACH ROW EXECUTE FUNCTION refuse('versions: a version never changes');
CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
FOR EACH ROW EXECUTE FUNCTION refuse('versions: a version is never deleted');
CREATE TRIGGER document_versions_no_truncate BEFORE TRUNCATE ON document_versions
FOR EACH STATEMENT EXECUTE FUNCTION refuse('versions: a version is never deleted');
