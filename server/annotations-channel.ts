// The annotation threads of a document, delivered live on its collab socket (frame ANNOTATIONS,
// app/core/collab-wire.ts). Every frame is made for one connection from THE policy, read from the
// database at send time: a member who may not read a thread receives nothing about it (no frame,
// no count, no position), and a member who may not read the document receives nothing at all.
import type { Db } from "./db/database.js";
import type { Services } from "../app/domain/context.server.js";
import { AccessDeniedError } from "../app/domain/access.server.js";
import { lastChangeFor, mayRead, readableThread, readableThreads, threadRow, type ReaderContext } from "../app/domain/annotations/store.server.js";
import { ANNOTATIONS_SINCE_PARAM } from "../app/core/annotations/types.js";
import { readerOf } from "../app/domain/annotations/threads.server.js";
import { encodeAnnotations } from "../app/core/collab-wire.js";
import type { CollabPeer, CollabServer } from "./collab/index.js";
import { getDocument } from "../app/domain/documents.server.js";

/** The member behind a connection as the policy sees them now; null when they may not read the document. */
function readerFor(db: Db, documentId: string, userId: string): ReaderContext | null {
  const document = getDocument(db, documentId);
  if (!document) return null;
  try {
    return readerOf(db, document.processId, documentId, { id: userId, isAdmin: false });
  } catch (error) {
    if (error instanceof AccessDeniedError) return null;
    throw error;
  }
}

/**
 * Every thread this connection's member may read: sent when it opens and when its rights change.
 * At open, not when the page that opened it says its list is current (`annotationsSince`) and
 * nothing this member may read changed since: the page had it, compressed, over HTTP.
 */
export function allThreadsFrame(
  db: Db,
  peer: Pick<CollabPeer, "documentId" | "user" | "params">,
  why: "opened" | "rightsChanged" = "rightsChanged",
): Uint8Array | null {
  const reader = readerFor(db, peer.documentId, peer.user.id);
  if (!reader) return null;
  const since = Number(peer.params.get(ANNOTATIONS_SINCE_PARAM));
  if (why === "opened" && Number.isSafeInteger(since) && since > 0 && lastChangeFor(db, reader, peer.documentId) < since) return null;
  return encodeAnnotations({ op: "all", threads: readableThreads(db, reader, peer.documentId) });
}

/** One thread's change for this connection's member: the thread, its removal, or nothing at all. */
export function threadFrame(db: Db, peer: Pick<CollabPeer, "documentId" | "user">, threadId: string): Uint8Array | null {
  const reader = readerFor(db, peer.documentId, peer.user.id);
  if (!reader) return null;
  const row = threadRow(db, threadId);
  if (!row || row.document_id !== peer.documentId || !mayRead(reader, row)) return null;
  const view = readableThread(db, reader, threadId);
  return encodeAnnotations(view ? { op: "upsert", thread: view } : { op: "remove", id: threadId });
}

/** Wires thread changes to the document's live connections. */
export function connectAnnotations(services: Pick<Services, "db" | "events">, collab: Pick<CollabServer, "sendEach">): () => void {
  return services.events.on("annotation.changed", ({ documentId, threadId }) => {
    collab.sendEach({ documentId }, (peer) => threadFrame(services.db, peer, threadId));
  });
}
