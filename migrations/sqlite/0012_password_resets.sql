-- Account recovery without email (issue 15): the instance administrator issues a one-time reset
-- link for an account and hands it over in person or by a channel they trust. Only the token's
-- SHA-256 is stored; a link works once, for 24 hours, and can be revoked. Issuing a new link for an
-- account revokes the one before, so at most one is live per account.
CREATE TABLE password_resets (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER,
  CHECK (expires_at > created_at),
  CHECK (used_at IS NULL OR revoked_at IS NULL)
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
