-- PostgreSQL twin of migrations/0013_second_factor.sql. A second factor for sign-in (issue 15;
-- docs/decisions/035-second-factor.md): time-based one-time codes (TOTP, RFC 6238) from an
-- authenticator app, with single-use recovery codes.
--
-- The TOTP key must be readable to check a code, so it is stored as is: the database is the trust
-- boundary, as it already is for the sessions and the documents. `last_step` is the time step of
-- the last code accepted: a code is accepted once, never replayed within its 90-second window.
-- A key whose `confirmed_at` is NULL is a setup in progress; it protects nothing until confirmed.
-- WITHOUT ROWID (SQLite) dropped from every table below.
CREATE TABLE second_factors (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  -- length() of a BYTEA counts bytes, as SQLite's length() of a BLOB does.
  totp_key BYTEA NOT NULL CHECK (length(totp_key) = 20),
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  last_step BIGINT NOT NULL DEFAULT 0
);

-- Recovery codes: shown once when the second factor is set up (or renewed), stored as SHA-256.
-- Each works once; a new set replaces the old.
CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

-- A sign-in half done: the password was right, the code is still to come. The browser holds the
-- token in a short-lived cookie; only its SHA-256 is stored. No session exists until the code is.
CREATE TABLE login_challenges (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  redirect_to TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX login_challenges_user ON login_challenges(user_id);

-- Settings of the whole instance that its administrator changes in the app (not the deployment's
-- environment). `second_factor_roles`: the process roles whose holders must use a second factor.
CREATE TABLE instance_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL
);
