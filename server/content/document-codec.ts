// Server side of the shared schema: ProseMirror JSON ⇄ Yjs state with the SAME Tiptap extensions
// the editor uses (app/core/schema). Lives in server/ (run by tsx, never bundled by Remix) so the
// Remix server build stays free of Tiptap/ProseMirror; routes reach it through context.services.
// No DOM needed: getSchema and y-tiptap's JSON → XmlFragment converter are pure.
//
// Reading goes through the one tolerant reader (readDocument, app/core/schema/structure.ts): stored
// state the schema cannot represent (written before the collab server checked structures, or put
// in the database by other means) is read as far as it can be, and what was left out is reported.
// Nothing here throws on stored state.
import { prosemirrorJSONToYDoc, prosemirrorJSONToYXmlFragment, updateYFragment } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { DOCUMENT_FIELD, documentSchema, type DocumentJson } from "../../app/core/schema/index.js";
import { readDocument, structureRules, type StructureProblem } from "../../app/core/schema/structure.js";
import { log } from "../http/logging.js";
import { documentText, type TextBlock } from "../../app/core/document-text.js";
import { resolveAnchors } from "../../app/core/annotations/anchor.js";
import type { Anchor } from "../../app/core/annotations/types.js";
import { ITEM_TYPES } from "../../app/core/schema/items.js";

export interface DocumentReadingJson {
  json: DocumentJson;
  /** What the schema could not represent (empty: the state reads cleanly). */
  problems: StructureProblem[];
}

/** A reading of stored state, with the readable outline of the first paint (from the same decode). */
export interface StoredReading extends DocumentReadingJson {
  blocks: TextBlock[];
}

export interface DocumentCodec {
  /** A full Yjs update holding `json` in the editor's fragment (a document's initial state). */
  encode(json: DocumentJson): Uint8Array;
  /** The ProseMirror JSON of stored updates (snapshot first, then the log, as persistence returns them). */
  decode(updates: Uint8Array[]): DocumentJson;
  /** decode, with what was left out and the readable outline. */
  read(updates: Uint8Array[]): StoredReading;
  /**
   * The latest clean prefix: the largest k such that `base` then the first k updates of `log` read
   * cleanly (`log.length` when the whole state does; -1 when no prefix does).
   */
  cleanPrefix(base: Uint8Array[], log: Uint8Array[]): number;
  /**
   * Where annotation anchors point in this state: for each anchor, the id of the item (agendaItem
   * or roadmapItem) holding its start, or null (detached, outside any item, or an item without id).
   * Exports place a thread's note on its item with this.
   */
  locate(updates: Uint8Array[], anchors: readonly Anchor[]): (string | null)[];
}

export function docToJson(doc: Y.Doc): DocumentJson {
  return readDocument(doc, documentSchema()).doc.toJSON() as DocumentJson;
}

/** Applies stored updates one by one; an update that cannot be applied is skipped and reported. */
function applyStored(doc: Y.Doc, updates: Uint8Array[], problems: StructureProblem[]): void {
  for (const update of updates) {
    try {
      Y.decodeUpdate(update); // strict where applyUpdate may skip garbage
      Y.applyUpdate(doc, update);
    } catch (error) {
      log("warn", "stored document update cannot be read", { error: (error as Error).message });
      if (!problems.some((p) => p.code === "damagedStorage")) problems.push({ code: "damagedStorage" });
    }
  }
  if ((doc.store.pendingStructs || doc.store.pendingDs) && !problems.some((p) => p.code === "damagedStorage")) {
    problems.push({ code: "damagedStorage" });
  }
}

/** Reads a document's Y.Doc (already holding its state) through the schema. */
export function readYDoc(doc: Y.Doc, extraProblems: StructureProblem[] = []): DocumentReadingJson {
  const schema = documentSchema();
  const reading = readDocument(doc, schema, structureRules(schema));
  return { json: reading.doc.toJSON() as DocumentJson, problems: [...extraProblems, ...reading.problems] };
}

/**
 * Replaces the whole text of `doc` by `json` inside the caller's transaction: every block is
 * deleted (so is anything in other shared types) and the new content inserted. A new change,
 * not a rewrite: history and the old items stay in the Yjs state, deleted.
 */
export function replaceContent(doc: Y.Doc, json: DocumentJson): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  doc.transact((transaction) => {
    for (const [name, type] of doc.share) {
      if (name === DOCUMENT_FIELD) continue;
      for (let item = type._start; item !== null; item = item.right) if (!item.deleted) item.delete(transaction);
      for (const item of type._map.values()) if (!item.deleted) item.delete(transaction);
    }
    if (fragment.length) fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(documentSchema(), json, fragment);
  });
}

/**
 * Changes the text of `doc` into `json` with the smallest change the editor itself would make (the
 * same y-prosemirror reconciliation a keystroke goes through): blocks both texts have keep their
 * Yjs identity, so what someone is typing in them survives, and annotation anchors stay put.
 * A new change, like any edit; what differs is deleted and inserted.
 */
export function updateContent(doc: Y.Doc, json: DocumentJson): void {
  const node = documentSchema().nodeFromJSON(json);
  updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FIELD), node, { mapping: new Map(), isOMark: new Map() });
}

export function createDocumentCodec(): DocumentCodec {
  const withDoc = <R>(updates: Uint8Array[], use: (doc: Y.Doc, problems: StructureProblem[]) => R): R => {
    const doc = new Y.Doc();
    try {
      const problems: StructureProblem[] = [];
      applyStored(doc, updates, problems);
      return use(doc, problems);
    } finally {
      doc.destroy();
    }
  };
  const read = (updates: Uint8Array[]): StoredReading => withDoc(updates, (doc, problems) => ({ ...readYDoc(doc, problems), blocks: documentText(doc) }));
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
    // Without the first paint's outline: exports and checks need only the JSON.
    decode: (updates) => withDoc(updates, (doc) => readYDoc(doc).json),
    read,
    cleanPrefix(base, logUpdates) {
      const doc = new Y.Doc();
      try {
        const problems: StructureProblem[] = [];
        applyStored(doc, base, problems);
        const clean = () => !problems.length && readYDoc(doc).problems.length === 0;
        // Damaged storage never becomes clean again (the problem list keeps it).
        let last = clean() ? 0 : -1;
        for (let i = 0; i < logUpdates.length; i++) {
          applyStored(doc, [logUpdates[i]!], problems);
          if (clean()) last = i + 1;
        }
        return last;
      } finally {
        doc.destroy();
      }
    },
    locate(updates, anchors) {
      const doc = new Y.Doc();
      try {
        applyStored(doc, updates, []);
        const schema = documentSchema();
        const pm = readDocument(doc, schema, structureRules(schema)).doc;
        return resolveAnchors(doc.getXmlFragment(DOCUMENT_FIELD), schema, anchors).map((resolution) => {
          if (resolution.state !== "anchored" || resolution.from < 0 || resolution.from > pm.content.size) return null;
          // An item anchor's range starts just before the item node: look at the node after it too.
          const $pos = pm.resolve(resolution.from);
          const after = $pos.nodeAfter;
          if (after && (ITEM_TYPES as readonly string[]).includes(after.type.name)) return typeof after.attrs.id === "string" ? after.attrs.id : null;
          for (let depth = $pos.depth; depth > 0; depth--) {
            const node = $pos.node(depth);
            if ((ITEM_TYPES as readonly string[]).includes(node.type.name)) return typeof node.attrs.id === "string" ? node.attrs.id : null;
          }
          return null;
        });
      } finally {
        doc.destroy();
      }
    },
  };
}
