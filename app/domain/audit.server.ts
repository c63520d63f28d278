import type { Sql, SqlValue } from "../storage/sql.server.js";

export interface AuditInput {
  actorUserId: string | null;
  action: string;
  processId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: number;
  at: number;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  processId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** Appends one audit event. Call it inside the same transaction as the mutation it records. */
export async function recordAudit(db: Sql, input: AuditInput): Promise<void> {
  await db.run(
    `INSERT INTO audit_events (at, actor_user_id, action, process_id, target_type, target_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    Date.now(),
    input.actorUserId,
    input.action,
    input.processId ?? null,
    input.targetType ?? null,
    input.targetId ?? null,
    JSON.stringify(input.details ?? {}),
  );
}

interface AuditRow {
  id: number;
  at: number;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  process_id: string | null;
  target_type: string | null;
  target_id: string | null;
  details: string;
}

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    action: row.action,
    processId: row.process_id,
    targetType: row.target_type,
    targetId: row.target_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export interface AuditQuery {
  processId?: string | null;
  actorUserId?: string;
  action?: string;
  limit: number;
  offset: number;
}

export async function listAuditEvents(db: Sql, query: AuditQuery): Promise<{ events: AuditEvent[]; total: number }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.processId !== undefined) {
    where.push(query.processId === null ? "e.process_id IS NULL" : "e.process_id = ?");
    if (query.processId !== null) params.push(query.processId);
  }
  if (query.actorUserId) {
    where.push("e.actor_user_id = ?");
    params.push(query.actorUserId);
  }
  if (query.action) {
    where.push("e.action = ?");
    params.push(query.action);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_events e ${clause}`, ...params))!.n;
  const rows = await db.all<AuditRow>(
    `SELECT e.*, u.display_name AS actor_name FROM audit_events e
       LEFT JOIN users u ON u.id = e.actor_user_id
       ${clause} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
    ...params,
    query.limit,
    query.offset,
  );
  return { events: rows.map(toAuditEvent), total };
}
