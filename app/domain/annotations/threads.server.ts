// Annotation changes: start a thread, reply, edit or delete one's own message, resolve and reopen.
// Each one checks THE policy inside its transaction, writes the audit log (never the words of a
// message: the log outlives deletions), then tells the live connections (annotation.changed), which
// each receive the thread only if their member may read it (server/annotations-channel.ts).
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Sql } from "../../storage/sql.server.js";
import { can, documentFacts } from "../../core/policy.js";
import { actorFor, AccessDeniedError, getMembership, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import { getDocument, type DocumentRecord } from "../documents.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { threadActorsSchema } from "../stakeholders/schemas.server.js";
import { actorIdsOfThread } from "../stakeholders/store.server.js";
import { createThreadSchema, deleteMessageSchema, editMessageSchema, replySchema, threadStatusSchema } from "./schemas.server.js";
import { mayRead, threadResource, threadRow, type ReaderContext, type ThreadRow } from "./store.server.js";

type AnnotationServices = Pick<Services, "db" | "events">;

const newId = () => randomBytes(12).toString("base64url");

/**
 * The member behind `user` as the policy sees them for this document; null when they may not
 * read it (not a member, or a team draft for someone outside the team).
 */
export async function readerAt(db: Sql, document: DocumentRecord, user: UserRef): Promise<(ReaderContext & { documentRecord: DocumentRecord }) | null> {
  const membership = await getMembership(db, document.processId, user.id);
  if (!membership) return null;
  const actor = actorFor(user, membership);
  if (!can(actor, "document.read", { archived: membership.archived, ...documentFacts(document) })) return null;
  return { actor, archived: membership.archived, document: { status: document.status, visibility: document.visibility }, documentRecord: document };
}

/**
 * The document (of this process) and the member as the policy sees them; 404 when the member may
 * not read the document, exactly as for an unknown id (a team draft does not exist for the parties).
 */
export async function readerOf(db: Sql, processId: string, documentId: string, user: UserRef): Promise<ReaderContext & { documentRecord: DocumentRecord }> {
  const document = await getDocument(db, documentId);
  const reader = document && document.processId === processId ? await readerAt(db, document, user) : null;
  if (!reader) throw new AccessDeniedError(404);
  return reader;
}

/** The thread of this document the reader may read; a team thread answers like an unknown one. */
async function threadFor(db: Sql, reader: ReaderContext, documentId: string, threadId: string): Promise<ThreadRow | null> {
  const row = await threadRow(db, threadId);
  if (!row || row.document_id !== documentId || !mayRead(reader, row)) return null;
  // A thread whose messages were all deleted is gone.
  const live = await db.get("SELECT 1 FROM annotation_messages WHERE thread_id = ? AND deleted_at IS NULL LIMIT 1", threadId);
  return live ? row : null;
}

function refusal(reader: ReaderContext) {
  return reader.archived ? fail(409, "form", "annotations.errors.archived") : fail(403, "form", "annotations.errors.notAllowed");
}

/** What one change did, for the audit log: which thread, and anything its entry adds (action null: nothing changed). */
interface Changed {
  thread: Pick<ThreadRow, "id" | "visibility">;
  action: string | null;
  details?: Record<string, unknown>;
}

/**
 * Every annotation change has the same frame: the document first (a member who may not read it
 * learns nothing, not even what the form lacks), then the input, then in one transaction the
 * reader again (rights may have changed meanwhile), the change itself, the thread's `updated_at`
 * (pages whose list predates it get the fresh one at connect) and the audit entry; after the
 * commit, the live connections are told.
 */
async function change<S extends z.ZodType>(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  schema: S,
  raw: RawInput,
  apply: (tx: Sql, reader: ReaderContext & { documentRecord: DocumentRecord }, input: z.output<S>, now: number) => Promise<Outcome<Changed>>,
): Promise<Outcome<{ threadId: string }>> {
  const { db } = services;
  await readerOf(db, processId, documentId, user);
  const parsed = parseInput(schema, raw);
  if (!parsed.ok) return parsed;
  let changed = false;
  const result = await db.transaction(async (tx): Promise<Outcome<{ threadId: string }>> => {
    const now = Date.now();
    const done = await apply(tx, await readerOf(tx, processId, documentId, user), parsed.data, now);
    if (!done.ok) return done;
    const { thread, action, details } = done.value;
    if (!action) return { ok: true, value: { threadId: thread.id } };
    changed = true;
    await tx.run("UPDATE annotation_threads SET updated_at = ? WHERE id = ?", now, thread.id);
    await recordAudit(tx, {
      actorUserId: user.id,
      action,
      processId,
      targetType: "document",
      targetId: documentId,
      details: { thread: thread.id, visibility: thread.visibility, ...details },
    });
    return { ok: true, value: { threadId: thread.id } };
  });
  if (changed && result.ok) services.events.emit("annotation.changed", { processId, documentId, threadId: result.value.threadId });
  return result;
}

async function insertMessage(db: Sql, threadId: string, authorId: string, body: string, now: number): Promise<void> {
  await db.run("INSERT INTO annotation_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)", newId(), threadId, authorId, body, now);
}

export async function createThread(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ threadId: string }>> {
  return await change(services, user, processId, documentId, createThreadSchema, raw, async (tx, reader, input, now) => {
    if (!can(reader.actor, "annotation.create", threadResource(reader, { visibility: input.visibility }))) return refusal(reader);
    const id = newId();
    await tx.run(
      `INSERT INTO annotation_threads (id, document_id, type, visibility, status, anchor, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      id,
      documentId,
      input.type,
      input.visibility,
      JSON.stringify(input.anchor),
      user.id,
      now,
      now,
    );
    await insertMessage(tx, id, user.id, input.body, now);
    const details = { annotationType: input.type, title: reader.documentRecord.title };
    return { ok: true, value: { thread: { id, visibility: input.visibility }, action: "annotation.created", details } };
  });
}

export async function replyToThread(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ threadId: string }>> {
  return await change(services, user, processId, documentId, replySchema, raw, async (tx, reader, { threadId, body }, now) => {
    const thread = await threadFor(tx, reader, documentId, threadId);
    if (!thread) return fail(404, "threadId", "annotations.errors.threadNotFound");
    if (!can(reader.actor, "annotation.reply", threadResource(reader, thread))) return refusal(reader);
    if (thread.status !== "open") return fail(409, "form", "annotations.errors.resolved");
    await insertMessage(tx, threadId, user.id, body, now);
    return { ok: true, value: { thread, action: "annotation.replied" } };
  });
}

/**
 * A live message of a thread of this document that the reader may read, and that the policy lets
 * them change (their own); 404 for anything else they may not read.
 */
async function ownMessage(db: Sql, reader: ReaderContext, documentId: string, messageId: string): Promise<Outcome<ThreadRow>> {
  const message = await db.get<{ thread_id: string; author_id: string }>(
    "SELECT thread_id, author_id FROM annotation_messages WHERE id = ? AND deleted_at IS NULL",
    messageId,
  );
  const thread = message ? await threadFor(db, reader, documentId, message.thread_id) : null;
  if (!message || !thread) return fail(404, "messageId", "annotations.errors.messageNotFound");
  if (!can(reader.actor, "annotation.editMessage", threadResource(reader, thread, message.author_id === reader.actor.userId))) return refusal(reader);
  return { ok: true, value: thread };
}

export async function editMessage(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ threadId: string }>> {
  return await change(services, user, processId, documentId, editMessageSchema, raw, async (tx, reader, { messageId, body }, now) => {
    const thread = await ownMessage(tx, reader, documentId, messageId);
    if (!thread.ok) return thread;
    await tx.run("UPDATE annotation_messages SET body = ?, edited_at = ? WHERE id = ?", body, now, messageId);
    return { ok: true, value: { thread: thread.value, action: "annotation.edited" } };
  });
}

/** Deletes one's own message: its words are erased; a thread left without messages is gone for everyone. */
export async function deleteMessage(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ threadId: string }>> {
  return await change(services, user, processId, documentId, deleteMessageSchema, raw, async (tx, reader, { messageId }, now) => {
    const thread = await ownMessage(tx, reader, documentId, messageId);
    if (!thread.ok) return thread;
    await tx.run("UPDATE annotation_messages SET body = '', deleted_at = ? WHERE id = ?", now, messageId);
    return { ok: true, value: { thread: thread.value, action: "annotation.deleted" } };
  });
}

export async function setThreadStatus(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
  status: "open" | "resolved",
): Promise<Outcome<{ threadId: string }>> {
  return await change(services, user, processId, documentId, threadStatusSchema, raw, async (tx, reader, { threadId }, now) => {
    const thread = await threadFor(tx, reader, documentId, threadId);
    if (!thread) return fail(404, "threadId", "annotations.errors.threadNotFound");
    if (!can(reader.actor, "annotation.resolve", threadResource(reader, thread, thread.created_by === user.id))) return refusal(reader);
    // Already so (two people resolving at once): nothing to record or tell; the answer is the thread as it is.
    if (thread.status === status) return { ok: true, value: { thread, action: null } };
    if (status === "resolved")
      await tx.run("UPDATE annotation_threads SET status = 'resolved', resolved_by = ?, resolved_at = ? WHERE id = ?", user.id, now, threadId);
    else await tx.run("UPDATE annotation_threads SET status = 'open', resolved_by = NULL, resolved_at = NULL WHERE id = ?", threadId);
    return { ok: true, value: { thread, action: status === "resolved" ? "annotation.resolved" : "annotation.reopened" } };
  });
}

/**
 * Names the actors of the stakeholder map a thread is about (the whole list: none clears it). The
 * team's act on any thread it reads, whatever the text's status: it changes neither the text nor
 * the thread's words. Only readers of the map are ever shown the links.
 */
export async function setThreadActors(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ threadId: string }>> {
  return await change(services, user, processId, documentId, threadActorsSchema, raw, async (tx, reader, { threadId, actorIds }) => {
    const thread = await threadFor(tx, reader, documentId, threadId);
    if (!thread) return fail(404, "threadId", "annotations.errors.threadNotFound");
    if (!can(reader.actor, "annotation.linkActors", threadResource(reader, thread))) return refusal(reader);
    const names: string[] = [];
    for (const actorId of actorIds) {
      const actor = await tx.get<{ name: string }>("SELECT name FROM stakeholder_actors WHERE id = ? AND process_id = ?", actorId, processId);
      if (!actor) return fail(400, "actorIds", "stakeholders.errors.actorNotFound");
      names.push(actor.name);
    }
    const before = await actorIdsOfThread(tx, threadId);
    if (before.length === actorIds.length && actorIds.every((a) => before.includes(a))) return { ok: true, value: { thread, action: null } };
    await tx.run("DELETE FROM annotation_thread_actors WHERE thread_id = ?", threadId);
    for (const actorId of actorIds) await tx.run("INSERT INTO annotation_thread_actors (thread_id, actor_id) VALUES (?, ?)", threadId, actorId);
    return { ok: true, value: { thread, action: "annotation.actorsLinked", details: { actors: names.join(", ") || null } } };
  });
}
