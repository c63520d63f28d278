// The annotation threads of a document, delivered live on its collab socket (frame ANNOTATIONS,
// app/core/collab-wire.ts). Every frame is made for one connection from THE policy, with the
// member's rights read from the database at send time: a member who may not read a thread receives
// nothing about it (no frame, no count, no position), and a member who may not read the document
// receives nothing at all. What is the same for every reader (the document, the changed thread) is
// read once per change.
import type { Db } from "../app/storage/database.server.js";
import type { Services } from "../app/domain/context.server.js";
import { lastChangeFor, readableThreads, storedThread, viewFor } from "../app/domain/annotations/store.server.js";
import { ANNOTATIONS_SINCE_PARAM } from "../app/core/annotations/types.js";
import { readerAt } from "../app/domain/annotations/threads.server.js";
import { encodeAnnotations } from "../app/core/collab-wire.js";
import type { CollabPeer, CollabServer } from "./collab/index.js";
import { getDocument } from "../app/domain/documents.server.js";

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
  const document = getDocument(db, peer.documentId);
  const reader = document ? readerAt(db, document, { id: peer.user.id, isAdmin: false }) : null;
  if (!reader) return null;
  const since = Number(peer.params.get(ANNOTATIONS_SINCE_PARAM));
  if (why === "opened" && Number.isSafeInteger(since) && since > 0 && lastChangeFor(db, reader, peer.documentId) < since) return null;
  return encodeAnnotations({ op: "all", threads: readableThreads(db, reader, peer.documentId) });
}

/** Wires thread changes to the document's live connections: the thread, its removal, or nothing, per member. */
export function connectAnnotations(services: Pick<Services, "db" | "events">, collab: Pick<CollabServer, "sendEach">): () => void {
  const { db } = services;
  return services.events.on("annotation.changed", ({ documentId, threadId }) => {
    const document = getDocument(db, documentId);
    const stored = storedThread(db, threadId);
    if (!document || !stored || stored.row.document_id !== documentId) return;
    collab.sendEach({ documentId }, (peer) => {
      const reader = readerAt(db, document, { id: peer.user.id, isAdmin: false });
      const view = reader ? viewFor(reader, stored) : null;
      if (!view) return null;
      return encodeAnnotations(view === "gone" ? { op: "remove", id: threadId } : { op: "upsert", thread: view });
    });
  });
}
