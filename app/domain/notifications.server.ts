// Notifications (issue 14; docs/decisions/030-notifications.md). Entries are derived at read time
// from what the database already records — open rounds awaiting a decision, rounds opened, reopened
// and adopted, replies in annotation threads — and every one is put to the policy for this reader
// now, so a removed member or a lost role stops seeing entries at once and a team-only thread never
// reaches anyone outside the team. Only the per-person "seen up to" marker is stored.
import { z } from "zod";
import { dialectOf, type Sql } from "../storage/sql.server.js";
import { badgeCount, documentHref, newestSeenable, notificationFloor, orderEntries, threadHref, type NotificationEntry } from "../core/notifications.js";
import { can, documentFacts, type Actor, type DocumentStatus } from "../core/policy.js";
import type { Role } from "../core/roles.js";
import type { Visibility } from "../core/annotations/types.js";
import { actorFor, type UserRef } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import { parseInput, type Outcome, type RawInput } from "./input.server.js";

interface MembershipRow {
  process_id: string;
  role: Role;
  category_id: string | null;
  title: string;
  status: string;
}

/** One process as this reader stands in it: the policy's actor and the archived flag. */
interface Standing {
  processTitle: string;
  actor: Actor;
  archived: boolean;
}

interface DocumentFacts {
  document_id: string;
  document_title: string;
  document_status: DocumentStatus;
  document_visibility: Visibility;
  process_id: string;
}

async function standings(db: Sql, user: UserRef): Promise<Map<string, Standing>> {
  const rows = await db.all<MembershipRow>(
    `SELECT m.process_id, m.role, m.category_id, p.title, p.status FROM process_members m
       JOIN processes p ON p.id = m.process_id WHERE m.user_id = ?`,
    user.id,
  );
  return new Map(
    rows.map((r) => [
      r.process_id,
      {
        processTitle: r.title,
        actor: actorFor(user, { role: r.role, categoryId: r.category_id }),
        archived: r.status === "archived",
      },
    ]),
  );
}

export async function seenUpTo(db: Sql, userId: string): Promise<number> {
  return (await db.get<{ seen_up_to: number }>("SELECT seen_up_to FROM notification_marks WHERE user_id = ?", userId))?.seen_up_to ?? 0;
}

function documentResource(s: Standing, row: DocumentFacts) {
  return { archived: s.archived, ...documentFacts({ status: row.document_status, visibility: row.document_visibility }) };
}

function base(s: Standing, row: DocumentFacts) {
  return { processId: row.process_id, processTitle: s.processTitle, documentId: row.document_id, documentTitle: row.document_title };
}

// The count runs on every page: the query layer keeps each statement compiled (a cache per
// connection on SQLite), as compiling them cost more than running them (bench:notifications).
const DOCUMENT_COLUMNS = "d.id AS document_id, d.title AS document_title, d.status AS document_status, d.visibility AS document_visibility, d.process_id";

/**
 * Open rounds that require this representative's category and hold no decision of theirs (their
 * own, or one recorded for them in person). Whether they may decide is the policy's answer
 * (signoff.decide for their category on that document), as the sign-off panel asks it.
 */
async function decisionsNeeded(db: Sql, userId: string, processes: Map<string, Standing>): Promise<NotificationEntry[]> {
  const rows = await db.all<DocumentFacts & { round_id: string; number: number; opened_at: number; by_name: string | null; category_id: string }>(
    `SELECT r.id AS round_id, r.number, r.opened_at, u.display_name AS by_name, m.category_id, ${DOCUMENT_COLUMNS}
       FROM process_members m
       JOIN documents d ON d.process_id = m.process_id AND d.status = 'in_signoff'
       JOIN signoff_rounds r ON r.document_id = d.id AND r.status = 'open'
       JOIN signoff_round_categories rc ON rc.round_id = r.id AND rc.category_id = m.category_id
       LEFT JOIN users u ON u.id = r.opened_by
       WHERE m.user_id = ? AND m.role = 'representative'
         AND NOT EXISTS (SELECT 1 FROM signoff_decisions x WHERE x.round_id = r.id AND x.user_id = m.user_id)`,
    userId,
  );
  return rows.flatMap((row): NotificationEntry[] => {
    const s = processes.get(row.process_id);
    if (!s || !can(s.actor, "signoff.decide", { ...documentResource(s, row), categoryId: row.category_id })) return [];
    return [
      {
        key: `decisionNeeded:${row.round_id}`,
        kind: "decisionNeeded",
        ...base(s, row),
        at: row.opened_at,
        href: documentHref(row.process_id, row.document_id),
        byName: row.by_name,
        round: row.number,
        replies: 0,
        unseen: true,
      },
    ];
  });
}

/**
 * Rounds of this reader's processes opened, reopened or adopted by someone else after the floor:
 * the later of when they joined the process and `since` (the window, and for the count what they
 * saw; notificationFloor). Read per document of their processes: the cost follows what the reader
 * belongs to, not the size of the workspace.
 */
async function roundNews(db: Sql, userId: string, processes: Map<string, Standing>, since: number, seen: number): Promise<NotificationEntry[]> {
  const rows = await db.all<
    DocumentFacts & {
      round_id: string;
      number: number;
      status: "open" | "adopted" | "reopened";
      opened_at: number;
      opened_by_name: string | null;
      closed_at: number | null;
      closed_by_name: string | null;
      // 0/1 on SQLite, a boolean on PostgreSQL.
      opened_news: 0 | 1 | boolean;
      closed_news: 0 | 1 | boolean | null;
    }
  >(
    // The news flags are computed in a subquery and filtered outside it: PostgreSQL, unlike SQLite,
    // does not let WHERE name a column of the SELECT list.
    `SELECT * FROM (
       SELECT r.id AS round_id, r.number, r.status, r.opened_at, o.display_name AS opened_by_name, r.closed_at, c.display_name AS closed_by_name,
         (r.opened_at > ${dialectOf(db).greatest}(pm.joined_at, ?) AND r.opened_by <> pm.user_id) AS opened_news,
         (r.closed_at > ${dialectOf(db).greatest}(pm.joined_at, ?) AND r.closed_by <> pm.user_id AND r.status <> 'open') AS closed_news,
         ${DOCUMENT_COLUMNS}
       FROM process_members pm JOIN documents d ON d.process_id = pm.process_id JOIN signoff_rounds r ON r.document_id = d.id
       LEFT JOIN users o ON o.id = r.opened_by LEFT JOIN users c ON c.id = r.closed_by
       WHERE pm.user_id = ?
     ) news WHERE opened_news OR closed_news`,
    since,
    since,
    userId,
  );
  const entries: NotificationEntry[] = [];
  for (const row of rows) {
    const s = processes.get(row.process_id);
    if (!s || !can(s.actor, "document.read", documentResource(s, row))) continue;
    const entry = (kind: NotificationEntry["kind"], at: number, byName: string | null): NotificationEntry => ({
      key: `${kind}:${row.round_id}`,
      kind,
      ...base(s, row),
      at,
      href: documentHref(row.process_id, row.document_id),
      byName,
      round: row.number,
      replies: 0,
      unseen: at > seen,
    });
    // What this reader did is not news to them (left out by the query).
    if (row.opened_news) entries.push(entry("roundOpened", row.opened_at, row.opened_by_name));
    if (row.closed_news && row.closed_at !== null)
      entries.push(entry(row.status === "adopted" ? "adopted" : "roundReopened", row.closed_at, row.closed_by_name));
  }
  return entries;
}

/**
 * Replies by others in the threads this reader started or replied in, after they first wrote
 * there and after the floor; one entry per thread (counted and dated in SQL: one row per thread,
 * however long the discussion). No message text is read: an entry names the thread's place, never
 * its words. The policy is asked with the thread's own visibility.
 */
async function replyNews(db: Sql, userId: string, processes: Map<string, Standing>, since: number, seen: number): Promise<NotificationEntry[]> {
  const rows = await db.all<
    DocumentFacts & {
      thread_id: string;
      thread_visibility: Visibility;
      replies: number;
      latest_at: number;
      author_name: string;
    }
  >(
    `WITH mine AS (SELECT thread_id, MIN(created_at) AS first_at FROM annotation_messages WHERE author_id = ? GROUP BY thread_id),
     news AS (
       SELECT t.id AS thread_id, COUNT(*) AS replies, MAX(m.created_at) AS latest_at
       FROM mine
       -- Every message bumps its thread's updated_at: a thread untouched since the floor has no news.
       JOIN annotation_threads t ON t.id = mine.thread_id AND t.updated_at > ?
       JOIN documents d ON d.id = t.document_id
       JOIN process_members pm ON pm.process_id = d.process_id AND pm.user_id = ?
       JOIN annotation_messages m ON m.thread_id = t.id AND m.created_at > ${dialectOf(db).greatest}(mine.first_at, pm.joined_at, ?)
       WHERE m.author_id <> ? AND m.deleted_at IS NULL
       GROUP BY t.id
     )
     SELECT n.thread_id, t.visibility AS thread_visibility, n.replies, n.latest_at,
       -- The latest reply's author (both engines: no bare column beside an aggregate).
       (SELECT u.display_name FROM annotation_messages m JOIN users u ON u.id = m.author_id
         WHERE m.thread_id = n.thread_id AND m.created_at = n.latest_at AND m.author_id <> ? AND m.deleted_at IS NULL
         ORDER BY m.id LIMIT 1) AS author_name,
       ${DOCUMENT_COLUMNS}
     FROM news n JOIN annotation_threads t ON t.id = n.thread_id JOIN documents d ON d.id = t.document_id`,
    userId,
    since,
    userId,
    since,
    userId,
    userId,
  );
  return rows.flatMap((row): NotificationEntry[] => {
    const s = processes.get(row.process_id);
    if (!s || !can(s.actor, "annotation.read", { ...documentResource(s, row), annotationVisibility: row.thread_visibility })) return [];
    return [
      {
        key: `reply:${row.thread_id}`,
        kind: "reply",
        ...base(s, row),
        at: row.latest_at,
        href: threadHref(row.process_id, row.document_id, row.thread_id),
        byName: row.author_name,
        round: null,
        replies: row.replies,
        unseen: row.latest_at > seen,
      },
    ];
  });
}

async function collect(db: Sql, user: UserRef, now: number, countOnly: boolean): Promise<{ entries: NotificationEntry[]; seen: number }> {
  const seen = await seenUpTo(db, user.id);
  // For the count, facts up to the marker are left out by the queries themselves (fewer rows).
  const since = notificationFloor(0, now, countOnly ? seen : undefined);
  const processes = await standings(db, user);
  const decisions = await decisionsNeeded(db, user.id, processes);
  // A round that waits for this person's decision is already on the list as such.
  const waiting = new Set(decisions.map((d) => d.key.slice("decisionNeeded:".length)));
  const rounds = (await roundNews(db, user.id, processes, since, seen)).filter(
    (e) => !(e.kind === "roundOpened" && waiting.has(e.key.slice("roundOpened:".length))),
  );
  return { entries: [...decisions, ...rounds, ...(await replyNews(db, user.id, processes, since, seen))], seen };
}

/** The header's number (runs on every page): decisions needed plus entries not seen yet. */
export async function notificationCount(db: Sql, user: UserRef, now = Date.now()): Promise<number> {
  return badgeCount((await collect(db, user, now, true)).entries);
}

export interface WaitingForYou {
  entries: NotificationEntry[];
  count: number;
  /** What "mark all as read" submits: the newest entry shown (0 when none can be marked). */
  markUpTo: number;
}

/** The dashboard's "waiting for you" list: decisions needed, then the news of the window, newest first. */
export async function waitingForYou(db: Sql, user: UserRef, now = Date.now()): Promise<WaitingForYou> {
  const { entries } = await collect(db, user, now, false);
  const shown = orderEntries(entries);
  return { entries: shown, count: badgeCount(entries), markUpTo: shown.some((e) => e.unseen && e.kind !== "decisionNeeded") ? newestSeenable(shown) : 0 };
}

/** "Mark all as read": up to the newest entry the list showed (so an entry that arrived since still counts). */
const MARK_INVALID = { error: "notifications.errors.markInvalid" };
export const markSeenSchema = z.object({
  upTo: z.coerce.number(MARK_INVALID).int(MARK_INVALID).min(1, MARK_INVALID),
});

/** Moves the reader's marker forward (never back), audited; a marker already there changes nothing. */
export async function markNotificationsSeen(db: Sql, user: UserRef, raw: RawInput, now = Date.now()): Promise<Outcome<{ seenUpTo: number; changed: boolean }>> {
  const parsed = parseInput(markSeenSchema, raw);
  if (!parsed.ok) return parsed;
  // A time from the future would hide entries that do not exist yet.
  if (parsed.data.upTo > now) return { ok: false, status: 400, errors: { upTo: "notifications.errors.markInvalid" } };
  return await db.transaction(async (tx): Promise<Outcome<{ seenUpTo: number; changed: boolean }>> => {
    const before = await seenUpTo(tx, user.id);
    if (parsed.data.upTo <= before) return { ok: true, value: { seenUpTo: before, changed: false } };
    await tx.run(
      `INSERT INTO notification_marks (user_id, seen_up_to, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET seen_up_to = excluded.seen_up_to, updated_at = excluded.updated_at`,
      user.id,
      parsed.data.upTo,
      now,
    );
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "notifications.seen",
      targetType: "user",
      targetId: user.id,
      details: { seenUpTo: parsed.data.upTo, previous: before },
    });
    return { ok: true, value: { seenUpTo: parsed.data.upTo, changed: true } };
  });
}
