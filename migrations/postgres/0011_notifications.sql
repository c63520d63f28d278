-- PostgreSQL twin of migrations/0011_notifications.sql. Notifications in the app (issue 14;
-- docs/decisions/030-notifications.md). The entries themselves are not stored: they are derived at
-- read time from facts the database already keeps and filtered through the policy. What is stored
-- is each person's "seen up to" marker (a time, hence BIGINT): entries at or before it no longer
-- count in the header.
CREATE TABLE notification_marks (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  seen_up_to BIGINT NOT NULL CHECK (seen_up_to >= 0),
  updated_at BIGINT NOT NULL
);

-- The count runs on every page: each of its queries walks an index.
-- The threads a person took part in (started or replied in), and when they first wrote there.
CREATE INDEX annotation_messages_author ON annotation_messages(author_id, thread_id, created_at);
-- The documents of a process now in sign-off (the "decision needed" entries).
CREATE INDEX documents_in_signoff ON documents(process_id) WHERE status = 'in_signoff';
