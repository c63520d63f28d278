import * as Y from "yjs";
import { documentText, type TextBlock } from "../editor/document-text.js";

/**
 * The stored text of a document as readable blocks, for the server-rendered first paint (slow
 * devices see the text before the editor bundle arrives). What is stored is exactly what anyone
 * was shown: the collab server persists before it broadcasts. Takes the loaded updates, so a page
 * that also validates reads storage once.
 */
export function blocksOf(updates: Uint8Array[]): TextBlock[] {
  const doc = new Y.Doc();
  try {
    // One by one: a damaged stored update is left out, never a reason not to show the rest.
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch {
        // reported by the document's reading (services.content.read)
      }
    }
    return documentText(doc);
  } finally {
    doc.destroy();
  }
}
