// Annotation changes: start a thread, reply, edit or delete one's own message, resolve and reopen.
// Each one checks THE policy inside its transaction, writes the audit log (never the words of a
// message: the log outlives deletions), then tells the live connections (annotation.changed), which
// each receive the thread only if their member may read it (server/annotations-channel.ts).
import { randomBytes } from "node:crypto";
import type { Db } from "../../../server/db/database.js";
import { can, documentFacts } from "../../core/policy.js";
import { actorFor, AccessDeniedError, getMembership, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import { getDocument, type DocumentRecord } from "../documents.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { createThreadSchema, deleteMessageSchema, editMessageSchema, replySchema, threadStatusSchema } from "./schemas.server.js";
import { mayRead, threadResource, threadRow, type ReaderContext, type ThreadRow } from "./store.server.js";

type AnnotationServices = Pick<Services, "db" | "events">;

const newId = () => randomBytes(12).toString("base64url");

/**
 * The document (of this process) and the member as the policy sees them; 404 when the member may
 * not read the document, exactly as for an unknown id (a team draft does not exist for the parties).
 */
export function readerOf(db: Db, processId: string, documentId: string, user: UserRef): ReaderContext & { documentRecord: DocumentRecord } {
  const document = getDocument(db, documentId);
  if (!document || document.processId !== processId) throw new AccessDeniedError(404);
  const membership = getMembership(db, processId, user.id);
  if (!membership) throw new AccessDeniedError(404);
  const actor = actorFor(user, membership);
  if (!can(actor, "document.read", { archived: membership.archived, ...documentFacts(document) })) throw new AccessDeniedError(404);
  return { actor, archived: membership.archived, document: { status: document.status, visibility: document.visibility }, documentRecord: document };
}

/** The thread of this document the reader may read; a team thread answers like an unknown one. */
function threadFor(db: Db, reader: ReaderContext, documentId: string, threadId: string): ThreadRow | null {
  const row = threadRow(db, threadId);
  if (!row || row.document_id !== documentId || !mayRead(reader, row)) return null;
  // A thread whose messages were all deleted is gone.
  const live = db.prepare("SELECT 1 FROM annotation_messages WHERE thread_id = ? AND deleted_at IS NULL LIMIT 1").get(threadId);
  return live ? row : null;
}

function refusal(reader: ReaderContext) {
  return reader.archived ? fail(409, "form", "annotations.errors.archived") : fail(403, "form", "annotations.errors.notAllowed");
}

function run<T extends { threadId: string }>(services: AnnotationServices, processId: string, documentId: string, body: () => Outcome<T>): Outcome<T> {
  const result = services.db.transaction(body)();
  if (result.ok) services.events.emit("annotation.changed", { processId, documentId, threadId: result.value.threadId });
  return result;
}

export function createThread(services: AnnotationServices, user: UserRef, processId: string, documentId: string, raw: RawInput): Outcome<{ threadId: string }> {
  const { db } = services;
  // The document first: a member who may not read it learns nothing, not even what the form lacks.
  readerOf(db, processId, documentId, user);
  const parsed = parseInput(createThreadSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.data;
  return run(services, processId, documentId, () => {
    const reader = readerOf(db, processId, documentId, user);
    if (!can(reader.actor, "annotation.create", threadResource(reader, { visibility: input.visibility }))) return refusal(reader);
    const threadId = newId();
    const now = Date.now();
    db.prepare(
      `INSERT INTO annotation_threads (id, document_id, type, visibility, status, anchor, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    ).run(threadId, documentId, input.type, input.visibility, JSON.stringify(input.anchor), user.id, now, now);
    db.prepare("INSERT INTO annotation_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)").run(
      newId(),
      threadId,
      user.id,
      input.body,
      now,
    );
    recordAudit(db, {
      actorUserId: user.id,
      action: "annotation.created",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { thread: threadId, annotationType: input.type, visibility: input.visibility, title: reader.documentRecord.title },
    });
    return { ok: true, value: { threadId } };
  });
}

export function replyToThread(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Outcome<{ threadId: string }> {
  const { db } = services;
  readerOf(db, processId, documentId, user);
  const parsed = parseInput(replySchema, raw);
  if (!parsed.ok) return parsed;
  const { threadId, body } = parsed.data;
  return run(services, processId, documentId, () => {
    const reader = readerOf(db, processId, documentId, user);
    const thread = threadFor(db, reader, documentId, threadId);
    if (!thread) return fail(404, "threadId", "annotations.errors.threadNotFound");
    if (!can(reader.actor, "annotation.reply", threadResource(reader, thread))) return refusal(reader);
    if (thread.status !== "open") return fail(409, "form", "annotations.errors.resolved");
    const now = Date.now();
    db.prepare("INSERT INTO annotation_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)").run(
      newId(),
      threadId,
      user.id,
      body,
      now,
    );
    db.prepare("UPDATE annotation_threads SET updated_at = ? WHERE id = ?").run(now, threadId);
    recordAudit(db, {
      actorUserId: user.id,
      action: "annotation.replied",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { thread: threadId, visibility: thread.visibility },
    });
    return { ok: true, value: { threadId } };
  });
}

/** The message (live, of a thread of this document the reader may read) and its thread. */
function messageFor(db: Db, reader: ReaderContext, documentId: string, messageId: string) {
  const message = db.prepare("SELECT id, thread_id, author_id FROM annotation_messages WHERE id = ? AND deleted_at IS NULL").get(messageId) as
    | { id: string; thread_id: string; author_id: string }
    | undefined;
  if (!message) return null;
  const thread = threadFor(db, reader, documentId, message.thread_id);
  return thread ? { message, thread } : null;
}

export function editMessage(services: AnnotationServices, user: UserRef, processId: string, documentId: string, raw: RawInput): Outcome<{ threadId: string }> {
  const { db } = services;
  readerOf(db, processId, documentId, user);
  const parsed = parseInput(editMessageSchema, raw);
  if (!parsed.ok) return parsed;
  const { messageId, body } = parsed.data;
  return run(services, processId, documentId, () => {
    const reader = readerOf(db, processId, documentId, user);
    const found = messageFor(db, reader, documentId, messageId);
    if (!found) return fail(404, "messageId", "annotations.errors.messageNotFound");
    if (!can(reader.actor, "annotation.editMessage", threadResource(reader, found.thread, found.message.author_id === user.id))) return refusal(reader);
    const now = Date.now();
    db.prepare("UPDATE annotation_messages SET body = ?, edited_at = ? WHERE id = ?").run(body, now, messageId);
    db.prepare("UPDATE annotation_threads SET updated_at = ? WHERE id = ?").run(now, found.thread.id);
    recordAudit(db, {
      actorUserId: user.id,
      action: "annotation.edited",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { thread: found.thread.id, visibility: found.thread.visibility },
    });
    return { ok: true, value: { threadId: found.thread.id } };
  });
}

/** Deletes one's own message: its words are erased; a thread left without messages is gone for everyone. */
export function deleteMessage(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Outcome<{ threadId: string }> {
  const { db } = services;
  readerOf(db, processId, documentId, user);
  const parsed = parseInput(deleteMessageSchema, raw);
  if (!parsed.ok) return parsed;
  const { messageId } = parsed.data;
  return run(services, processId, documentId, () => {
    const reader = readerOf(db, processId, documentId, user);
    const found = messageFor(db, reader, documentId, messageId);
    if (!found) return fail(404, "messageId", "annotations.errors.messageNotFound");
    if (!can(reader.actor, "annotation.editMessage", threadResource(reader, found.thread, found.message.author_id === user.id))) return refusal(reader);
    const now = Date.now();
    db.prepare("UPDATE annotation_messages SET body = '', deleted_at = ? WHERE id = ?").run(now, messageId);
    db.prepare("UPDATE annotation_threads SET updated_at = ? WHERE id = ?").run(now, found.thread.id);
    recordAudit(db, {
      actorUserId: user.id,
      action: "annotation.deleted",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { thread: found.thread.id, visibility: found.thread.visibility },
    });
    return { ok: true, value: { threadId: found.thread.id } };
  });
}

export function setThreadStatus(
  services: AnnotationServices,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
  status: "open" | "resolved",
): Outcome<{ threadId: string }> {
  const { db } = services;
  readerOf(db, processId, documentId, user);
  const parsed = parseInput(threadStatusSchema, raw);
  if (!parsed.ok) return parsed;
  const { threadId } = parsed.data;
  return run(services, processId, documentId, () => {
    const reader = readerOf(db, processId, documentId, user);
    const thread = threadFor(db, reader, documentId, threadId);
    if (!thread) return fail(404, "threadId", "annotations.errors.threadNotFound");
    if (!can(reader.actor, "annotation.resolve", threadResource(reader, thread, thread.created_by === user.id))) return refusal(reader);
    if (thread.status === status) return { ok: true, value: { threadId } };
    const now = Date.now();
    if (status === "resolved")
      db.prepare("UPDATE annotation_threads SET status = 'resolved', resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?").run(
        user.id,
        now,
        now,
        threadId,
      );
    else db.prepare("UPDATE annotation_threads SET status = 'open', resolved_by = NULL, resolved_at = NULL, updated_at = ? WHERE id = ?").run(now, threadId);
    recordAudit(db, {
      actorUserId: user.id,
      action: status === "resolved" ? "annotation.resolved" : "annotation.reopened",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { thread: threadId, visibility: thread.visibility },
    });
    return { ok: true, value: { threadId } };
  });
}
