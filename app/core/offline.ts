// Names of what the editor keeps on the device for offline work (shared by the editor and by
// sign-out, which warns about and then erases them).

/** IndexedDB database holding a document's local Yjs copy. */
export const LOCAL_DOCUMENT_PREFIX = "mediation-doc-";
/** localStorage key holding how many local changes of a document the server has not acknowledged. */
export const PENDING_CHANGES_PREFIX = "mediation-pending-";
/** localStorage key holding a document's changes that a frozen version did not include (see app/editor/held-back.ts). */
export const HELD_BACK_PREFIX = "mediation-heldback-";
