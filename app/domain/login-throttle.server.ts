import { statement, type Sql } from "../storage/sql.server.js";

// Failed sign-ins are counted per IP and per account in SQLite, so the limit holds across
// restarts and (later) across app instances sharing the database.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Per account: 10 failures in 15 minutes. */
export const ACCOUNT_MAX_FAILURES = 10;
/**
 * Per IP, higher: a whole workshop often shares one satellite or 3G link (one public IP), and
 * thirty participants mistyping once must not lock each other out.
 */
export const IP_MAX_FAILURES = 100;

/**
 * Per IP, for links that carry a secret (invitations, password resets): 20 unknown or spent links
 * in 15 minutes. Tokens are 160 random bits, so guessing is hopeless anyway; the limit keeps a
 * scanner from hammering the lookup and shows up in the logs as 429s.
 */
export const LINK_MAX_FAILURES = 20;

export interface ThrottleKey {
  key: string;
  max: number;
}

export function throttleKeys(ip: string, email: string): [ThrottleKey, ThrottleKey] {
  return [
    { key: `ip:${ip}`, max: IP_MAX_FAILURES },
    { key: `account:${email}`, max: ACCOUNT_MAX_FAILURES },
  ];
}

/**
 * Codes of a second factor are throttled like passwords: per account (10 wrong codes in 15 minutes
 * stop further tries, so the million 6-digit codes cannot be walked through) and per IP.
 */
export function secondFactorThrottleKeys(ip: string, userId: string): [ThrottleKey, ThrottleKey] {
  return [
    { key: `ip:${ip}`, max: IP_MAX_FAILURES },
    { key: `second-factor:${userId}`, max: ACCOUNT_MAX_FAILURES },
  ];
}

export function linkThrottleKey(kind: "invitation" | "reset", ip: string): ThrottleKey {
  return { key: `${kind}-ip:${ip}`, max: LINK_MAX_FAILURES };
}

/** Milliseconds until another attempt is allowed, or 0 when not throttled. */
export async function retryAfterMs(db: Sql, keys: ThrottleKey[], now = Date.now()): Promise<number> {
  let wait = 0;
  const stmt = statement(db, "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?");
  for (const { key, max } of keys) {
    // Throttled while `max` failures lie in the window; it reopens when the max-th most recent leaves it.
    const row = (await stmt.get(key, now - LOGIN_WINDOW_MS, max - 1)) as { at: number } | undefined;
    if (row) wait = Math.max(wait, row.at + LOGIN_WINDOW_MS - now);
  }
  return wait;
}

/**
 * The wait a 429 answer states, or null when not throttled: whole seconds for `Retry-After` and
 * whole minutes for the sentence ("try again in N minutes").
 */
export async function throttleWait(db: Sql, keys: ThrottleKey[], now = Date.now()): Promise<{ seconds: number; minutes: number } | null> {
  const wait = await retryAfterMs(db, keys, now);
  if (wait <= 0) return null;
  const seconds = Math.ceil(wait / 1000);
  return { seconds, minutes: Math.ceil(seconds / 60) };
}

export async function recordLoginFailure(db: Sql, keys: ThrottleKey[], now = Date.now()): Promise<void> {
  await db.transaction(async (tx) => {
    const insert = statement(tx, "INSERT INTO login_failures (key, at) VALUES (?, ?)");
    for (const { key } of keys) await insert.run(key, now);
    await tx.run("DELETE FROM login_failures WHERE at <= ?", now - LOGIN_WINDOW_MS);
  });
}

export async function clearLoginFailures(db: Sql, accountKey: ThrottleKey): Promise<void> {
  await db.run("DELETE FROM login_failures WHERE key = ?", accountKey.key);
}
