// Keeps stored annotation anchors fresh as the text changes. A thread's relative positions stop
// pointing at live characters when its paragraph is split or its item moved (the editor binding
// deletes and re-inserts); the browser then finds the text by its quote, but if the quoted words
// are edited later, the quote alone no longer finds them. So once a document's editing goes
// quiet, the server resolves every thread against the stored text, stores the refreshed anchors
// and detached flags, and tells the readers of the threads that changed (annotation.changed).
import * as Y from "yjs";
import type { Services } from "../app/domain/context.server.js";
import { resolveAnchors } from "../app/core/annotations/anchor.js";
import type { Anchor } from "../app/core/annotations/types.js";
import { DOCUMENT_FIELD } from "../app/core/document-field.js";
import { documentSchema } from "../app/core/schema/index.js";
import { threadRows } from "../app/domain/annotations/store.server.js";
import { getDocument } from "../app/domain/documents.server.js";
import { log } from "./http/logging.js";

/** How long a document's text must be still before its anchors are refreshed. */
export const ANCHOR_QUIET_MS = 2_000;

export interface AnchorRefresher {
  /** Text of these documents was stored: refresh their anchors once it has been quiet for a while. */
  touched(documentIds: Iterable<string>): void;
  /** Refreshes one document now; resolves with the ids of the threads whose anchor or state changed. */
  refresh(documentId: string): Promise<string[]>;
  stop(): void;
}

export function createAnchorRefresher(services: Pick<Services, "db" | "events" | "documentContent">, quietMs = ANCHOR_QUIET_MS): AnchorRefresher {
  const { db } = services;
  const timers = new Map<string, NodeJS.Timeout>();

  async function refresh(documentId: string): Promise<string[]> {
    const rows = await threadRows(db, documentId);
    if (!rows.length) return [];
    const document = await getDocument(db, documentId);
    if (!document) return [];
    const doc = new Y.Doc();
    try {
      const { updates } = await services.documentContent.load(documentId);
      for (const u of updates) Y.applyUpdate(doc, u);
      const anchors = rows.map((r) => JSON.parse(r.anchor) as Anchor);
      const resolutions = resolveAnchors(doc.getXmlFragment(DOCUMENT_FIELD), documentSchema(), anchors);
      const changed: { id: string; anchor: string; detached: number }[] = [];
      rows.forEach((row, i) => {
        const r = resolutions[i]!;
        const detached = r.state === "detached" ? 1 : 0;
        const anchor = r.refreshed ? JSON.stringify(r.refreshed) : row.anchor;
        if (anchor !== row.anchor || detached !== row.detached) changed.push({ id: row.id, anchor, detached });
      });
      if (!changed.length) return [];
      // Rows read above may have been changed since (a reply): only the anchor and the flag are written.
      await db.transaction(async (tx) => {
        const now = Date.now();
        // updated_at moves too: a page whose list predates the refresh gets the fresh list at connect.
        for (const c of changed)
          await tx.run("UPDATE annotation_threads SET anchor = ?, detached = ?, updated_at = ? WHERE id = ?", c.anchor, c.detached, now, c.id);
      });
      for (const c of changed) services.events.emit("annotation.changed", { documentId, processId: document.processId, threadId: c.id });
      return changed.map((c) => c.id);
    } finally {
      doc.destroy();
    }
  }

  return {
    touched(documentIds) {
      for (const id of documentIds) {
        clearTimeout(timers.get(id));
        const timer = setTimeout(() => {
          timers.delete(id);
          refresh(id).catch((error: Error) => log("error", "anchor refresh failed", { document: id, error: error.message }));
        }, quietMs);
        timer.unref();
        timers.set(id, timer);
      }
    },
    refresh,
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
