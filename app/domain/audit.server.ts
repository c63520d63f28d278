import type { Db } from "../storage/database.server.js";

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
export function recordAudit(db: Db, input: AuditInput): void {
  db.prepare(
    `INSERT INTO audit_events (at, actor_user_id, action, process_id, target_type, target_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
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

export function listAuditEvents(db: Db, query: AuditQuery): { events: AuditEvent[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
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
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM audit_events e ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT e.*, u.display_name AS actor_name FROM audit_events e
       LEFT JOIN users u ON u.id = e.actor_user_id
       ${clause} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit, query.offset) as AuditRow[];
  return { events: rows.map(toAuditEvent), total };
}
