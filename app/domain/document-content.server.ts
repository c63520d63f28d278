import * as Y from "yjs";
import { documentText, type TextBlock } from "../editor/document-text.js";

/**
 * The stored text of a document as readable blocks, for the server-rendered first paint (slow
 * devices see the text before the editor bundle arrives). What is stored is exactly what anyone
 * was shown: the collab server persists before it broadcasts. Takes the loaded updates, so a page
 * that also validates reads storage once.
 */
export function blocksOf(updates: Uint8Array[]): TextBlock[] {
  return updates.length ? documentText(Y.mergeUpdates(updates)) : [];
}
