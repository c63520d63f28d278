// Server side of the shared schema: ProseMirror JSON ⇄ Yjs state with the SAME Tiptap extensions
// the editor uses (app/core/schema). Lives in server/ (run by tsx, never bundled by Remix) so the
// Remix server build stays free of Tiptap/ProseMirror; routes reach it through context.services.
// No DOM needed: getSchema and y-tiptap's JSON/XmlFragment converters are pure.
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { DOCUMENT_FIELD, documentSchema, type DocumentJson } from "../../app/core/schema/index.js";

export interface DocumentCodec {
  /** A full Yjs update holding `json` in the editor's fragment (a document's initial state). */
  encode(json: DocumentJson): Uint8Array;
  /** The ProseMirror JSON of stored updates (snapshot first, then the log, as persistence returns them). */
  decode(updates: Uint8Array[]): DocumentJson;
}

export function docToJson(doc: Y.Doc): DocumentJson {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(DOCUMENT_FIELD), documentSchema()).toJSON() as DocumentJson;
}

export function createDocumentCodec(): DocumentCodec {
  return {
    encode(json) {
      // Validates against the schema on the way (nodeFromJSON throws on unknown nodes).
      const doc = prosemirrorJSONToYDoc(documentSchema(), json, DOCUMENT_FIELD);
      try {
        return Y.encodeStateAsUpdate(doc);
      } finally {
        doc.destroy();
      }
    },
    decode(updates) {
      const doc = new Y.Doc();
      try {
        if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
        return docToJson(doc);
      } finally {
        doc.destroy();
      }
    },
  };
}
