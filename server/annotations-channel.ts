// The annotation threads of a document, delivered live on its collab socket (frame ANNOTATIONS,
// app/core/collab-wire.ts). Every frame is made for one connection from THE policy, with the
// member's rights read from the database at send time: a member who may not read a thread receives
// nothing about it (no frame, no count, no position), and a member who may not read the document
// receives nothing at all. What is the same for every reader (the document, the changed thread) is
// read once per change.
import type { Sql } from "../app/storage/sql.server.js";
import type { Services } from "../app/domain/context.server.js";
import { lastChangeFor, readableThreads, storedThread, viewFor } from "../app/domain/annotations/store.server.js";
import { ANNOTATIONS_SINCE_PARAM } from "../app/core/annotations/types.js";
import { readerAt } from "../app/domain/annotations/threads.server.js";
import { encodeAnnotations } from "../app/core/collab-wire.js";
import type { CollabPeer, CollabServer } from "./collab/index.js";
import { getDocument } from "../app/domain/documents.server.js";
import { log } from "./http/logging.js";

/**
 * Every thread this connection's member may read: sent when it opens and when its rights change.
 * At open, not when the page that opened it says its list is current (`annotationsSince`) and
 * nothing this member may read changed since: the page had it, compressed, over HTTP.
 */
export async function allThreadsFrame(
  db: Sql,
  peer: Pick<CollabPeer, "documentId" | "user" | "params">,
  why: "opened" | "rightsChanged" = "rightsChanged",
): Promise<Uint8Array | null> {
  const document = await getDocument(db, peer.documentId);
  const reader = document ? await readerAt(db, document, { id: peer.user.id, isAdmin: false }) : null;
  if (!reader) return null;
  const since = Number(peer.params.get(ANNOTATIONS_SINCE_PARAM));
  if (why === "opened" && Number.isSafeInteger(since) && since > 0 && (await lastChangeFor(db, reader, peer.documentId)) < since) return null;
  return encodeAnnotations({ op: "all", threads: await readableThreads(db, reader, peer.documentId) });
}

/** Wires thread changes to the document's live connections: the thread, its removal, or nothing, per member. */
export function connectAnnotations(services: Pick<Services, "db" | "events">, collab: Pick<CollabServer, "sendEach">): () => void {
  const { db } = services;
  async function deliver(documentId: string, threadId: string): Promise<void> {
    const document = await getDocument(db, documentId);
    const stored = await storedThread(db, threadId);
    if (!document || !stored || stored.row.document_id !== documentId) return;
    // Each member's rights are read from the database, asynchronously: the live connections are
    // taken first (sendEach sends nothing here), then each gets its frame (none if closed meanwhile).
    const peers: CollabPeer[] = [];
    collab.sendEach({ documentId }, (peer) => {
      peers.push(peer);
      return null;
    });
    for (const peer of peers) {
      const reader = await readerAt(db, document, { id: peer.user.id, isAdmin: false });
      const view = reader ? viewFor(reader, stored) : null;
      if (!view) continue;
      peer.send(encodeAnnotations(view === "gone" ? { op: "remove", id: threadId } : { op: "upsert", thread: view }));
    }
  }
  return services.events.on("annotation.changed", ({ documentId, threadId }) => {
    deliver(documentId, threadId).catch((error: Error) => log("error", "annotations delivery failed", { document: documentId, error: error.message }));
  });
}
