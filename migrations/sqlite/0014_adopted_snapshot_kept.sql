-- The stored bytes of an adopted text never change (0005): nor may its snapshot row be deleted,
-- which would leave the log rows after it as the whole text and lose what the representatives
-- approved. Nothing in the app deletes a snapshot; this closes the gap in storage, as 0005's
-- triggers do for writing and rewriting it.
CREATE TRIGGER collab_snapshots_adopted_delete BEFORE DELETE ON collab_snapshots
WHEN (SELECT status FROM documents WHERE id = OLD.document_id) = 'adopted'
BEGIN
  SELECT RAISE(ABORT, 'signoff: the stored text of an adopted document is frozen');
END;
