-- PostgreSQL twin of migrations/0002_processes.sql: mediation processes, their stakeholder
-- categories, members and invitations. Types as described in 0001_foundation.sql.

CREATE TABLE processes (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  locality TEXT NOT NULL CHECK (length(trim(locality)) > 0),
  region TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  -- Working languages as a comma-separated, sorted subset of the interface languages.
  languages TEXT NOT NULL CHECK (languages IN ('en', 'fr', 'en,fr')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_by TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  archived_at BIGINT
);

-- Every process gets its own copy of the default categories (key set, labels come from the
-- code so a wording fix reaches all processes) and may add its own (key NULL, both labels set).
-- UNIQUE (process_id, key) allows several NULL keys in both engines (NULLs are distinct).
CREATE TABLE stakeholder_categories (
  id TEXT PRIMARY KEY,
  process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
  key TEXT,
  label_en TEXT,
  label_fr TEXT,
  position INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (process_id, key),
  -- Target of the composite foreign keys below: a member's category belongs to the same process.
  UNIQUE (id, process_id),
  CHECK (
    key IS NOT NULL
    OR (label_en IS NOT NULL AND length(trim(label_en)) > 0 AND label_fr IS NOT NULL AND length(trim(label_fr)) > 0)
  )
);
CREATE INDEX stakeholder_categories_process ON stakeholder_categories(process_id, position);

-- SQLite: WITHOUT ROWID (the primary key is the table); here an ordinary table and its key index.
CREATE TABLE process_members (
  process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('facilitator', 'mediator', 'analyst', 'representative', 'observer')),
  category_id TEXT,
  affiliation TEXT,
  joined_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- The primary key is the index behind getMembership(), asked on every request and collab upgrade.
  PRIMARY KEY (process_id, user_id),
  -- No ON DELETE: a category in use cannot be deleted. MATCH SIMPLE in both engines: a NULL
  -- category_id checks nothing.
  FOREIGN KEY (category_id, process_id) REFERENCES stakeholder_categories(id, process_id),
  -- A representative always speaks for a category and a community; other roles have no category.
  CHECK (
    (role = 'representative' AND category_id IS NOT NULL AND affiliation IS NOT NULL AND length(trim(affiliation)) > 0)
    OR (role != 'representative' AND category_id IS NULL)
  )
);
CREATE INDEX process_members_user ON process_members(user_id);
CREATE INDEX process_members_category ON process_members(category_id);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,       -- hex SHA-256 of the link's token; the token itself is never stored
  process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('facilitator', 'mediator', 'analyst', 'representative', 'observer')),
  category_id TEXT,
  affiliation TEXT,
  note TEXT,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  used_by TEXT REFERENCES users(id),
  revoked_at BIGINT,
  revoked_by TEXT REFERENCES users(id),
  FOREIGN KEY (category_id, process_id) REFERENCES stakeholder_categories(id, process_id),
  CHECK (
    (role = 'representative' AND category_id IS NOT NULL AND affiliation IS NOT NULL AND length(trim(affiliation)) > 0)
    OR (role != 'representative' AND category_id IS NULL)
  ),
  CHECK ((used_at IS NULL) = (used_by IS NULL)),
  CHECK (NOT (used_at IS NOT NULL AND revoked_at IS NOT NULL))
);
CREATE INDEX invitations_process ON invitations(process_id, created_at);
CREATE INDEX invitations_category ON invitations(category_id);
