import { trimVisible } from "../core/text.js";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../storage/sql.server.js";
import type { CategoryLabels } from "../core/categories.js";
import type { Role } from "../core/roles.js";
import { authorize, type UserRef } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import { categorySnapshot, findCategory } from "./categories.server.js";
import type { Services } from "./context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";
import { normalizeRole, representativeRules, roleFields } from "./members.server.js";

// Invitation links carry a random token; like sessions, only its SHA-256 is stored, so a copy of
// the database cannot be turned into working links.

const DAY = 24 * 60 * 60 * 1000;
export const DEFAULT_EXPIRY_DAYS = 7;
export const MAX_EXPIRY_DAYS = 30;

export function generateInvitationToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

export function invitationTokenHash(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function invitationPath(token: string): string {
  return `/invite/${token}`;
}

export interface Invitation {
  id: string;
  processId: string;
  role: Role;
  categoryId: string | null;
  category: CategoryLabels | null;
  affiliation: string | null;
  note: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

interface InvitationRow {
  id: string;
  process_id: string;
  role: Role;
  category_id: string | null;
  affiliation: string | null;
  note: string | null;
  created_by: string;
  creator_name: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
  key: string | null;
  label_en: string | null;
  label_fr: string | null;
}

const SELECT = `SELECT i.*, u.display_name AS creator_name, c.key, c.label_en, c.label_fr
  FROM invitations i
  LEFT JOIN users u ON u.id = i.created_by
  LEFT JOIN stakeholder_categories c ON c.id = i.category_id`;

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    processId: row.process_id,
    role: row.role,
    categoryId: row.category_id,
    category: row.category_id ? { key: row.key, labelEn: row.label_en, labelFr: row.label_fr } : null,
    affiliation: row.affiliation,
    note: row.note,
    createdBy: row.created_by,
    createdByName: row.creator_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

/** Invitations still waiting to be used: not used, not revoked, not expired. */
export async function listPendingInvitations(db: Sql, processId: string, now = Date.now()): Promise<Invitation[]> {
  return (
    await db.all<InvitationRow>(
      `${SELECT} WHERE i.process_id = ? AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ? ORDER BY i.created_at DESC`,
      processId,
      now,
    )
  ).map(toInvitation);
}

export const invitationSchema = z
  .object({
    ...roleFields,
    note: z.string().overwrite(trimVisible).max(500, { error: "processErrors.noteTooLong" }).optional().default(""),
    expiresInDays: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : DEFAULT_EXPIRY_DAYS))
      .pipe(
        z
          .number({ error: "processErrors.expiryInvalid" })
          .int({ error: "processErrors.expiryInvalid" })
          .min(1, { error: "processErrors.expiryInvalid" })
          .max(MAX_EXPIRY_DAYS, { error: "processErrors.expiryInvalid" }),
      ),
  })
  .superRefine(representativeRules)
  .transform(normalizeRole);

/** Creates an invitation and returns its token: the only time the token exists outside the link. */
export async function createInvitation(
  services: Services,
  user: UserRef,
  processId: string,
  input: RawInput,
): Promise<Outcome<{ id: string; token: string; expiresAt: number }>> {
  const parsed = parseInput(invitationSchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const data = parsed.data;
  return await db.transaction(async (tx): Promise<Outcome<{ id: string; token: string; expiresAt: number }>> => {
    await authorize(tx, processId, user, "member.invite");
    const category = data.categoryId ? await findCategory(tx, processId, data.categoryId) : null;
    if (data.categoryId && !category) return fail(400, "categoryId", "processErrors.categoryUnknown");
    const id = randomUUID();
    const token = generateInvitationToken();
    const now = Date.now();
    const expiresAt = now + data.expiresInDays * DAY;
    await tx.run(
      `INSERT INTO invitations (id, token_hash, process_id, role, category_id, affiliation, note, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      invitationTokenHash(token),
      processId,
      data.role,
      data.categoryId,
      data.affiliation,
      data.note || null,
      user.id,
      now,
      expiresAt,
    );
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "invitation.created",
      processId,
      targetType: "invitation",
      targetId: id,
      // Never the token; the note may be personal and stays out of the log too.
      details: {
        role: data.role,
        ...(category ? { category: categorySnapshot(category) } : {}),
        ...(data.affiliation ? { affiliation: data.affiliation } : {}),
        expiresAt,
      },
    });
    return { ok: true, value: { id, token, expiresAt } };
  });
}

export async function revokeInvitation(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(z.object({ invitationId: z.string().min(1, { error: "processErrors.invitationUnknown" }) }), input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    await authorize(tx, processId, user, "member.invite");
    const changes = (
      await tx.run(
        "UPDATE invitations SET revoked_at = ?, revoked_by = ? WHERE id = ? AND process_id = ? AND used_at IS NULL AND revoked_at IS NULL",
        Date.now(),
        user.id,
        parsed.data.invitationId,
        processId,
      )
    ).changes;
    if (!changes) return fail(409, "form", "processErrors.invitationNotPending");
    const invitation = toInvitation((await tx.get<InvitationRow>(`${SELECT} WHERE i.id = ?`, parsed.data.invitationId))!);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "invitation.revoked",
      processId,
      targetType: "invitation",
      targetId: invitation.id,
      details: { role: invitation.role, ...(invitation.category ? { category: invitation.category } : {}) },
    });
    return { ok: true, value: null };
  });
}

export type InvitationState = "valid" | "expired" | "used" | "revoked" | "archived" | "unknown";

export interface InvitationLookup {
  state: InvitationState;
  invitation: Invitation | null;
  processTitle: string | null;
}

/** What a link leads to. The process title is shown only for a link that can still be used. */
export async function inspectInvitation(db: Sql, token: string, now = Date.now()): Promise<InvitationLookup> {
  if (!/^[a-z2-7]{32}$/.test(token)) return { state: "unknown", invitation: null, processTitle: null };
  const row = await db.get<InvitationRow & { process_title: string; process_status: string }>(
    `${SELECT.replace("SELECT i.*,", "SELECT i.*, p.title AS process_title, p.status AS process_status,")}
      JOIN processes p ON p.id = i.process_id WHERE i.token_hash = ?`,
    invitationTokenHash(token),
  );
  if (!row) return { state: "unknown", invitation: null, processTitle: null };
  const invitation = toInvitation(row);
  const state: InvitationState =
    row.revoked_at !== null
      ? "revoked"
      : row.used_at !== null
        ? "used"
        : row.process_status === "archived"
          ? "archived"
          : row.expires_at <= now
            ? "expired"
            : "valid";
  return { state, invitation, processTitle: state === "valid" ? row.process_title : null };
}

/** Sign-up through an invitation is allowed even when self sign-up is closed: only for a usable link. */
export async function isInvitationUsable(db: Sql, token: string): Promise<boolean> {
  return (await inspectInvitation(db, token)).state === "valid";
}

/**
 * Joins the process with the invitation's role and category, and uses the invitation up, in one
 * transaction: two people racing with the same link cannot both get in.
 */
export async function acceptInvitation(services: Services, user: UserRef, token: string): Promise<Outcome<{ processId: string }>> {
  const { db, events } = services;
  const result = await db.transaction(async (tx): Promise<Outcome<{ processId: string }>> => {
    const lookup = await inspectInvitation(tx, token);
    if (lookup.state !== "valid" || !lookup.invitation) return fail(lookup.state === "unknown" ? 404 : 410, "form", `invitations.state.${lookup.state}`);
    const invitation = lookup.invitation;
    const already = await tx.get("SELECT 1 FROM process_members WHERE process_id = ? AND user_id = ?", invitation.processId, user.id);
    if (already) return fail(409, "form", "processErrors.alreadyMember");
    const now = Date.now();
    const used = (
      await tx.run("UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL", now, user.id, invitation.id)
    ).changes;
    if (!used) return fail(410, "form", "invitations.state.used");
    await tx.run(
      "INSERT INTO process_members (process_id, user_id, role, category_id, affiliation, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      invitation.processId,
      user.id,
      invitation.role,
      invitation.categoryId,
      invitation.affiliation,
      now,
      now,
    );
    const name = (await tx.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", user.id))!.display_name;
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "invitation.accepted",
      processId: invitation.processId,
      targetType: "user",
      targetId: user.id,
      details: {
        member: name,
        role: invitation.role,
        ...(invitation.category ? { category: invitation.category } : {}),
        ...(invitation.affiliation ? { affiliation: invitation.affiliation } : {}),
        invitationId: invitation.id,
      },
    });
    return { ok: true, value: { processId: invitation.processId } };
  });
  if (result.ok) events.emit("membership.changed", { processId: result.value.processId, userId: user.id });
  return result;
}
