import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import type { Sql } from "../storage/sql.server.js";
import { readCookie, sessionIdFromToken } from "./sessions.server.js";

// A sign-in half done: the password (or a reset link) was right and the account has a second
// factor, so no session exists yet. The browser holds a random token in a short-lived cookie;
// the database keeps its SHA-256, whose account it is and where to go afterwards.

export const CHALLENGE_COOKIE = "mw_challenge";
/** Long enough to find one's phone; short enough that a forgotten half sign-in lapses. */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;

export interface LoginChallenge {
  id: string;
  userId: string;
  redirectTo: string;
}

/** Creates a challenge and returns its token (for the cookie). Earlier challenges of the account end. */
export async function createChallenge(db: Sql, userId: string, redirectTo: string, now = Date.now()): Promise<string> {
  const token = encodeBase32LowerCaseNoPadding(randomBytes(20));
  await db.transaction(async (tx) => {
    await tx.run("DELETE FROM login_challenges WHERE user_id = ? OR expires_at <= ?", userId, now);
    await tx.run(
      "INSERT INTO login_challenges (id, user_id, redirect_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      sessionIdFromToken(token),
      userId,
      redirectTo,
      now,
      now + CHALLENGE_TTL_MS,
    );
  });
  return token;
}

/** The live challenge named by the request's cookie, or null (none, unknown, expired, account disabled). */
export async function readChallenge(db: Sql, cookieHeader: string | null, now = Date.now()): Promise<LoginChallenge | null> {
  const token = readCookie(cookieHeader, CHALLENGE_COOKIE);
  if (!token || !/^[a-z2-7]{32}$/.test(token)) return null;
  const row = await db.get<{ id: string; user_id: string; redirect_to: string }>(
    `SELECT c.id, c.user_id, c.redirect_to FROM login_challenges c JOIN users u ON u.id = c.user_id
       WHERE c.id = ? AND c.expires_at > ? AND u.disabled_at IS NULL`,
    sessionIdFromToken(token),
    now,
  );
  return row ? { id: row.id, userId: row.user_id, redirectTo: row.redirect_to } : null;
}

export async function endChallenge(db: Sql, id: string): Promise<void> {
  await db.run("DELETE FROM login_challenges WHERE id = ?", id);
}

export function challengeCookie(token: string, secure: boolean): string {
  return [`${CHALLENGE_COOKIE}=${token}`, "Path=/login", "HttpOnly", "SameSite=Lax", `Max-Age=${CHALLENGE_TTL_MS / 1000}`, ...(secure ? ["Secure"] : [])].join(
    "; ",
  );
}

export function blankChallengeCookie(secure: boolean): string {
  return [`${CHALLENGE_COOKIE}=`, "Path=/login", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}
