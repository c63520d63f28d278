// A page-level signal that a document's stored text just changed: this device's own edits once the
// server has stored them, another member's as they arrive. The live session announces; the
// document page's "Last edited" line listens. A DOM event, so the page needs no handle on the
// session (which lives inside the lazily loaded editor) and the editor knows nothing of the page.

const EVENT = "mediation:live-edit";

export type LiveEditBy = "self" | "others";

export interface LiveEdit {
  documentId: string;
  by: LiveEditBy;
  at: number;
}

export function announceLiveEdit(documentId: string, by: LiveEditBy, at = Date.now()): void {
  if (typeof window === "undefined") return;
  window.dispatchEvent(new CustomEvent<LiveEdit>(EVENT, { detail: { documentId, by, at } }));
}

/** Calls `listener` for each edit of `documentId`; returns the unsubscribe function. */
export function onLiveEdit(documentId: string, listener: (edit: LiveEdit) => void): () => void {
  const handle = (event: Event) => {
    const detail = (event as CustomEvent<LiveEdit>).detail;
    if (detail?.documentId === documentId) listener(detail);
  };
  window.addEventListener(EVENT, handle);
  return () => window.removeEventListener(EVENT, handle);
}
