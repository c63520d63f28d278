import type { Db } from "../../server/db/database.js";

// Failed sign-ins are counted per IP and per account in SQLite, so the limit holds across
// restarts and (later) across app instances sharing the database.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 10;

export function throttleKeys(ip: string, email: string): string[] {
  return [`ip:${ip}`, `account:${email}`];
}

/** Milliseconds until another attempt is allowed, or 0 when not throttled. */
export function retryAfterMs(db: Db, keys: string[], now = Date.now()): number {
  let wait = 0;
  const stmt = db.prepare(
    "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
  );
  for (const key of keys) {
    // The attempt that falls out of the window first is the LOGIN_MAX_FAILURES-th most recent.
    const row = stmt.get(key, now - LOGIN_WINDOW_MS, LOGIN_MAX_FAILURES - 1) as { at: number } | undefined;
    if (row) wait = Math.max(wait, row.at + LOGIN_WINDOW_MS - now);
  }
  return wait;
}

export function recordLoginFailure(db: Db, keys: string[], now = Date.now()): void {
  const insert = db.prepare("INSERT INTO login_failures (key, at) VALUES (?, ?)");
  db.transaction(() => {
    for (const key of keys) insert.run(key, now);
    db.prepare("DELETE FROM login_failures WHERE at <= ?").run(now - LOGIN_WINDOW_MS);
  })();
}

export function clearLoginFailures(db: Db, accountKey: string): void {
  db.prepare("DELETE FROM login_failures WHERE key = ?").run(accountKey);
}
