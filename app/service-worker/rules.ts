// What the service worker may keep, pure so it can be tested without a browser. The material is
// sensitive: the worker keeps the app shell (fingerprinted /build files, the same for everyone)
// and only the pages of documents this member opened, never an error, a redirect (a sign-in page,
// a revoked membership) or a response the server marked no-store (one that set a cookie).

/** The document page, the only kind of page kept for offline reading. */
const DOCUMENT_PAGE = /^\/processes\/[A-Za-z0-9_-]+\/documents\/[A-Za-z0-9_-]+\/?$/;

export const PAGES_CACHE = "mw-pages";
export const SHELL_CACHE_PREFIX = "mw-shell-";

export function shellCacheName(version: string): string {
  return `${SHELL_CACHE_PREFIX}${version}`;
}

/** Shell caches of other builds: removed once this build's pages are refreshed. */
export function staleShellCaches(names: readonly string[], version: string): string[] {
  return names.filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== shellCacheName(version));
}

export function isDocumentPage(url: URL): boolean {
  const match = DOCUMENT_PAGE.exec(url.pathname);
  // "new" is the creation form beside the document pages, not a document.
  return !!match && !/\/documents\/new\/?$/.test(url.pathname);
}

/** Fingerprinted build output and the icon: identical for every account, safe to keep. */
export function isShellAsset(url: URL): boolean {
  return url.pathname.startsWith("/build/") || url.pathname === "/favicon.svg";
}

/** A Remix client navigation or revalidation fetches a loader's data with `?_data=`. */
export function isDataRequest(url: URL): boolean {
  return url.searchParams.has("_data");
}

/** The key a kept page is stored under: its path and query, never a fragment. */
export function pageKey(url: URL): string {
  return `${url.origin}${url.pathname}${url.search}`;
}

/** What the worker looks at in a response (a subset of Response, so tests need no browser). */
export interface ResponseFacts {
  status: number;
  type: string;
  redirected: boolean;
  headers: { get(name: string): string | null };
}

/**
 * Whether a document page's response may be kept for offline reading: only the page itself as
 * this member received it (200, same origin, not redirected, HTML), never one the server asked
 * not to store. Set-Cookie is invisible to a service worker, so the server marks every response
 * that sets a cookie `no-store` (server/http/security.ts) and that mark is honoured here.
 */
export function mayKeepPage(response: ResponseFacts): boolean {
  if (response.status !== 200 || response.type !== "basic" || response.redirected) return false;
  if (!/^text\/html\b/i.test(response.headers.get("content-type") ?? "")) return false;
  return !/\bno-store\b/i.test(response.headers.get("cache-control") ?? "");
}

/** A shell asset is kept when it arrived whole (200, same origin). */
export function mayKeepAsset(response: ResponseFacts): boolean {
  return response.status === 200 && response.type === "basic";
}

/**
 * An answer from the network about a kept page that means "this member may no longer read it
 * here" (signed out, session expired, removed from the process, document gone): drop the copy.
 * Server errors (5xx) say nothing about access, so the copy stays for the next outage.
 */
export function revokesKeptPage(response: ResponseFacts): boolean {
  // A navigation's redirect reaches the worker unopened ("opaqueredirect", status 0).
  if (response.redirected || response.type === "opaqueredirect") return true;
  return response.status >= 300 && response.status < 500;
}

/**
 * When a client navigation's data cannot be fetched (no network), Remix is told to load the page
 * as a document instead (its own X-Remix-Reload-Document redirect): the worker then answers that
 * navigation with the kept page, or with the offline page, rather than the app showing an error.
 */
export function reloadAsDocumentHeaders(url: URL): Record<string, string> {
  const target = new URL(url.href);
  target.searchParams.delete("_data");
  return {
    "X-Remix-Redirect": `${target.pathname}${target.search}`,
    "X-Remix-Status": "302",
    "X-Remix-Reload-Document": "true",
    "Cache-Control": "no-store",
  };
}
