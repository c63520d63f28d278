import { trimVisible } from "../core/text.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../storage/database.server.js";
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

export function getProcess(db: Db, processId: string): ProcessRecord | null {
  const row = db.prepare("SELECT * FROM processes WHERE id = ?").get(processId) as ProcessRow | undefined;
  return row ? toProcess(row) : null;
}

/** Creates a process with the default stakeholder categories; its creator becomes its facilitator. */
export function createProcess(services: Services, user: UserRef, input: RawInput): Outcome<{ id: string }> {
  const parsed = parseInput(processSchema, input);
  if (!parsed.ok) return parsed;
  const { db, events } = services;
  const data = parsed.data;
  const id = randomUUID();
  const now = Date.now();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO processes (id, title, locality, region, description, languages, status, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
    ).run(id, data.title, data.locality, data.region, data.description, data.languages.join(","), user.id, now, now);
    const insertCategory = db.prepare("INSERT INTO stakeholder_categories (id, process_id, key, position, created_at) VALUES (?, ?, ?, ?, ?)");
    DEFAULT_CATEGORIES.forEach((c, i) => {
      insertCategory.run(randomUUID(), id, c.key, i, now);
    });
    db.prepare("INSERT INTO process_members (process_id, user_id, role, joined_at, updated_at) VALUES (?, ?, 'facilitator', ?, ?)").run(id, user.id, now, now);
    recordAudit(db, {
      actorUserId: user.id,
      action: "process.created",
      processId: id,
      targetType: "process",
      targetId: id,
      details: { title: data.title, languages: data.languages },
    });
  })();
  events.emit("membership.changed", { processId: id, userId: user.id });
  return { ok: true, value: { id } };
}

export function updateProcess(services: Services, user: UserRef, processId: string, input: RawInput): Outcome<null> {
  const parsed = parseInput(processSchema, input);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const data = parsed.data;
  return db.transaction((): Outcome<null> => {
    authorize(db, processId, user, "process.manage");
    const before = getProcess(db, processId)!;
    const changed = (["title", "locality", "region", "description"] as const).filter((f) => before[f] !== data[f]);
    if (before.languages.join(",") !== data.languages.join(",")) changed.push("languages" as never);
    if (!changed.length) return { ok: true, value: null };
    db.prepare("UPDATE processes SET title = ?, locality = ?, region = ?, description = ?, languages = ?, updated_at = ? WHERE id = ?").run(
      data.title,
      data.locality,
      data.region,
      data.description,
      data.languages.join(","),
      Date.now(),
      processId,
    );
    recordAudit(db, {
      actorUserId: user.id,
      action: "process.updated",
      processId,
      targetType: "process",
      targetId: processId,
      details: { fields: changed, title: data.title },
    });
    return { ok: true, value: null };
  })();
}

/** Archives (read-only for everyone) or restores a process. */
export function setProcessArchived(services: Services, user: UserRef, processId: string, archived: boolean): Outcome<null> {
  const { db, events } = services;
  const result = db.transaction((): Outcome<null> => {
    authorize(db, processId, user, "process.archive");
    const now = Date.now();
    const changes = db
      .prepare("UPDATE processes SET status = ?, archived_at = ?, updated_at = ? WHERE id = ? AND status = ?")
      .run(archived ? "archived" : "active", archived ? now : null, now, processId, archived ? "active" : "archived").changes;
    if (!changes) return fail(409, "form", archived ? "processErrors.alreadyArchived" : "processErrors.notArchived");
    recordAudit(db, {
      actorUserId: user.id,
      action: archived ? "process.archived" : "process.unarchived",
      processId,
      targetType: "process",
      targetId: processId,
    });
    return { ok: true, value: null };
  })();
  if (result.ok) events.emit("process.changed", { processId });
  return result;
}

export interface MyProcess extends ProcessRecord {
  role: Role;
  memberCount: number;
}

/** The dashboard: the processes the user is a member of, active ones first, newest first. */
export function listProcessesForUser(db: Db, userId: string): MyProcess[] {
  const rows = db
    .prepare(
      `SELECT p.*, m.role AS my_role,
         (SELECT COUNT(*) FROM process_members x WHERE x.process_id = p.id) AS member_count
       FROM process_members m JOIN processes p ON p.id = m.process_id
       WHERE m.user_id = ?
       ORDER BY p.status = 'archived', p.updated_at DESC`,
    )
    .all(userId) as (ProcessRow & { my_role: Role; member_count: number })[];
  return rows.map((r) => ({ ...toProcess(r), role: r.my_role, memberCount: r.member_count }));
}
