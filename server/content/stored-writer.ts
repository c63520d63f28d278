// Server-made text changes for a process that runs no collab server (scripts, domain tests): the
// change is appended to the stored log as the next update, exactly as the collab server would
// store it. With a collab server running, createAppCollab replaces this with a writer that goes
// through the loaded document, so every open page sees the change live.
import * as Y from "yjs";
import type { CollabPersistence } from "../../app/storage/collab-store.server.js";
import type { Services } from "../../app/domain/context.server.js";
import type { DocumentJson } from "../../app/core/schema/index.js";
import { replaceContent, updateContent } from "./document-codec.js";

export function storedContentWriter(persistence: CollabPersistence): Services["collabWrite"] {
  return {
    replaceContent: (documentId, author, json) => write(persistence, documentId, author, (doc) => replaceContent(doc, json as DocumentJson)),
    updateContent: (documentId, author, json) => write(persistence, documentId, author, (doc) => updateContent(doc, json as DocumentJson)),
  };
}

/** Applies `change` to the stored state and appends what it produced as the next update. */
async function write(persistence: CollabPersistence, documentId: string, author: string, change: (doc: Y.Doc) => void): Promise<void> {
  const stored = await persistence.load(documentId);
  const doc = new Y.Doc();
  try {
    for (const update of stored.updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch {
        // a damaged stored update: the new text replaces everything anyway
      }
    }
    let produced: Uint8Array | null = null;
    doc.on("update", (update: Uint8Array) => {
      produced = produced ? Y.mergeUpdates([produced, update]) : update;
    });
    change(doc);
    if (produced) await persistence.append([{ documentId, update: produced, userId: author }]);
  } finally {
    doc.destroy();
  }
}
