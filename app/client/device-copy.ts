// What a document page does for its device copy while it is open: keeps the page for offline
// reading, asks once that the browser not evict the copy, and warns before the page is closed
// while changes have not reached the server.
import { useEffect } from "react";
import { keepThisPage } from "./service-worker.js";

const PERSIST_ASKED_KEY = "mediation-persist-asked";

/**
 * navigator.storage.persist(): without it a browser low on space may evict the IndexedDB copy,
 * with the changes not yet sent. Asked once per device (Firefox shows a prompt; do not nag); a
 * refusal changes nothing else.
 */
export async function requestPersistentStorage(): Promise<void> {
  const storage = typeof navigator !== "undefined" ? navigator.storage : undefined;
  if (!storage?.persist || !storage.persisted) return;
  try {
    if (await storage.persisted()) return;
    if (window.localStorage.getItem(PERSIST_ASKED_KEY)) return;
    window.localStorage.setItem(PERSIST_ASKED_KEY, "1");
    await storage.persist();
  } catch {
    // Storage unavailable: the editor already says it cannot keep a copy.
  }
}

/** Whether closing the page now would leave changes only on this device. */
export function shouldWarnBeforeLeaving(view: { pendingChanges: number; readOnly: boolean }): boolean {
  return view.pendingChanges > 0 && !view.readOnly;
}

export function useDeviceCopy(view: { pendingChanges: number; readOnly: boolean }, leaveWarning: string): void {
  useEffect(() => {
    keepThisPage();
  }, []);
  useEffect(() => {
    if (!view.readOnly) void requestPersistentStorage();
  }, [view.readOnly]);
  const warn = shouldWarnBeforeLeaving(view);
  useEffect(() => {
    if (!warn) return;
    // Only while changes are unsent: a listener left on would also stop the browser from keeping
    // the page in its back/forward cache.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = leaveWarning; // older browsers need a value; none shows our words
      return leaveWarning;
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [warn, leaveWarning]);
}
