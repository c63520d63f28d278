// The browser side of the offline service worker (/sw.js, app/service-worker/sw.ts): registering
// it, asking it to keep the open document page, and erasing everything it kept at sign-out.
import { isDocumentPage } from "../service-worker/rules.js";

const SCRIPT = "/sw.js";

function workers(): ServiceWorkerContainer | null {
  // Absent outside a secure context (plain http on a LAN): the app then simply has no offline reload.
  return typeof navigator !== "undefined" && "serviceWorker" in navigator ? navigator.serviceWorker : null;
}

/**
 * Called once from entry.client. Registers the worker on document pages only: it exists for
 * members who open documents, not for the sign-in page of another person on a shared device.
 * Once registered, the browser checks /sw.js for a new build on each navigation by itself.
 */
export function startOfflineSupport(): void {
  const container = workers();
  if (!container || !isDocumentPage(new URL(window.location.href))) return;
  container.register(SCRIPT, { scope: "/" }).catch(() => {
    // No worker (private window, storage blocked): the page still works online.
  });
}

/**
 * Asks the worker to keep this document page for offline reading. Needed when the page was loaded
 * before the worker controlled it (the first visit) or reached by a client navigation (which
 * fetches only data); the worker skips it when its own navigation just kept the page.
 */
export function keepThisPage(): void {
  const container = workers();
  if (!container) return;
  if (!isDocumentPage(new URL(window.location.href))) return;
  const url = window.location.href.split("#")[0];
  // Registers too: a client navigation may reach a document from a page that did not register.
  container
    .register(SCRIPT, { scope: "/" })
    .then(() => container.ready)
    .then((registration) => registration.active?.postMessage({ type: "keep-page", url }))
    .catch(() => undefined);
}

/**
 * Sign-out: every cache of this site and the worker itself go, so the next person on this device
 * gets nothing kept for the previous one. The sign-out response's Clear-Site-Data does the same;
 * this covers a browser that ignores that header.
 */
export async function eraseOfflineCaches(): Promise<void> {
  try {
    if (typeof caches !== "undefined") for (const name of await caches.keys()) await caches.delete(name);
    const container = workers();
    if (container) for (const registration of await container.getRegistrations()) await registration.unregister();
  } catch {
    // Storage unavailable: there is nothing kept to erase either.
  }
}
