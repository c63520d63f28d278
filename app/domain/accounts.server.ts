import { trimVisible } from "../core/text.js";
import { hash, verify } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { serializeOn, type Sql } from "../storage/sql.server.js";
import { LANGUAGES, type Language } from "../core/languages.js";
import { recordAudit } from "./audit.server.js";
import { invalidateUserSessions } from "./sessions.server.js";
import type { AppConfig } from "./config.server.js";

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

export const emailField = z
  .string({ error: "errors.emailRequired" })
  .trim()
  .min(1, { error: "errors.emailRequired" })
  .max(254, { error: "errors.emailInvalid" })
  .pipe(z.email({ error: "errors.emailInvalid" }))
  .transform(normalizeEmail);

export const passwordField = z
  .string({ error: "errors.passwordLength" })
  .min(PASSWORD_MIN, { error: "errors.passwordLength" })
  .max(PASSWORD_MAX, { error: "errors.passwordLength" });

export const displayNameField = z
  .string({ error: "errors.displayNameRequired" })
  .overwrite(trimVisible)
  .min(1, { error: "errors.displayNameRequired" })
  .max(100, { error: "errors.displayNameTooLong" });

export const languageField = z.enum(LANGUAGES, { error: "errors.languageInvalid" });

export const signupSchema = z.object({
  email: emailField,
  displayName: displayNameField,
  password: passwordField,
  preferredLanguage: languageField,
});
export type SignupInput = z.output<typeof signupSchema>;

export interface Account {
  id: string;
  email: string;
  displayName: string;
  preferredLanguage: Language;
  isAdmin: boolean;
  disabledAt: number | null;
  createdAt: number;
}

/** Why a new account may be created. `invitation` is for people holding a valid process invitation. */
/** How an account came to be: self sign-up, an invitation, or `npm run seed:demo` (never the administrator). */
export type SignupGrant = "invitation" | "self" | "demo";

export class SignupClosedError extends Error {
  constructor() {
    super("errors.signupClosed");
  }
}
export class EmailTakenError extends Error {
  constructor() {
    super("errors.emailTaken");
  }
}

export async function countUsers(db: Sql): Promise<number> {
  return (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users"))!.n;
}

/**
 * Whether the workspace still needs its administrator. Usually that means no account at all; a
 * database filled by `npm run seed:demo` has demo accounts but no administrator, and the first
 * person to sign up becomes it, as on a new workspace.
 */
export async function needsAdministrator(db: Sql): Promise<boolean> {
  return !(await db.get("SELECT 1 FROM users WHERE is_admin = 1 LIMIT 1"));
}

/** Self sign-up is open while the workspace has no administrator, or when OPEN_SIGNUP=true. */
export async function isSelfSignupOpen(db: Sql, config: AppConfig): Promise<boolean> {
  return config.openSignup || (await needsAdministrator(db));
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/**
 * Creates an account. The first account signed up on a workspace without an administrator becomes
 * the instance administrator (a demo account never does); later ones need open sign-up or an
 * invitation grant. The check and the insert run in one
 * transaction so two simultaneous first sign-ups cannot both become administrator.
 */
export async function createAccount(db: Sql, config: AppConfig, input: SignupInput, grant: SignupGrant): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  const id = randomUUID();
  return await db.transaction(async (tx): Promise<Account> => {
    // Sign-ups wait for each other here, so only one of two at once on a new workspace sees no
    // administrator (PostgreSQL; SQLite's transactions already run one at a time).
    await serializeOn(tx, "accounts.created");
    const first = grant !== "demo" && (await needsAdministrator(tx));
    if (!first && grant === "self" && !config.openSignup) throw new SignupClosedError();
    const taken = await tx.get("SELECT 1 FROM users WHERE email = ?", input.email);
    if (taken) throw new EmailTakenError();
    await tx.run(
      `INSERT INTO users (id, email, display_name, password_hash, preferred_language, is_admin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      input.email,
      input.displayName,
      passwordHash,
      input.preferredLanguage,
      first ? 1 : 0,
      now,
      now,
    );
    await recordAudit(tx, {
      actorUserId: id,
      action: "account.created",
      targetType: "user",
      targetId: id,
      details: { admin: first, via: first ? "first-account" : grant },
    });
    return {
      id,
      email: input.email,
      displayName: input.displayName,
      preferredLanguage: input.preferredLanguage,
      isAdmin: first,
      disabledAt: null,
      createdAt: now,
    };
  });
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks an email and password. An unknown email still runs one argon2 verification against a
 * dummy hash, so both failures take about the same time and get the same answer.
 */
export async function verifyCredentials(db: Sql, email: string, password: string): Promise<Account | null> {
  const row = await db.get<UserRow>("SELECT * FROM users WHERE email = ?", normalizeEmail(email));
  if (!row) {
    dummyHash ??= hashPassword("not-a-real-password-but-of-realistic-length");
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  if (!ok || row.disabled_at !== null) return null;
  return toAccount(row);
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  preferred_language: Language;
  is_admin: number;
  disabled_at: number | null;
  created_at: number;
}

function toAccount(row: UserRow): Account {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    preferredLanguage: row.preferred_language,
    isAdmin: row.is_admin === 1,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
  };
}

export async function getAccount(db: Sql, userId: string): Promise<Account | null> {
  const row = await db.get<UserRow>("SELECT * FROM users WHERE id = ?", userId);
  return row ? toAccount(row) : null;
}

export async function listAccounts(db: Sql): Promise<Account[]> {
  return (await db.all<UserRow>("SELECT * FROM users ORDER BY created_at")).map(toAccount);
}

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: "errors.currentPasswordRequired" }),
  newPassword: passwordField,
});

/** Changes the password after checking the current one, and ends every other session of the user. */
export async function changePassword(
  db: Sql,
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string,
): Promise<"ok" | "wrong-password"> {
  const row = await db.get<{ password_hash: string }>("SELECT password_hash FROM users WHERE id = ?", userId);
  if (!row || !(await verify(row.password_hash, currentPassword).catch(() => false))) return "wrong-password";
  const newHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.run("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", newHash, Date.now(), userId);
    const ended = await invalidateUserSessions(tx, userId, keepSessionId);
    await recordAudit(tx, {
      actorUserId: userId,
      action: "account.password_changed",
      targetType: "user",
      targetId: userId,
      details: { otherSessionsEnded: ended },
    });
  });
  return "ok";
}

export const profileSchema = z.object({ displayName: displayNameField, preferredLanguage: languageField });

export async function updateProfile(db: Sql, userId: string, input: z.output<typeof profileSchema>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(
      "UPDATE users SET display_name = ?, preferred_language = ?, updated_at = ? WHERE id = ?",
      input.displayName,
      input.preferredLanguage,
      Date.now(),
      userId,
    );
    await recordAudit(tx, {
      actorUserId: userId,
      action: "account.profile_updated",
      targetType: "user",
      targetId: userId,
      details: { preferredLanguage: input.preferredLanguage },
    });
  });
}

export async function setPreferredLanguage(db: Sql, userId: string, language: Language): Promise<void> {
  await db.transaction(async (tx) => {
    const changed = (
      await tx.run("UPDATE users SET preferred_language = ?, updated_at = ? WHERE id = ? AND preferred_language != ?", language, Date.now(), userId, language)
    ).changes;
    if (changed) {
      await recordAudit(tx, { actorUserId: userId, action: "account.language_changed", targetType: "user", targetId: userId, details: { language } });
    }
  });
}

/** Instance administrator: disable or re-enable an account. Disabling ends its sessions at once. */
export async function setAccountDisabled(db: Sql, adminId: string, userId: string, disabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", disabled ? Date.now() : null, Date.now(), userId);
    if (disabled) await invalidateUserSessions(tx, userId);
    await recordAudit(tx, { actorUserId: adminId, action: disabled ? "account.disabled" : "account.enabled", targetType: "user", targetId: userId });
  });
}
