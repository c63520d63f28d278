import { trimVisible } from "../core/text.js";
import { z } from "zod";
import { holdRow, type Sql } from "../storage/sql.server.js";
import { ROLES, type Role } from "../core/roles.js";
import { authorize, type UserRef } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import { categorySnapshot, findCategory } from "./categories.server.js";
import type { Services } from "./context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";

export interface Member {
  userId: string;
  displayName: string;
  email: string;
  role: Role;
  categoryId: string | null;
  affiliation: string | null;
  joinedAt: number;
}

export async function listMembers(db: Sql, processId: string): Promise<Member[]> {
  return (
    await db.all<{
      user_id: string;
      display_name: string;
      email: string;
      role: Role;
      category_id: string | null;
      affiliation: string | null;
      joined_at: number;
    }>(
      `SELECT m.user_id, u.display_name, u.email, m.role, m.category_id, m.affiliation, m.joined_at
         FROM process_members m JOIN users u ON u.id = m.user_id
         WHERE m.process_id = ? ORDER BY lower(u.display_name)`,
      processId,
    )
  ).map((r) => ({
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    categoryId: r.category_id,
    affiliation: r.affiliation,
    joinedAt: r.joined_at,
  }));
}

async function getMember(db: Sql, processId: string, userId: string): Promise<Member | null> {
  return (await listMembers(db, processId)).find((m) => m.userId === userId) ?? null;
}

async function facilitatorCount(db: Sql, processId: string): Promise<number> {
  return (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM process_members WHERE process_id = ? AND role = 'facilitator'", processId))!.n;
}

/** Role, category and affiliation as a form sends them (members and invitations share them). */
export const roleFields = {
  role: z.enum(ROLES, { error: "processErrors.roleInvalid" }),
  categoryId: z.string().trim().optional().default(""),
  affiliation: z.string().overwrite(trimVisible).max(120, { error: "processErrors.affiliationTooLong" }).optional().default(""),
};
type RoleFields = { role: Role; categoryId: string; affiliation: string };

/** A representative needs a category and a community/affiliation label. */
export function representativeRules(v: RoleFields, ctx: z.RefinementCtx): void {
  if (v.role !== "representative") return;
  if (!v.categoryId) ctx.addIssue({ code: "custom", path: ["categoryId"], message: "processErrors.categoryRequired" });
  if (!v.affiliation) ctx.addIssue({ code: "custom", path: ["affiliation"], message: "processErrors.affiliationRequired" });
}

/** Other roles carry no category (a stale one from a previous role is dropped). */
export function normalizeRole<T extends RoleFields>(v: T): Omit<T, "categoryId" | "affiliation"> & { categoryId: string | null; affiliation: string | null } {
  return { ...v, categoryId: v.role === "representative" ? v.categoryId : null, affiliation: v.affiliation || null };
}

const updateSchema = z
  .object({ userId: z.string({ error: "processErrors.memberUnknown" }).min(1, { error: "processErrors.memberUnknown" }), ...roleFields })
  .superRefine(representativeRules)
  .transform(normalizeRole);
const userSchema = z.object({ userId: z.string({ error: "processErrors.memberUnknown" }).min(1, { error: "processErrors.memberUnknown" }) });

/** Changes a member's role, category or affiliation. The last facilitator cannot be demoted. */
export async function updateMember(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(updateSchema, input);
  if (!parsed.ok) return parsed;
  const { db, events } = services;
  const { userId, role, categoryId, affiliation } = parsed.data;
  const result = await db.transaction(async (tx): Promise<Outcome<boolean>> => {
    // Membership changes of one process wait for each other: "the last facilitator" is counted on
    // what the other one committed (two facilitators demoting each other at once leave one).
    await holdRow(tx, "processes", processId);
    await authorize(tx, processId, user, "member.manage");
    const before = await getMember(tx, processId, userId);
    if (!before) return fail(404, "form", "processErrors.memberUnknown");
    const category = categoryId ? await findCategory(tx, processId, categoryId) : null;
    if (categoryId && !category) return fail(400, "categoryId", "processErrors.categoryUnknown");
    if (before.role === "facilitator" && role !== "facilitator" && (await facilitatorCount(tx, processId)) <= 1) {
      return fail(409, "form", "processErrors.lastFacilitator");
    }
    if (before.role === role && before.categoryId === categoryId && before.affiliation === affiliation) return { ok: true, value: false };
    await tx.run(
      "UPDATE process_members SET role = ?, category_id = ?, affiliation = ?, updated_at = ? WHERE process_id = ? AND user_id = ?",
      role,
      categoryId,
      affiliation,
      Date.now(),
      processId,
      userId,
    );
    const previousCategory = before.categoryId ? await findCategory(tx, processId, before.categoryId) : null;
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "member.updated",
      processId,
      targetType: "user",
      targetId: userId,
      details: {
        member: before.displayName,
        previousRole: before.role,
        role,
        ...(previousCategory ? { previousCategory: categorySnapshot(previousCategory) } : {}),
        ...(category ? { category: categorySnapshot(category) } : {}),
        ...(affiliation ? { affiliation } : {}),
      },
    });
    return { ok: true, value: true };
  });
  if (result.ok && result.value) events.emit("membership.changed", { processId, userId });
  return result.ok ? { ok: true, value: null } : result;
}

async function removeMembership(services: Services, user: UserRef, processId: string, userId: string, leaving: boolean): Promise<Outcome<null>> {
  const { db, events } = services;
  const result = await db.transaction(async (tx): Promise<Outcome<null>> => {
    await holdRow(tx, "processes", processId); // as in updateMember
    await authorize(tx, processId, user, leaving ? "member.leave" : "member.manage");
    const member = await getMember(tx, processId, userId);
    if (!member) return fail(404, "form", "processErrors.memberUnknown");
    if (member.role === "facilitator" && (await facilitatorCount(tx, processId)) <= 1) {
      return fail(409, "form", leaving ? "processErrors.lastFacilitatorLeave" : "processErrors.lastFacilitator");
    }
    await tx.run("DELETE FROM process_members WHERE process_id = ? AND user_id = ?", processId, userId);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: leaving ? "member.left" : "member.removed",
      processId,
      targetType: "user",
      targetId: userId,
      details: { member: member.displayName, role: member.role },
    });
    return { ok: true, value: null };
  });
  // Their open pages and (later) collab connections re-check access on this event.
  if (result.ok) events.emit("membership.changed", { processId, userId });
  return result;
}

export async function removeMember(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(userSchema, input);
  if (!parsed.ok) return parsed;
  if (parsed.data.userId === user.id) return fail(400, "form", "processErrors.useLeave");
  return await removeMembership(services, user, processId, parsed.data.userId, false);
}

export async function leaveProcess(services: Services, user: UserRef, processId: string): Promise<Outcome<null>> {
  return await removeMembership(services, user, processId, user.id, true);
}
