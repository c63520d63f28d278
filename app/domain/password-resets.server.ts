import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../storage/sql.server.js";
import { hashPassword, passwordField } from "./accounts.server.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";
import { invalidateUserSessions } from "./sessions.server.js";

// Account recovery without email. Field teams rarely have a mail server, and a representative who
// forgets their password cannot sign off; the instance administrator issues a one-time link and
// hands it over in person or by a channel they trust. The link is the secret: only its SHA-256 is
// stored, it is shown once, works once, for 24 hours, and can be revoked. Setting a new password
// through it ends every session of the account (their live sockets close), so whoever held the
// old password is out.

export const RESET_LINK_TTL_MS = 24 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export type ResetState = "valid" | "unknown" | "expired" | "used" | "revoked" | "disabled";

export interface ResetLink {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

interface ResetRow {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
  disabled_at: number | null;
  display_name: string;
}

export function resetTokenHash(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** What a reset link's holder may see before choosing a password: its state and whose account it opens. */
export async function inspectResetLink(
  db: Sql,
  token: string,
  now = Date.now(),
): Promise<{ state: ResetState; userId: string | null; displayName: string | null; id: string | null }> {
  if (!TOKEN_PATTERN.test(token)) return { state: "unknown", userId: null, displayName: null, id: null };
  const row = await db.get<ResetRow>(
    `SELECT r.id, r.user_id, r.created_at, r.expires_at, r.used_at, r.revoked_at, u.disabled_at, u.display_name
       FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = ?`,
    resetTokenHash(token),
  );
  if (!row) return { state: "unknown", userId: null, displayName: null, id: null };
  const state: ResetState = row.used_at ? "used" : row.revoked_at ? "revoked" : row.disabled_at ? "disabled" : row.expires_at <= now ? "expired" : "valid";
  return { state, userId: row.user_id, displayName: row.display_name, id: row.id };
}

/** The live reset link of each account (at most one), for the administration page. Never the token. */
export async function liveResetLinks(db: Sql, now = Date.now()): Promise<Map<string, ResetLink>> {
  const rows = await db.all<{ id: string; user_id: string; created_at: number; expires_at: number }>(
    "SELECT id, user_id, created_at, expires_at FROM password_resets WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
    now,
  );
  return new Map(rows.map((r) => [r.user_id, { id: r.id, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at }]));
}

/**
 * Issues a reset link for an account (the administrator's act; the route checks who asks).
 * Revokes the account's previous live link. Returns the token: shown once, never stored.
 */
export async function issueResetLink(
  services: Services,
  adminId: string,
  userId: string,
  now = Date.now(),
): Promise<Outcome<{ token: string; expiresAt: number }>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<{ token: string; expiresAt: number }>> => {
    const user = await tx.get<{ id: string; disabled_at: number | null }>("SELECT id, disabled_at FROM users WHERE id = ?", userId);
    if (!user) return fail(404, "form", "recovery.errors.unknownAccount");
    if (user.disabled_at) return fail(409, "form", "recovery.errors.accountDisabled");
    const revoked = (await tx.run("UPDATE password_resets SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL", now, userId))
      .changes;
    const id = randomUUID();
    const token = encodeBase32LowerCaseNoPadding(randomBytes(20));
    const expiresAt = now + RESET_LINK_TTL_MS;
    await tx.run(
      "INSERT INTO password_resets (id, user_id, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      id,
      userId,
      resetTokenHash(token),
      adminId,
      now,
      expiresAt,
    );
    await recordAudit(tx, {
      actorUserId: adminId,
      action: "account.reset_link_issued",
      targetType: "user",
      targetId: userId,
      details: { expiresAt, previousRevoked: revoked },
    });
    return { ok: true, value: { token, expiresAt } };
  });
}

export async function revokeResetLink(services: Services, adminId: string, userId: string, now = Date.now()): Promise<Outcome<null>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    const changed = (
      await tx.run(
        "UPDATE password_resets SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
        now,
        userId,
        now,
      )
    ).changes;
    if (!changed) return fail(404, "form", "recovery.errors.noLiveLink");
    await recordAudit(tx, { actorUserId: adminId, action: "account.reset_link_revoked", targetType: "user", targetId: userId });
    return { ok: true, value: null };
  });
}

export const resetPasswordSchema = z
  .object({ newPassword: passwordField, confirmPassword: z.string({ error: "recovery.errors.mismatch" }) })
  .refine((v) => v.newPassword === v.confirmPassword, { error: "recovery.errors.mismatch", path: ["confirmPassword"] });

/**
 * Sets a new password through a reset link. The link is checked and spent in the same transaction
 * as the password change, so two submissions of one link cannot both succeed. Every session of the
 * account ends; the caller tells the collab server (user.sessions_ended) and signs the holder in.
 */
export async function completeReset(
  services: Services,
  token: string,
  input: RawInput,
  now = Date.now(),
): Promise<Outcome<{ userId: string; sessionsEnded: number }>> {
  const parsed = parseInput(resetPasswordSchema, input);
  if (!parsed.ok) return parsed;
  const newHash = await hashPassword(parsed.data.newPassword);
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<{ userId: string; sessionsEnded: number }>> => {
    const link = await inspectResetLink(tx, token, now);
    if (link.state !== "valid" || !link.userId || !link.id) return fail(link.state === "unknown" ? 404 : 410, "form", `recovery.state.${link.state}`);
    await tx.run("UPDATE password_resets SET used_at = ? WHERE id = ?", now, link.id);
    await tx.run("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", newHash, now, link.userId);
    const sessionsEnded = await invalidateUserSessions(tx, link.userId);
    await recordAudit(tx, {
      actorUserId: link.userId,
      action: "account.password_reset",
      targetType: "user",
      targetId: link.userId,
      details: { sessionsEnded },
    });
    return { ok: true, value: { userId: link.userId, sessionsEnded } };
  });
}
