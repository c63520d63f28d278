-- PostgreSQL twin of migrations/0004_documents.sql: agendas and roadmaps of a process. Their text
-- is a Yjs document stored by the collab server (0003_collab.sql) under the same id; this row holds
-- what the policy and the lists need.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,                      -- URL-safe random id, also the collab document name
  process_id TEXT NOT NULL REFERENCES processes(id),
  kind TEXT NOT NULL CHECK (kind IN ('agenda', 'roadmap')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status TEXT NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting', 'in_signoff', 'adopted')),
  template_id TEXT,                         -- set by the templates feature
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_edited_by TEXT REFERENCES users(id), -- the last user whose text update was stored
  last_edited_at BIGINT
);
CREATE INDEX documents_process ON documents(process_id, created_at);
