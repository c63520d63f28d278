-- PostgreSQL twin of migrations/0007_team_layer.sql: the confidential team layer
-- (docs/decisions/024-team-layer.md).
--
-- 1. A document's visibility: 'team' (facilitators, mediators, analysts) or 'shared' (every
--    member). Documents that exist before this change were seen by every member: they stay
--    'shared'. New documents are created 'team' by the app (createDocument, amendDocument).
ALTER TABLE documents ADD COLUMN visibility TEXT NOT NULL DEFAULT 'shared' CHECK (visibility IN ('team', 'shared'));

-- SQLite's json_valid(X) for the CHECKs below and in 0009 (PostgreSQL 15 has no `IS JSON`; 16
-- does). True when the text parses as JSON (the json type's RFC 8259 parser), false otherwise; NULL
-- gives NULL, as in SQLite. IMMUTABLE: it depends on its argument only, as a CHECK requires.
CREATE FUNCTION json_valid(value TEXT) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  PERFORM value::json;
  RETURN true;
EXCEPTION WHEN OTHERS THEN
  RETURN false;
END;
$$;

-- 2. Annotation threads: anchored to a range of a document's text (or a whole item) and stored
--    here, never in the text's Yjs state, so that each reader is given only what the policy lets
--    them read. The anchor is JSON (app/core/annotations/types.ts): Yjs relative positions plus
--    the quoted text and its context, kept fresh by the server as the text changes.
CREATE TABLE annotation_threads (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  type TEXT NOT NULL CHECK (type IN ('powerStructure', 'legitimacy', 'exclusionRisk', 'governanceFunction', 'gender', 'generational', 'evidence', 'general')),
  visibility TEXT NOT NULL CHECK (visibility IN ('team', 'shared')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  anchor TEXT NOT NULL CHECK (json_valid(anchor) AND length(anchor) <= 4000),
  -- The last resolution against the stored text found nothing to point at (shown with its quote).
  detached INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1)),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_by TEXT REFERENCES users(id),
  resolved_at BIGINT,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX annotation_threads_document ON annotation_threads(document_id);

-- Messages of a thread, the first one opening it. A deleted message keeps its row (replies stay in
-- order) but not its words: the body is erased.
CREATE TABLE annotation_messages (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES annotation_threads(id),
  author_id TEXT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  edited_at BIGINT,
  deleted_at BIGINT,
  CHECK ((deleted_at IS NULL AND length(body) BETWEEN 1 AND 4000) OR (deleted_at IS NOT NULL AND body = ''))
);
CREATE INDEX annotation_messages_thread ON annotation_messages(thread_id, created_at);
-- Links from threads to actors of the stakeholder map come with the map (a table of its own).

-- The storage keeps the two rules of visibility whatever the code does: a round opens only on a
-- shared document (representatives sign what they can see), and only a draft goes back to the team.
CREATE TRIGGER documents_signoff_needs_shared BEFORE UPDATE OF status ON documents
FOR EACH ROW WHEN (NEW.status = 'in_signoff' AND NEW.visibility <> 'shared')
EXECUTE FUNCTION refuse('a team-only document cannot enter sign-off');

CREATE TRIGGER documents_unshare_only_drafts BEFORE UPDATE OF visibility ON documents
FOR EACH ROW WHEN (NEW.visibility = 'team' AND NEW.status <> 'drafting')
EXECUTE FUNCTION refuse('only a draft can be made team-only');
