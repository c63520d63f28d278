-- PostgreSQL twin of migrations/0012_password_resets.sql. Account recovery without email (issue
-- 15): the instance administrator issues a one-time reset link for an account. Only the token's
-- SHA-256 is stored; a link works once, for 24 hours, and can be revoked.
CREATE TABLE password_resets (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT,
  CHECK (expires_at > created_at),
  CHECK (used_at IS NULL OR revoked_at IS NULL)
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
