// The structure seam of the collab server: what a document's text may hold is the product's
// schema, not the protocol's, so the integrator passes it in (server/collab-access.ts passes the
// shared editor schema's rules, app/core/schema/structure.ts). Without it the server accepts any
// Yjs structure, which its own protocol tests rely on.
import type * as Y from "yjs";

export interface StructureProblem {
  code: string;
  name?: string;
}

/** Kept by a loaded document: every update checked before it is applied (see createStructureGuard). */
export interface UpdateGuard {
  check(update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): StructureProblem | null;
  applied(update: Uint8Array): void;
  destroy(): void;
}

export interface DocumentStructure {
  guard(ydoc: Y.Doc): UpdateGuard;
  /**
   * Whether the loaded text may be folded into a snapshot. A text that does not read cleanly (stored
   * before the check existed) keeps its log, so the last version that read cleanly can be restored.
   */
  compactable(ydoc: Y.Doc): boolean;
}
