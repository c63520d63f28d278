-- PostgreSQL twin of migrations/0009_stakeholder_map.sql. The stakeholder map (issue 13,
-- docs/decisions/028-stakeholder-map.md): the team's analysis of who holds power locally, who
-- provides governance (often armed groups and traffickers), who is in the dialogue and who is
-- missing. Team-only material: the policy (stakeholderMap.read/edit) keeps it from representatives
-- and observers; nothing here is ever part of a document's text.

-- SQLite's `json_valid(X) AND json_type(X) = 'array'`: json_typeof names an array 'array' too.
-- Checked only once the text is valid JSON (PostgreSQL does not promise to evaluate AND left to
-- right, and a cast of invalid JSON raises). IMMUTABLE, as a CHECK requires.
CREATE FUNCTION json_is_array(value TEXT) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  IF NOT json_valid(value) THEN
    RETURN false;
  END IF;
  RETURN json_typeof(value::json) = 'array';
END;
$$;

-- An actor: a group or a person. Choices are stored as stable keys; their labels, in French and
-- English, live in the code (app/core/stakeholders/types.ts and the interface's messages).
CREATE TABLE stakeholder_actors (
  id TEXT PRIMARY KEY,
  process_id TEXT NOT NULL REFERENCES processes(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind TEXT NOT NULL CHECK (kind IN ('group', 'person')),
  -- The stakeholder category the actor belongs to; NULL when none fits (the gaps panel says so).
  category_id TEXT REFERENCES stakeholder_categories(id),
  community TEXT CHECK (community IS NULL OR length(community) BETWEEN 1 AND 120),
  -- JSON array of governance function keys (security, justice, welfare, services, livelihoods).
  functions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(functions) AND json_is_array(functions)),
  illicit_link TEXT NOT NULL DEFAULT 'none' CHECK (illicit_link IN ('none', 'alleged', 'established')),
  -- Where an alleged or established link comes from: required for both (an accusation needs a source).
  illicit_source TEXT CHECK (illicit_source IS NULL OR length(illicit_source) BETWEEN 1 AND 2000),
  influence INTEGER NOT NULL CHECK (influence BETWEEN 1 AND 5),
  legitimacy INTEGER NOT NULL CHECK (legitimacy BETWEEN 1 AND 5),
  legitimacy_notes TEXT CHECK (legitimacy_notes IS NULL OR length(legitimacy_notes) <= 2000),
  -- Representation that is not a member account (e.g. speaks through a council; signs in person).
  representation_note TEXT CHECK (representation_note IS NULL OR length(representation_note) <= 2000),
  sources TEXT CHECK (sources IS NULL OR length(sources) <= 2000),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL REFERENCES users(id),
  updated_at BIGINT NOT NULL,
  CHECK ((illicit_link = 'none') = (illicit_source IS NULL))
);
CREATE INDEX stakeholder_actors_process ON stakeholder_actors(process_id, name);

-- Who speaks for the actor in the dialogue: members of the process. Only a member who is a
-- representative counts as representing it (the rule is read with the membership, so a member who
-- leaves or changes role stops counting without this row being touched).
CREATE TABLE stakeholder_actor_members (
  actor_id TEXT NOT NULL REFERENCES stakeholder_actors(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (actor_id, user_id)
);

-- Relations between two actors of the same process, directed (A patron of B; A depends on B).
CREATE TABLE stakeholder_relations (
  id TEXT PRIMARY KEY,
  process_id TEXT NOT NULL REFERENCES processes(id),
  from_actor_id TEXT NOT NULL REFERENCES stakeholder_actors(id) ON DELETE CASCADE,
  to_actor_id TEXT NOT NULL REFERENCES stakeholder_actors(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('ally', 'rival', 'patron_of', 'depends_on')),
  note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 500),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  CHECK (from_actor_id <> to_actor_id),
  UNIQUE (from_actor_id, to_actor_id, kind)
);
CREATE INDEX stakeholder_relations_process ON stakeholder_relations(process_id);

-- Both ends of a relation belong to the relation's process. No row lock: the app never moves an
-- actor to another process (and the foreign key check already keeps both actors from going away).
CREATE FUNCTION stakeholder_relations_same_process() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT process_id FROM stakeholder_actors WHERE id = NEW.from_actor_id) IS DISTINCT FROM NEW.process_id
    OR (SELECT process_id FROM stakeholder_actors WHERE id = NEW.to_actor_id) IS DISTINCT FROM NEW.process_id THEN
    RAISE EXCEPTION USING MESSAGE = 'stakeholder map: a relation joins two actors of its own process', ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER stakeholder_relations_same_process BEFORE INSERT ON stakeholder_relations
FOR EACH ROW EXECUTE FUNCTION stakeholder_relations_same_process();

-- Annotation threads naming actors of the map (announced in 0007). Shown only to readers who may
-- read the map: a shared thread's representatives never learn which actors the team linked.
CREATE TABLE annotation_thread_actors (
  thread_id TEXT NOT NULL REFERENCES annotation_threads(id),
  actor_id TEXT NOT NULL REFERENCES stakeholder_actors(id) ON DELETE CASCADE,
  PRIMARY KEY (thread_id, actor_id)
);
CREATE INDEX annotation_thread_actors_actor ON annotation_thread_actors(actor_id);
