import type { Sql } from "../storage/sql.server.js";
import { listAuditEvents, type AuditEvent } from "./audit.server.js";

export const AUDIT_PAGE_SIZE = 25;

/** One page of a process's audit log, newest first, optionally one action only. */
export async function listProcessAudit(
  db: Sql,
  processId: string,
  options: { action?: string; page?: number; pageSize?: number } = {},
): Promise<{ events: AuditEvent[]; total: number; page: number; pages: number }> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const requested = Math.max(1, Math.floor(options.page ?? 1));
  const { events, total } = await listAuditEvents(db, {
    processId,
    action: options.action || undefined,
    limit: pageSize,
    offset: (requested - 1) * pageSize,
  });
  return { events, total, page: requested, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** The actions that occur in a process's log: the choices of the filter. */
export async function listProcessAuditActions(db: Sql, processId: string): Promise<string[]> {
  return (await db.all<{ action: string }>("SELECT DISTINCT action FROM audit_events WHERE process_id = ? ORDER BY action", processId)).map((r) => r.action);
}
