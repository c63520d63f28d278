-- PostgreSQL twin of migrations/0006_signoff_in_person.sql. Every round must be able to finish
-- (issue 9; docs/decisions/020-signoff-rule.md):
-- 1. In-person decisions for people WITHOUT an account (an elder who does not read, a women's
--    association delegate): the decision row names the person, their community or affiliation and
--    how the decision was given (paper signature, thumbprint, oral assent); it has no user.
-- 2. Per required category of a round: whether the facilitator confirmed, when opening, that a
--    category with no representative will be decided in person.
--
-- SQLite cannot drop a NOT NULL constraint, so its file rebuilds signoff_decisions (and re-creates
-- its index and triggers). PostgreSQL alters the table in place, which ends in the same columns,
-- in the same order (added columns go last, as in the rebuilt table), the same constraints, and
-- keeps its index, its triggers and its identity sequence (ids are never reused, as AUTOINCREMENT
-- guarantees there). signoff_decisions_valid stays as in 0005, as SQLite re-creates it unchanged.

ALTER TABLE signoff_decisions
  -- The member who decided (or for whom the facilitator recorded); NULL for a person without an account.
  ALTER COLUMN user_id DROP NOT NULL,
  -- A person without an account: their name and community or affiliation, as the facilitator wrote them.
  ADD COLUMN person_name TEXT CHECK (person_name IS NULL OR (length(trim(person_name)) > 0 AND length(person_name) <= 200)),
  ADD COLUMN person_affiliation TEXT CHECK (person_affiliation IS NULL OR (length(trim(person_affiliation)) > 0 AND length(person_affiliation) <= 120)),
  -- How a decision given in person was expressed. Rows recorded before this migration have none.
  ADD COLUMN method TEXT CHECK (method IS NULL OR method IN ('paper_signature', 'thumbprint', 'oral_assent')),
  -- Either a member or a named person without an account, never both, never neither.
  ADD CHECK ((user_id IS NULL) <> (person_name IS NULL)),
  -- Only people without an account carry an affiliation of their own (members have theirs).
  ADD CHECK (person_affiliation IS NULL OR person_name IS NOT NULL),
  ADD CHECK (person_name IS NULL OR person_affiliation IS NOT NULL),
  -- A person without an account decides only in person: recorded by a facilitator, witnessed, with a method.
  ADD CHECK (person_name IS NULL OR (recorded_by IS NOT NULL AND witness IS NOT NULL AND method IS NOT NULL)),
  -- A method says how an in-person decision was given: only in-person rows have one.
  ADD CHECK (method IS NULL OR recorded_by IS NOT NULL);

-- A facilitator's in-person record never replaces a representative's own decision in the round:
-- once they decided themselves, only they change it. The round is locked FOR NO KEY UPDATE (not
-- FOR SHARE as in signoff_decisions_valid): the representative's own decision, in flight, holds a
-- share lock on it, so this waits for that decision to commit and then sees it; SQLite's single
-- writer gives the same order for free.
CREATE FUNCTION signoff_decisions_own_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM signoff_rounds WHERE id = NEW.round_id FOR NO KEY UPDATE;
  IF EXISTS (SELECT 1 FROM signoff_decisions WHERE round_id = NEW.round_id AND user_id = NEW.user_id AND recorded_by IS NULL) THEN
    RAISE EXCEPTION USING MESSAGE = 'signoff: the representative decided themselves in this round; only they can change their decision', ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER signoff_decisions_own_kept BEFORE INSERT ON signoff_decisions
FOR EACH ROW WHEN (NEW.recorded_by IS NOT NULL AND NEW.user_id IS NOT NULL)
EXECUTE FUNCTION signoff_decisions_own_kept();

-- The facilitator confirmed, when opening the round, that this required category (which had no
-- representative among the members) will be decided in person. Fixed with the round's categories
-- (signoff_round_categories_no_update still refuses any change; adding a column with a default
-- fires no update trigger in either engine).
ALTER TABLE signoff_round_categories ADD COLUMN in_person INTEGER NOT NULL DEFAULT 0 CHECK (in_person IN (0, 1));
