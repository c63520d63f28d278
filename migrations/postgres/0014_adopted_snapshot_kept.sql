-- The stored bytes of an adopted text never change (0005): nor may its snapshot row be deleted,
-- which would leave the log rows after it as the whole text and lose what the representatives
-- approved. Same trigger as SQLite's 0014, through 0005's collab_adopted_frozen(), which returns
-- OLD for a DELETE and locks the document row it decides from.
CREATE TRIGGER collab_snapshots_adopted_delete BEFORE DELETE ON collab_snapshots
FOR EACH ROW EXECUTE FUNCTION collab_adopted_frozen();

-- PostgreSQL only, as 0005 does for collab_updates: TRUNCATE skips row triggers.
CREATE FUNCTION collab_snapshots_adopted_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM collab_snapshots s JOIN documents d ON d.id = s.document_id WHERE d.status = 'adopted') THEN
    RAISE EXCEPTION USING MESSAGE = 'signoff: the stored text of an adopted document is frozen', ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER collab_snapshots_no_truncate BEFORE TRUNCATE ON collab_snapshots
FOR EACH STATEMENT EXECUTE FUNCTION collab_snapshots_adopted_truncate();
