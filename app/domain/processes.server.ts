import { trimVisible } from "../core/text.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../storage/sql.server.js";
import { DEFAULT_CATEGORIES } from "../core/categories.js";
import { LANGUAGES, type Language } from "../core/languages.js";
import type { Role } from "../core/roles.js";
import { authorize, type UserRef } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";

export interface ProcessRecord {
  id: string;
  title: string;
  locality: string;
  region: string;
  description: string;
  languages: Language[];
  archived: boolean;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
}

interface ProcessRow {
  id: string;
  title: string;
  locality: string;
  region: string;
  description: string;
  languages: string;
  status: string;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}

function toProcess(row: ProcessRow): ProcessRecord {
  return {
    id: row.id,
    title: row.title,
    locality: row.locality,
    region: row.region,
    description: row.description,
    languages: row.languages.split(",") as Language[],
    archived: row.status === "archived",
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

const text = (max: number, required: string | null, tooLong: string) => {
  const base = z.string({ error: required ?? tooLong }).overwrite(trimVisible);
  return (required ? base.min(1, { error: required }) : base).max(max, { error: tooLong });
};

export const processSchema = z.object({
  title: text(200, "processErrors.titleRequired", "processErrors.titleTooLong"),
  locality: text(120, "processErrors.localityRequired", "processErrors.localityTooLong"),
  region: text(120, null, "processErrors.regionTooLong").optional().default(""),
  description: text(4000, null, "processErrors.descriptionTooLong").optional().default(""),
  // A checkbox group: absent when none is ticked, a string for one, an array for several.
  languages: z
    .union([z.string(), z.array(z.string())], { error: "processErrors.languagesRequired" })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(LANGUAGES, { error: "processErrors.languagesRequired" })).min(1, { error: "processErrors.languagesRequired" }))
    .transform((v) => LANGUAGES.filter((l) => v.includes(l))),
});
export type ProcessInput = z.output<typeof processSchema>;

export async function getProcess(db: Sql, processId: string): Promise<ProcessRecord | null> {
  const row = await db.get<ProcessRow>("SELECT * FROM processes WHERE id = ?", processId);
  return row ? toProcess(row) : null;
}

/** Creates a process with the default stakeholder categories; its creator becomes its facilitator. */
export async function createProcess(services: Services, user: UserRef, input: RawInput): Promise<Outcome<{ id: string }>> {
  const parsed = parseInput(processSchema, input);
  if (!parsed.ok) return parsed;
  const { db, events } = services;
  const data = parsed.data;
  const id = randomUUID();
  const now = Date.now();
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO processes (id, title, locality, region, description, languages, status, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
      id,
      data.title,
      data.locality,
      data.region,
      data.description,
      data.languages.join(","),
      user.id,
      now,
      now,
    );
    for (const [i, c] of DEFAULT_CATEGORIES.entries()) {
      await tx.run("INSERT INTO stakeholder_categories (id, process_id, key, position, created_at) VALUES (?, ?, ?, ?, ?)", randomUUID(), id, c.key, i, now);
    }
    await tx.run("INSERT INTO process_members (process_id, user_id, role, joined_at, updated_at) VALUES (?, ?, 'facilitator', ?, ?)", id, user.id, now, now);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "process.created",
      processId: id,
      targetType: "process",
      targetId: id,
      details: { title: data.title, languages: data.languages },
    });
  });
  events.emit("membership.changed", { processId: id, userId: user.id });
  return { ok: true, value: { id } };
}

export async function updateProcess(services: Services, user: UserRef, processId: string, input: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(processSchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const data = parsed.data;
  return await db.transaction(async (tx): Promise<Outcome<null>> => {
    await authorize(tx, processId, user, "process.manage");
    const before = (await getProcess(tx, processId))!;
    const changed = (["title", "locality", "region", "description"] as const).filter((f) => before[f] !== data[f]);
    if (before.languages.join(",") !== data.languages.join(",")) changed.push("languages" as never);
    if (!changed.length) return { ok: true, value: null };
    await tx.run(
      "UPDATE processes SET title = ?, locality = ?, region = ?, description = ?, languages = ?, updated_at = ? WHERE id = ?",
      data.title,
      data.locality,
      data.region,
      data.description,
      data.languages.join(","),
      Date.now(),
      processId,
    );
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "process.updated",
      processId,
      targetType: "process",
      targetId: processId,
      details: { fields: changed, title: data.title },
    });
    return { ok: true, value: null };
  });
}

/** Archives (read-only for everyone) or restores a process. */
export async function setProcessArchived(services: Services, user: UserRef, processId: string, archived: boolean): Promise<Outcome<null>> {
  const { db, events } = services;
  const result = await db.transaction(async (tx): Promise<Outcome<null>> => {
    await authorize(tx, processId, user, "process.archive");
    const now = Date.now();
    const changes = (
      await tx.run(
        "UPDATE processes SET status = ?, archived_at = ?, updated_at = ? WHERE id = ? AND status = ?",
        archived ? "archived" : "active",
        archived ? now : null,
        now,
        processId,
        archived ? "active" : "archived",
      )
    ).changes;
    if (!changes) return fail(409, "form", archived ? "processErrors.alreadyArchived" : "processErrors.notArchived");
    await recordAudit(tx, {
      actorUserId: user.id,
      action: archived ? "process.archived" : "process.unarchived",
      processId,
      targetType: "process",
      targetId: processId,
    });
    return { ok: true, value: null };
  });
  if (result.ok) events.emit("process.changed", { processId });
  return result;
}

export interface MyProcess extends ProcessRecord {
  role: Role;
  memberCount: number;
}

/** The dashboard: the processes the user is a member of, active ones first, newest first. */
export async function listProcessesForUser(db: Sql, userId: string): Promise<MyProcess[]> {
  const rows = await db.all<ProcessRow & { my_role: Role; member_count: number }>(
    `SELECT p.*, m.role AS my_role,
         (SELECT COUNT(*) FROM process_members x WHERE x.process_id = p.id) AS member_count
       FROM process_members m JOIN processes p ON p.id = m.process_id
       WHERE m.user_id = ?
       ORDER BY p.status = 'archived', p.updated_at DESC`,
    userId,
  );
  return rows.map((r) => ({ ...toProcess(r), role: r.my_role, memberCount: r.member_count }));
}
