import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { statement, type Sql } from "../storage/sql.server.js";
import { secondFactorRequired } from "../core/policy.js";
import { isRole, type Role } from "../core/roles.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { fail, type Outcome } from "./input.server.js";
import { invalidateUserSessions } from "./sessions.server.js";

// A second factor for sign-in (docs/decisions/035-second-factor.md): a time-based one-time code
// (TOTP, RFC 6238: 6 digits, 30-second steps, what every authenticator app makes), or one of ten
// single-use recovery codes. Field teams have phones but rarely a mail server or SMS gateway, and
// an authenticator app works with no network at all.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now: a phone clock up to 30 s off still works. */
const TOTP_WINDOW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;
/** A setup not confirmed with a code within this time starts again. */
export const SETUP_TTL_MS = 30 * 60 * 1000;
/** The name an authenticator app shows beside the code: the product's, in every language. */
export const ISSUER = "Mediation Workspace";
const REQUIRED_ROLES_KEY = "second_factor_roles";

export interface SecondFactorStatus {
  /** Confirmed: sign-in asks for a code. */
  enabled: boolean;
  enabledAt: number | null;
  recoveryCodesLeft: number;
  /** Whether the administrator requires it for one of this person's roles. */
  required: boolean;
  /** The roles the administrator requires it for that this person holds. */
  requiredFor: Role[];
}

export interface PendingSetup {
  /** The key in base32, grouped by four for typing into an app by hand. */
  key: string;
  /** The otpauth:// URI an app reads from the QR code. */
  uri: string;
  expiresAt: number;
}

interface FactorRow {
  totp_key: Buffer;
  created_at: number;
  confirmed_at: number | null;
  last_step: number;
}

async function factorRow(db: Sql, userId: string): Promise<FactorRow | undefined> {
  return await db.get<FactorRow>("SELECT totp_key, created_at, confirmed_at, last_step FROM second_factors WHERE user_id = ?", userId);
}

/** The roles whose holders must use a second factor (the administrator's setting; none by default). */
export async function requiredRoles(db: Sql): Promise<Role[]> {
  const row = await db.get<{ value: string }>("SELECT value FROM instance_settings WHERE key = ?", REQUIRED_ROLES_KEY);
  if (!row) return [];
  const parsed: unknown = JSON.parse(row.value);
  return Array.isArray(parsed) ? parsed.filter(isRole) : [];
}

async function rolesHeld(db: Sql, userId: string): Promise<Role[]> {
  return (await db.all<{ role: Role }>("SELECT DISTINCT role FROM process_members WHERE user_id = ?", userId)).map((r) => r.role);
}

async function requiredFor(db: Sql, userId: string, known?: Role[]): Promise<Role[]> {
  const required = known ?? (await requiredRoles(db));
  if (required.length === 0) return [];
  const held = await rolesHeld(db, userId);
  return secondFactorRequired(held, required) ? held.filter((role) => required.includes(role)) : [];
}

export async function isSecondFactorEnabled(db: Sql, userId: string): Promise<boolean> {
  return !!(await db.get("SELECT 1 FROM second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL", userId));
}

/**
 * True while the administrator requires a second factor for one of this person's roles and they
 * have none yet: they may set it up or sign out, nothing else. Asked on every guarded request and
 * every document connection; one indexed read when nothing is required.
 */
export async function mustSetUpSecondFactor(db: Sql, userId: string): Promise<boolean> {
  const required = await requiredRoles(db);
  if (required.length === 0) return false;
  return !(await isSecondFactorEnabled(db, userId)) && (await requiredFor(db, userId, required)).length > 0;
}

export async function secondFactorStatus(db: Sql, userId: string): Promise<SecondFactorStatus> {
  const row = await factorRow(db, userId);
  const left = (await db.get<{
    n: number;
  }>("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userId))!.n;
  const roles = await requiredFor(db, userId);
  return {
    enabled: !!row?.confirmed_at,
    enabledAt: row?.confirmed_at ?? null,
    recoveryCodesLeft: row?.confirmed_at ? left : 0,
    required: roles.length > 0,
    requiredFor: roles,
  };
}

function groupKey(key: Uint8Array): string {
  return (encodeBase32UpperCaseNoPadding(key).match(/.{1,4}/g) ?? []).join(" ");
}

/** The setup in progress (a key not yet confirmed with a code), if any and not expired. */
export async function pendingSetup(db: Sql, userId: string, email: string, now = Date.now()): Promise<PendingSetup | null> {
  const row = await factorRow(db, userId);
  if (!row || row.confirmed_at || row.created_at + SETUP_TTL_MS <= now) return null;
  const key = new Uint8Array(row.totp_key);
  return { key: groupKey(key), uri: createTOTPKeyURI(ISSUER, email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS), expiresAt: row.created_at + SETUP_TTL_MS };
}

/** Starts (or restarts) a setup: a new key, shown to its holder until they confirm it with a code. */
export async function beginSetup(services: Services, userId: string, now = Date.now()): Promise<Outcome<null>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    if (await isSecondFactorEnabled(tx, userId)) return fail(409, "form", "secondFactor.errors.alreadyOn");
    await tx.run(
      `INSERT INTO second_factors (user_id, totp_key, created_at, confirmed_at, last_step) VALUES (?, ?, ?, NULL, 0)
       ON CONFLICT (user_id) DO UPDATE SET totp_key = excluded.totp_key, created_at = excluded.created_at, confirmed_at = NULL, last_step = 0`,
      userId,
      randomBytes(20),
      now,
    );
    await recordAudit(tx, { actorUserId: userId, action: "account.second_factor_setup_started", targetType: "user", targetId: userId });
    return { ok: true, value: null };
  });
}

export async function cancelSetup(services: Services, userId: string): Promise<Outcome<null>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    const removed = (await tx.run("DELETE FROM second_factors WHERE user_id = ? AND confirmed_at IS NULL", userId)).changes;
    if (!removed) return fail(409, "form", "secondFactor.errors.noSetup");
    await recordAudit(tx, { actorUserId: userId, action: "account.second_factor_setup_cancelled", targetType: "user", targetId: userId });
    return { ok: true, value: null };
  });
}

/** Digits only, spaces and dashes removed: what people type from an app ("123 456"). */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s\u00a0-]/g, "").toLowerCase();
}

/** The time step a TOTP code matches, within the window, or null. Compared in constant time. */
function matchingStep(key: Uint8Array, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  const given = Buffer.from(code);
  let found: number | null = null;
  for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
    // Every candidate is computed and compared, so the time taken does not tell which one matched.
    if (timingSafeEqual(Buffer.from(generateHOTP(key, BigInt(step), TOTP_DIGITS)), given) && found === null) found = step;
  }
  return found;
}

export function recoveryCodeHash(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeCode(code))));
}

/** Ten new codes replace the old ones; returned once, only their hashes are kept. */
async function issueRecoveryCodes(db: Sql, userId: string, now: number): Promise<string[]> {
  await db.run("DELETE FROM recovery_codes WHERE user_id = ?", userId);
  const insert = statement(db, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)");
  const codes: string[] = [];
  while (codes.length < RECOVERY_CODE_COUNT) {
    // 10 base32 characters: 50 random bits, in two groups of five for reading off paper.
    const raw = encodeBase32LowerCaseNoPadding(randomBytes(7)).slice(0, 10);
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    if (codes.includes(code)) continue;
    await insert.run(userId, recoveryCodeHash(code), now);
    codes.push(code);
  }
  return codes;
}

/**
 * Confirms a setup with a code from the app: the second factor is on, ten recovery codes are made,
 * and every other session of the account ends (they were opened without the code); the caller
 * closes their sockets (user.sessions_ended).
 */
export async function confirmSetup(
  services: Services,
  userId: string,
  rawCode: string,
  keepSessionId: string,
  now = Date.now(),
): Promise<Outcome<{ recoveryCodes: string[] }>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<{ recoveryCodes: string[] }>> => {
    const row = await factorRow(tx, userId);
    if (row?.confirmed_at) return fail(409, "form", "secondFactor.errors.alreadyOn");
    if (!row || row.created_at + SETUP_TTL_MS <= now) return fail(409, "form", "secondFactor.errors.noSetup");
    const step = matchingStep(new Uint8Array(row.totp_key), normalizeCode(rawCode), now);
    if (step === null) return fail(400, "code", "secondFactor.errors.wrongCode");
    await tx.run("UPDATE second_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ?", now, step, userId);
    const recoveryCodes = await issueRecoveryCodes(tx, userId, now);
    const ended = await invalidateUserSessions(tx, userId, keepSessionId);
    await recordAudit(tx, {
      actorUserId: userId,
      action: "account.second_factor_enabled",
      targetType: "user",
      targetId: userId,
      details: { otherSessionsEnded: ended },
    });
    return { ok: true, value: { recoveryCodes } };
  });
}

export type SecondFactorMethod = "totp" | "recovery";

/**
 * Checks a code at sign-in (or before a change that needs one): a TOTP code newer than the last one
 * accepted, or an unused recovery code, which is spent. Returns how it was proven, or null. The
 * check and the spending are one transaction: a code never works twice, even submitted twice at once.
 */
export async function verifySecondFactor(db: Sql, userId: string, rawCode: string, now = Date.now()): Promise<SecondFactorMethod | null> {
  const code = normalizeCode(rawCode);
  return await db.transaction(async (tx): Promise<SecondFactorMethod | null> => {
    const row = await factorRow(tx, userId);
    if (!row?.confirmed_at) return null;
    const step = matchingStep(new Uint8Array(row.totp_key), code, now);
    if (step !== null) {
      // A code already used (or an older one) is refused: someone who watched it typed cannot reuse it.
      if (step <= row.last_step) return null;
      await tx.run("UPDATE second_factors SET last_step = ? WHERE user_id = ?", step, userId);
      return "totp";
    }
    if (!/^[a-z2-7]{10}$/.test(code)) return null;
    const spent = (
      await tx.run("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", now, userId, recoveryCodeHash(code))
    ).changes;
    if (!spent) return null;
    await recordAudit(tx, { actorUserId: userId, action: "account.recovery_code_used", targetType: "user", targetId: userId });
    return "recovery";
  });
}

/** New recovery codes, given a valid code (from the app, or a recovery code, which is spent). */
export async function renewRecoveryCodes(services: Services, userId: string, rawCode: string, now = Date.now()): Promise<Outcome<{ recoveryCodes: string[] }>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<{ recoveryCodes: string[] }>> => {
    if (!(await isSecondFactorEnabled(tx, userId))) return fail(409, "form", "secondFactor.errors.notOn");
    if (!(await verifySecondFactor(tx, userId, rawCode, now))) return fail(400, "code", "secondFactor.errors.wrongCode");
    const recoveryCodes = await issueRecoveryCodes(tx, userId, now);
    await recordAudit(tx, { actorUserId: userId, action: "account.recovery_codes_renewed", targetType: "user", targetId: userId });
    return { ok: true, value: { recoveryCodes } };
  });
}

async function removeFactor(db: Sql, userId: string): Promise<number> {
  await db.run("DELETE FROM recovery_codes WHERE user_id = ?", userId);
  return (await db.run("DELETE FROM second_factors WHERE user_id = ?", userId)).changes;
}

/**
 * Turns one's own second factor off, given a valid code (the caller checked the password); not
 * while required, and then no code is spent.
 */
export async function disableSecondFactor(services: Services, userId: string, rawCode: string, now = Date.now()): Promise<Outcome<null>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    if (!(await isSecondFactorEnabled(tx, userId))) return fail(409, "form", "secondFactor.errors.notOn");
    if ((await requiredFor(tx, userId)).length > 0) return fail(409, "form", "secondFactor.errors.required");
    if (!(await verifySecondFactor(tx, userId, rawCode, now))) return fail(400, "code", "secondFactor.errors.wrongCode");
    await removeFactor(tx, userId);
    await recordAudit(tx, { actorUserId: userId, action: "account.second_factor_disabled", targetType: "user", targetId: userId });
    return { ok: true, value: null };
  });
}

/**
 * The administrator's recovery for a lost phone: the account's second factor and recovery codes
 * are removed. Its holder then signs in with the password alone and, when a role requires it, is
 * sent straight to a new setup.
 */
export async function resetSecondFactor(services: Services, adminId: string, userId: string): Promise<Outcome<null>> {
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    if (!(await tx.get("SELECT 1 FROM users WHERE id = ?", userId))) return fail(404, "form", "recovery.errors.unknownAccount");
    if (!(await isSecondFactorEnabled(tx, userId))) return fail(409, "form", "secondFactor.errors.notOn");
    await removeFactor(tx, userId);
    await tx.run("DELETE FROM login_challenges WHERE user_id = ?", userId);
    await recordAudit(tx, { actorUserId: adminId, action: "account.second_factor_reset", targetType: "user", targetId: userId });
    return { ok: true, value: null };
  });
}

/** The administrator's setting: which roles must use a second factor. */
export async function setRequiredRoles(services: Services, adminId: string, roles: readonly Role[], now = Date.now()): Promise<Outcome<Role[]>> {
  const { db } = services;
  const value = [...new Set(roles)].sort();
  return await db.transaction(async (tx): Promise<Outcome<Role[]>> => {
    const before = await requiredRoles(tx);
    await tx.run(
      `INSERT INTO instance_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      REQUIRED_ROLES_KEY,
      JSON.stringify(value),
      now,
      adminId,
    );
    await recordAudit(tx, { actorUserId: adminId, action: "instance.second_factor_roles_set", targetType: "instance", details: { before, after: value } });
    return { ok: true, value };
  });
}

/** Which accounts have a second factor on, for the administration page. */
export async function accountsWithSecondFactor(db: Sql): Promise<Set<string>> {
  return new Set((await db.all<{ user_id: string }>("SELECT user_id FROM second_factors WHERE confirmed_at IS NOT NULL")).map((r) => r.user_id));
}
