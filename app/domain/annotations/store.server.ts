// Annotation threads and messages in storage, and the view of a thread for one reader. Views are
// made per reader from the policy: a thread the reader may not read is never turned into a view.
import { dialectOf, type Sql } from "../../storage/sql.server.js";
import type { Anchor, AnnotationType, MessageView, ThreadStatus, ThreadView, Visibility } from "../../core/annotations/types.js";
import { can, documentFacts, type Actor, type DocumentStatus } from "../../core/policy.js";
import type { ProcessAccess } from "../access.server.js";
import { actorIdsByThread, actorIdsOfThread } from "../stakeholders/store.server.js";

export interface ThreadRow {
  id: string;
  document_id: string;
  type: AnnotationType;
  visibility: Visibility;
  status: ThreadStatus;
  anchor: string;
  detached: number;
  created_by: string;
  created_by_name: string;
  created_at: number;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_at: number | null;
}

interface MessageRow {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: number;
  edited_at: number | null;
}

const THREADS = `SELECT t.*, c.display_name AS created_by_name, r.display_name AS resolved_by_name
  FROM annotation_threads t JOIN users c ON c.id = t.created_by LEFT JOIN users r ON r.id = t.resolved_by`;
const MESSAGES = `SELECT m.id, m.thread_id, m.author_id, u.display_name AS author_name, m.body, m.created_at, m.edited_at
  FROM annotation_messages m JOIN users u ON u.id = m.author_id WHERE m.deleted_at IS NULL`;

export async function threadRows(db: Sql, documentId: string): Promise<ThreadRow[]> {
  return await db.all<ThreadRow>(`${THREADS} WHERE t.document_id = ? ORDER BY t.created_at, t.id`, documentId);
}

export async function threadRow(db: Sql, threadId: string): Promise<ThreadRow | null> {
  return (await db.get<ThreadRow>(`${THREADS} WHERE t.id = ?`, threadId)) ?? null;
}

/** The live (not deleted) messages of these threads, oldest first, grouped by thread. */
async function messagesOf(db: Sql, threadIds: string[]): Promise<Map<string, MessageRow[]>> {
  const out = new Map<string, MessageRow[]>();
  if (!threadIds.length) return out;
  // One query per document (a JSON array keeps the statement fixed whatever the number of threads).
  const rows = await db.all<MessageRow>(`${MESSAGES} AND m.thread_id IN (${dialectOf(db).inJsonArray}) ORDER BY m.created_at, m.id`, JSON.stringify(threadIds));
  for (const row of rows) {
    const list = out.get(row.thread_id) ?? [];
    list.push(row);
    out.set(row.thread_id, list);
  }
  return out;
}

/** What the policy needs to decide about threads of one document, for one reader. */
export interface ReaderContext {
  actor: Actor;
  archived: boolean;
  document: { status: DocumentStatus; visibility: Visibility };
}

/** The reader of a route that already holds the member's access and the document (no more I/O). */
export function readerFromAccess(
  access: Pick<ProcessAccess, "actor" | "membership">,
  document: { status: DocumentStatus; visibility: Visibility },
): ReaderContext {
  return { actor: access.actor, archived: access.membership.archived, document: { status: document.status, visibility: document.visibility } };
}

export function threadResource(reader: ReaderContext, thread: Pick<ThreadRow, "visibility">, isAuthor = false) {
  return { archived: reader.archived, ...documentFacts(reader.document), annotationVisibility: thread.visibility, isAuthor };
}

export function mayRead(reader: ReaderContext, thread: Pick<ThreadRow, "visibility">): boolean {
  return can(reader.actor, "annotation.read", threadResource(reader, thread));
}

/** The map's actors a thread names, for a reader of the map only: a shared thread's other readers never learn them. */
function namedActors(reader: ReaderContext, actorIds: readonly string[]): string[] {
  return actorIds.length && can(reader.actor, "stakeholderMap.read", { archived: reader.archived }) ? [...actorIds] : [];
}

function toView(reader: ReaderContext, row: ThreadRow, messages: MessageRow[], actorIds: readonly string[]): ThreadView {
  const me = reader.actor.userId;
  const messageViews: MessageView[] = messages.map((m) => ({
    id: m.id,
    authorId: m.author_id,
    authorName: m.author_name,
    body: m.body,
    createdAt: m.created_at,
    editedAt: m.edited_at,
    mayEdit: can(reader.actor, "annotation.editMessage", threadResource(reader, row, m.author_id === me)),
  }));
  return {
    id: row.id,
    documentId: row.document_id,
    type: row.type,
    visibility: row.visibility,
    status: row.status,
    anchor: JSON.parse(row.anchor) as Anchor,
    detached: row.detached === 1,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at,
    resolvedBy: row.resolved_by ? { id: row.resolved_by, name: row.resolved_by_name ?? "" } : null,
    resolvedAt: row.resolved_at,
    messages: messageViews,
    actorIds: namedActors(reader, actorIds),
    may: {
      // A resolved thread is reopened before anyone replies to it.
      reply: row.status === "open" && can(reader.actor, "annotation.reply", threadResource(reader, row)),
      resolve: can(reader.actor, "annotation.resolve", threadResource(reader, row, row.created_by === me)),
      linkActors:
        can(reader.actor, "annotation.linkActors", threadResource(reader, row)) && can(reader.actor, "stakeholderMap.read", { archived: reader.archived }),
    },
  };
}

/**
 * The threads of a document this reader may read, as views. A thread whose messages were all
 * deleted is gone for everyone. Team threads never reach a reader outside the team.
 */
export async function readableThreads(db: Sql, reader: ReaderContext, documentId: string): Promise<ThreadView[]> {
  if (!can(reader.actor, "document.read", { archived: reader.archived, ...documentFacts(reader.document) })) return [];
  const rows = (await threadRows(db, documentId)).filter((row) => mayRead(reader, row));
  const messages = await messagesOf(
    db,
    rows.map((r) => r.id),
  );
  const actors = await actorIdsByThread(db, documentId);
  return rows.flatMap((row) => {
    const list = messages.get(row.id) ?? [];
    return list.length ? [toView(reader, row, list, actors.get(row.id) ?? [])] : [];
  });
}

/** A thread and its live messages, read once however many readers a change is shown to. */
export interface StoredThread {
  row: ThreadRow;
  messages: MessageRow[];
  /** Actors of the stakeholder map the thread names (shown to readers of the map only). */
  actorIds: string[];
}

export async function storedThread(db: Sql, threadId: string): Promise<StoredThread | null> {
  const row = await threadRow(db, threadId);
  if (!row) return null;
  return { row, messages: (await messagesOf(db, [row.id])).get(row.id) ?? [], actorIds: await actorIdsOfThread(db, row.id) };
}

/** A stored thread as one reader sees it: null when they may not read it, "gone" when no message is left. */
export function viewFor(reader: ReaderContext, stored: StoredThread): ThreadView | "gone" | null {
  if (!mayRead(reader, stored.row)) return null;
  return stored.messages.length ? toView(reader, stored.row, stored.messages, stored.actorIds) : "gone";
}

/** One thread for one reader: null when they may not read it (or it has no message left). */
export async function readableThread(db: Sql, reader: ReaderContext, threadId: string): Promise<ThreadView | null> {
  const stored = await storedThread(db, threadId);
  const view = stored ? viewFor(reader, stored) : null;
  return view === "gone" ? null : view;
}

/**
 * When a thread this reader may read last changed (0: never). Computed over their threads only,
 * so it says nothing of threads they may not read.
 */
export async function lastChangeFor(db: Sql, reader: ReaderContext, documentId: string): Promise<number> {
  const rows = await db.all<{
    visibility: Visibility;
    updated_at: number;
  }>("SELECT visibility, updated_at FROM annotation_threads WHERE document_id = ?", documentId);
  let last = 0;
  for (const row of rows) if (row.updated_at > last && mayRead(reader, row)) last = row.updated_at;
  return last;
}
