-- Every round must be able to finish (issue 9; docs/decisions/020-signoff-rule.md):
-- 1. In-person decisions for people WITHOUT an account (an elder who does not read, a women's
--    association delegate): the decision row names the person, their community or affiliation and
--    how the decision was given (paper signature, thumbprint, oral assent); it has no user.
-- 2. Per required category of a round: whether the facilitator confirmed, when opening, that a
--    category with no representative will be decided in person.
--
-- signoff_decisions.user_id was NOT NULL and SQLite cannot drop a NOT NULL constraint: the table is
-- rebuilt (create new, copy every row with its id, drop, rename) and its index and triggers are
-- created again. This file runs inside one transaction with foreign keys on (server/db/migrate.ts):
-- nothing references signoff_decisions, so dropping it checks no foreign key, and DROP TABLE's
-- implicit delete fires no trigger (the append-only triggers go with the old table and are
-- re-created below, unchanged, with signoff_decisions_valid extended).

CREATE TABLE signoff_decisions_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  round_id TEXT NOT NULL REFERENCES signoff_rounds(id),
  category_id TEXT NOT NULL REFERENCES stakeholder_categories(id),
  -- The member who decided (or for whom the facilitator recorded); NULL for a person without an account.
  user_id TEXT REFERENCES users(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'object')),
  reason TEXT CHECK (reason IS NULL OR length(reason) <= 2000),
  version_hash TEXT NOT NULL,
  recorded_by TEXT REFERENCES users(id),  -- the facilitator who recorded a decision given in person
  witness TEXT CHECK (witness IS NULL OR length(witness) BETWEEN 1 AND 200),
  decided_at INTEGER NOT NULL,
  -- A person without an account: their name and community or affiliation, as the facilitator wrote them.
  person_name TEXT CHECK (person_name IS NULL OR (length(trim(person_name)) > 0 AND length(person_name) <= 200)),
  person_affiliation TEXT CHECK (person_affiliation IS NULL OR (length(trim(person_affiliation)) > 0 AND length(person_affiliation) <= 120)),
  -- How a decision given in person was expressed. Rows recorded before this migration have none.
  method TEXT CHECK (method IS NULL OR method IN ('paper_signature', 'thumbprint', 'oral_assent')),
  CHECK (decision <> 'object' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
  CHECK ((recorded_by IS NULL) = (witness IS NULL)),
  -- Either a member or a named person without an account, never both, never neither.
  CHECK ((user_id IS NULL) <> (person_name IS NULL)),
  -- Only people without an account carry an affiliation of their own (members have theirs).
  CHECK (person_affiliation IS NULL OR person_name IS NOT NULL),
  CHECK (person_name IS NULL OR person_affiliation IS NOT NULL),
  -- A person without an account decides only in person: recorded by a facilitator, witnessed, with a method.
  CHECK (person_name IS NULL OR (recorded_by IS NOT NULL AND witness IS NOT NULL AND method IS NOT NULL)),
  -- A method says how an in-person decision was given: only in-person rows have one.
  CHECK (method IS NULL OR recorded_by IS NOT NULL)
);

INSERT INTO signoff_decisions_new (id, round_id, category_id, user_id, decision, reason, version_hash, recorded_by, witness, decided_at)
SELECT id, round_id, category_id, user_id, decision, reason, version_hash, recorded_by, witness, decided_at FROM signoff_decisions;

-- AUTOINCREMENT never reuses an id: the new table continues the old table's sequence.
DELETE FROM sqlite_sequence WHERE name = 'signoff_decisions_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'signoff_decisions_new', seq FROM sqlite_sequence WHERE name = 'signoff_decisions';

DROP TABLE signoff_decisions;
ALTER TABLE signoff_decisions_new RENAME TO signoff_decisions;

CREATE INDEX signoff_decisions_round ON signoff_decisions(round_id, user_id, id);

-- A decision only on an open round, for that round's exact hash, for one of its required categories
-- (as in 0005).
CREATE TRIGGER signoff_decisions_valid BEFORE INSERT ON signoff_decisions
WHEN (SELECT status FROM signoff_rounds WHERE id = NEW.round_id) IS NOT 'open'
  OR (SELECT version_hash FROM signoff_rounds WHERE id = NEW.round_id) IS NOT NEW.version_hash
  OR NOT EXISTS (SELECT 1 FROM signoff_round_categories WHERE round_id = NEW.round_id AND category_id = NEW.category_id)
BEGIN
  SELECT RAISE(ABORT, 'signoff: decision refused (round not open, other version or category not required)');
END;
-- A facilitator's in-person record never replaces a representative's own decision in the round:
-- once they decided themselves, only they change it.
CREATE TRIGGER signoff_decisions_own_kept BEFORE INSERT ON signoff_decisions
WHEN NEW.recorded_by IS NOT NULL AND NEW.user_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM signoff_decisions WHERE round_id = NEW.round_id AND user_id = NEW.user_id AND recorded_by IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'signoff: the representative decided themselves in this round; only they can change their decision');
END;
CREATE TRIGGER signoff_decisions_no_update BEFORE UPDATE ON signoff_decisions
BEGIN
  SELECT RAISE(ABORT, 'signoff: decisions are append-only');
END;
CREATE TRIGGER signoff_decisions_no_delete BEFORE DELETE ON signoff_decisions
BEGIN
  SELECT RAISE(ABORT, 'signoff: decisions are append-only');
END;

-- The facilitator confirmed, when opening the round, that this required category (which had no
-- representative among the members) will be decided in person. Fixed with the round's categories
-- (signoff_round_categories_no_update still refuses any change).
ALTER TABLE signoff_round_categories ADD COLUMN in_person INTEGER NOT NULL DEFAULT 0 CHECK (in_person IN (0, 1));
