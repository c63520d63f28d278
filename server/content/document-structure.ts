// The shared editor schema as the collab server's structure rule (server/collab/structure.ts):
// every update checked before it is applied, and a text that does not read cleanly is not folded
// into a snapshot (its log keeps the last version that read cleanly, for the facilitator to restore).
import type * as Y from "yjs";
import { documentSchema } from "../../app/core/schema/index.js";
import { createStructureGuard, readDocument, structureRules } from "../../app/core/schema/structure.js";
import type { DocumentStructure } from "../collab/structure.js";

export function documentStructure(): DocumentStructure {
  const schema = documentSchema();
  const rules = structureRules(schema);
  return {
    guard: (ydoc: Y.Doc) => createStructureGuard(ydoc, rules),
    compactable: (ydoc: Y.Doc) => readDocument(ydoc, schema, rules).problems.length === 0,
  };
}
