// The service worker (scope "/"), bundled by the server at start (server/http/service-worker.ts),
// which injects this build's version and the list of its files. It keeps:
// - the app shell: every /build file of this build, fetched at install, answered cache-first
//   (fingerprinted names never change content), so a kept page hydrates with no network;
// - the pages of documents this member opened: network-first; with no network, the kept copy of
//   that exact address, else a bilingual offline page. The text itself comes from the editor's
//   device copy (IndexedDB) once the page runs.
// Nothing else is touched: non-GET requests, other pages, the WebSocket and other origins go to
// the network as if there were no worker. Sign-out erases every cache and unregisters the worker.
import { OFFLINE_PAGE_HEADERS, offlinePageHtml } from "./offline-page.js";
import {
  isDataRequest,
  isDocumentPage,
  isShellAsset,
  mayKeepAsset,
  mayKeepPage,
  PAGES_CACHE,
  pageKey,
  reloadAsDocumentHeaders,
  revokesKeptPage,
  shellCacheName,
  staleShellCaches,
} from "./rules.js";

declare const __SW_CONFIG__: { version: string; precache: string[] };

// The worker's own globals, declared here: the project's TypeScript lib is the DOM's, not WebWorker's.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  origin: string;
}
interface WorkerScope {
  location: Location;
  navigator: Navigator;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "message", listener: (event: ExtendableMessageEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const { version, precache } = __SW_CONFIG__;
const SHELL = shellCacheName(version);
/** Headers added to a kept page: which build it belongs to and when it was kept. */
const BUILD_HEADER = "X-Offline-Build";
const KEPT_AT_HEADER = "X-Offline-Kept-At";
/** A page kept this recently by its own navigation is not fetched again when the page asks. */
const FRESH_MS = 60_000;

worker.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      // Atomic: a half-kept shell would leave pages that cannot hydrate offline; a failed install
      // is retried on the next visit, and the previous worker keeps serving meanwhile.
      await cache.addAll(precache);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await worker.clients.claim();
      await refreshKeptPages();
    })(),
  );
});

worker.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (request.mode === "navigate") event.respondWith(navigate(event, url));
  else if (isDataRequest(url)) event.respondWith(loaderData(request, url));
  else if (isShellAsset(url)) event.respondWith(shellAsset(request));
});

worker.addEventListener("message", (event) => {
  const data = event.data as { type?: unknown; url?: unknown } | null;
  if (data?.type !== "keep-page" || typeof data.url !== "string") return;
  let url: URL;
  try {
    url = new URL(data.url);
  } catch {
    return;
  }
  if (url.origin !== worker.location.origin || !isDocumentPage(url)) return;
  event.waitUntil(keepPageNow(url));
});

async function navigate(event: FetchEvent, url: URL): Promise<Response> {
  try {
    const response = await fetch(event.request);
    if (isDocumentPage(url)) event.waitUntil(keepOrDrop(url, response.clone()));
    return response;
  } catch {
    const kept = isDocumentPage(url) ? await (await caches.open(PAGES_CACHE)).match(pageKey(url)) : undefined;
    if (kept) return kept;
    return new Response(offlinePageHtml(worker.navigator.language, `${url.pathname}${url.search}`), { status: 503, headers: OFFLINE_PAGE_HEADERS });
  }
}

/** A client navigation with no network becomes a document load, which `navigate` answers. */
async function loaderData(request: Request, url: URL): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    return new Response(null, { status: 204, headers: reloadAsDocumentHeaders(url) });
  }
}

/**
 * Sign-out deletes every cache while this worker may still serve the open page: from then on it
 * writes nothing, or the next person's sign-in page would start filling a cache again. The shell
 * cache exists from install on, so its absence means "erased".
 */
async function erased(): Promise<boolean> {
  return !(await caches.has(SHELL));
}

async function shellAsset(request: Request): Promise<Response> {
  // Any build's cache: a page kept under the previous build still needs that build's files.
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (mayKeepAsset(response) && !(await erased())) {
    const copy = response.clone();
    void caches.open(SHELL).then((cache) => cache.put(request, copy));
  }
  return response;
}

/** Keeps a document page this member just received, or drops the copy when access is gone. */
async function keepOrDrop(url: URL, response: Response): Promise<void> {
  if (await erased()) return;
  const cache = await caches.open(PAGES_CACHE);
  if (mayKeepPage(response)) {
    const headers = new Headers(response.headers);
    headers.set(BUILD_HEADER, version);
    headers.set(KEPT_AT_HEADER, String(Date.now()));
    const body = await response.arrayBuffer();
    await cache.put(pageKey(url), new Response(body, { status: 200, statusText: response.statusText, headers }));
    await pruneShells();
  } else if (revokesKeptPage(response)) {
    await cache.delete(pageKey(url));
  }
}

/**
 * The page asked to be kept (it was loaded before this worker controlled it, or reached by a
 * client navigation, which fetches only data): fetch it as this member and keep it.
 */
async function keepPageNow(url: URL): Promise<void> {
  if (await erased()) return;
  const kept = await (await caches.open(PAGES_CACHE)).match(pageKey(url));
  if (kept && kept.headers.get(BUILD_HEADER) === version && Date.now() - Number(kept.headers.get(KEPT_AT_HEADER)) < FRESH_MS) return;
  try {
    const response = await fetch(pageKey(url), { credentials: "same-origin", headers: { Accept: "text/html" }, redirect: "manual" });
    await keepOrDrop(url, response);
  } catch {
    // No network: the page stays as kept (or not kept) until it is opened online again.
  }
}

/** A new build: fetch the kept pages again so they load this build's files. */
async function refreshKeptPages(): Promise<void> {
  const cache = await caches.open(PAGES_CACHE);
  for (const request of await cache.keys()) {
    const kept = await cache.match(request);
    if (kept?.headers.get(BUILD_HEADER) === version) continue;
    try {
      await keepOrDrop(new URL(request.url), await fetch(request.url, { credentials: "same-origin", headers: { Accept: "text/html" }, redirect: "manual" }));
    } catch {
      // Offline now: the page keeps working on its older build's files, which pruneShells keeps.
    }
  }
  await pruneShells();
}

/** Removes other builds' shells once no kept page needs them. */
async function pruneShells(): Promise<void> {
  const cache = await caches.open(PAGES_CACHE);
  for (const request of await cache.keys()) {
    if ((await cache.match(request))?.headers.get(BUILD_HEADER) !== version) return;
  }
  for (const name of staleShellCaches(await caches.keys(), version)) await caches.delete(name);
}
