import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import type { Sql } from "../storage/sql.server.js";
import type { Language } from "../core/languages.js";

// Sessions as taught by the Lucia guide (docs/decisions/002-sessions-without-lucia.md):
// the cookie carries a random token; the database keeps only SHA-256(token).

export const SESSION_COOKIE = "mw_session";
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** Extend a session once less than half its lifetime is left (sliding expiry without a write per request). */
const RENEW_WHEN_LEFT_MS = 15 * DAY;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  preferredLanguage: Language;
  isAdmin: boolean;
}

export interface Session {
  id: string;
  userId: string;
  expiresAt: number;
}

export interface ValidatedSession {
  session: Session;
  user: SessionUser;
  /** True when the expiry moved: the cookie must be sent again with the new expiry. */
  renewed: boolean;
}

export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Sql, token: string, userId: string, userAgent?: string | null): Promise<Session> {
  const now = Date.now();
  const session: Session = { id: sessionIdFromToken(token), userId, expiresAt: now + SESSION_LIFETIME_MS };
  await db.run(
    "INSERT INTO sessions (id, user_id, expires_at, created_at, user_agent) VALUES (?, ?, ?, ?, ?)",
    session.id,
    userId,
    session.expiresAt,
    now,
    userAgent?.slice(0, 300) ?? null,
  );
  return session;
}

interface SessionRow {
  id: string;
  user_id: string;
  expires_at: number;
  email: string;
  display_name: string;
  preferred_language: Language;
  is_admin: number;
  disabled_at: number | null;
}

export async function validateSessionToken(db: Sql, token: string): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = await db.get<SessionRow>(
    `SELECT s.id, s.user_id, s.expires_at, u.email, u.display_name, u.preferred_language, u.is_admin, u.disabled_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    id,
  );
  if (!row) return null;
  const now = Date.now();
  if (now >= row.expires_at || row.disabled_at !== null) {
    await db.run("DELETE FROM sessions WHERE id = ?", id);
    return null;
  }
  let expiresAt = row.expires_at;
  let renewed = false;
  if (expiresAt - now < RENEW_WHEN_LEFT_MS) {
    expiresAt = now + SESSION_LIFETIME_MS;
    await db.run("UPDATE sessions SET expires_at = ? WHERE id = ?", expiresAt, id);
    renewed = true;
  }
  return {
    session: { id, userId: row.user_id, expiresAt },
    user: {
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      preferredLanguage: row.preferred_language,
      isAdmin: row.is_admin === 1,
    },
    renewed,
  };
}

/**
 * Whether a session is still usable (not ended, not expired, its user not disabled), without
 * renewing it: for a WebSocket opened with it, which must not outlive it.
 */
export async function isSessionLive(db: Sql, sessionId: string, userId: string): Promise<boolean> {
  const row = await db.get<{ expires_at: number; disabled_at: number | null }>(
    "SELECT s.expires_at, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.user_id = ?",
    sessionId,
    userId,
  );
  return !!row && Date.now() < row.expires_at && row.disabled_at === null;
}

export async function invalidateSession(db: Sql, sessionId: string): Promise<void> {
  await db.run("DELETE FROM sessions WHERE id = ?", sessionId);
}

/** Ends every session of a user, optionally keeping one (the device that asked). Returns how many ended. */
export async function invalidateUserSessions(db: Sql, userId: string, exceptSessionId?: string): Promise<number> {
  if (exceptSessionId) {
    return (await db.run("DELETE FROM sessions WHERE user_id = ? AND id != ?", userId, exceptSessionId)).changes;
  }
  return (await db.run("DELETE FROM sessions WHERE user_id = ?", userId)).changes;
}

export async function deleteExpiredSessions(db: Sql): Promise<number> {
  return (await db.run("DELETE FROM sessions WHERE expires_at <= ?", Date.now())).changes;
}

export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    `Expires=${new Date(expiresAt).toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function blankSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** Minimal Cookie header parser (names are ours; values are URL-safe tokens). */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
