// Server-made text changes for a process that runs no collab server (scripts, domain tests): the
// change is appended to the stored log as the next update, exactly as the collab server would
// store it. With a collab server running, createAppCollab replaces this with a writer that goes
// through the loaded document, so every open page sees the change live.
import * as Y from "yjs";
import type { CollabPersistence } from "../collab/persistence.js";
import type { Services } from "../../app/domain/context.server.js";
import type { DocumentJson } from "../../app/core/schema/index.js";
import { replaceContent } from "./document-codec.js";

export function storedContentWriter(persistence: CollabPersistence): Services["collabWrite"] {
  return {
    async replaceContent(documentId, author, json) {
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
        let change: Uint8Array | null = null;
        doc.on("update", (update: Uint8Array) => {
          change = change ? Y.mergeUpdates([change, update]) : update;
        });
        replaceContent(doc, json as DocumentJson);
        if (change) await persistence.append([{ documentId, seq: stored.seq + 1, update: change, userId: author }]);
      } finally {
        doc.destroy();
      }
    },
  };
}
