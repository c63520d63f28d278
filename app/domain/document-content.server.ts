import * as Y from "yjs";
import { documentText, type TextBlock } from "../editor/document-text.js";
import type { Services } from "./context.server.js";

/**
 * The stored text of a document as readable blocks, for the server-rendered first paint (slow
 * devices see the text before the editor bundle arrives). What is stored is exactly what anyone
 * was shown: the collab server persists before it broadcasts.
 */
export async function readDocumentBlocks(services: Pick<Services, "documentContent">, documentId: string): Promise<TextBlock[]> {
  const { updates } = await services.documentContent.load(documentId);
  if (!updates.length) return [];
  return documentText(Y.mergeUpdates(updates));
}
