-- Notifications in the app (issue 14; docs/decisions/030-notifications.md). The entries themselves
-- are not stored: they are derived at read time from facts the database already keeps (rounds
-- opened, reopened and adopted; replies in annotation threads; open rounds awaiting a decision) and
-- filtered through the policy, so a role change or a removal takes effect at once and the sign-off
-- and annotation transactions write nothing more. What is stored is each person's "seen up to"
-- marker: entries at or before it no longer count in the header.
CREATE TABLE notification_marks (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  seen_up_to INTEGER NOT NULL CHECK (seen_up_to >= 0),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The count runs on every page: each of its queries walks an index. Rounds are read per document
-- of the reader's processes (documents_process, then the rounds' own document index): the cost
-- follows what the reader belongs to, not the size of the workspace (bench:notifications).
-- The threads a person took part in (started or replied in), and when they first wrote there.
CREATE INDEX annotation_messages_author ON annotation_messages(author_id, thread_id, created_at);
-- The documents of a process now in sign-off (the "decision needed" entries).
CREATE INDEX documents_in_signoff ON documents(process_id) WHERE status = 'in_signoff';
