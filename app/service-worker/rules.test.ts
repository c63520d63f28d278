// What the offline service worker may keep: only document pages as this member received them.
import { describe, expect, it } from "vitest";
import {
  isDataRequest,
  isDocumentPage,
  isShellAsset,
  mayKeepAsset,
  mayKeepPage,
  pageKey,
  reloadAsDocumentHeaders,
  revokesKeptPage,
  shellCacheName,
  staleShellCaches,
  type ResponseFacts,
} from "./rules.js";

const url = (path: string) => new URL(path, "https://mediation.example.org");
const response = (overrides: Partial<Omit<ResponseFacts, "headers">> & { headers?: Record<string, string> } = {}): ResponseFacts => {
  const { headers: extra, ...facts } = overrides;
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", ...extra });
  return { status: 200, type: "basic", redirected: false, ...facts, headers };
};

describe("service worker rules", () => {
  it("keeps document pages only, not lists, exports, findings or other pages", () => {
    expect(isDocumentPage(url("/processes/p1/documents/d_2-x"))).toBe(true);
    expect(isDocumentPage(url("/processes/p1/documents/d1/"))).toBe(true);
    for (const other of [
      "/",
      "/login",
      "/processes/p1",
      "/processes/p1/documents",
      "/processes/p1/documents/d1/export",
      "/processes/p1/documents/d1/findings",
      "/processes/p1/documents/new",
      "/processes/p1/documents/new/../d1/versions",
    ])
      expect(isDocumentPage(url(other)), other).toBe(false);
  });

  it("treats the build's files and the icon as the shell, and ?_data= as a loader's data", () => {
    expect(isShellAsset(url("/build/_shared/chunk-ABC.js"))).toBe(true);
    expect(isShellAsset(url("/favicon.svg"))).toBe(true);
    expect(isShellAsset(url("/processes/p1"))).toBe(false);
    expect(isDataRequest(url("/processes/p1/documents/d1?_data=routes%2Fprocesses"))).toBe(true);
    expect(isDataRequest(url("/processes/p1/documents/d1"))).toBe(false);
  });

  it("keeps a page only when it is a 200 HTML page of this origin, not redirected, and not marked no-store", () => {
    expect(mayKeepPage(response())).toBe(true);
    expect(mayKeepPage(response({ headers: { "Cache-Control": "private, no-cache" } }))).toBe(true);
    expect(mayKeepPage(response({ status: 404 }))).toBe(false);
    expect(mayKeepPage(response({ status: 500 }))).toBe(false);
    expect(mayKeepPage(response({ status: 0, type: "opaqueredirect" }))).toBe(false);
    expect(mayKeepPage(response({ redirected: true }))).toBe(false);
    expect(mayKeepPage(response({ type: "cors" }))).toBe(false);
    expect(mayKeepPage(response({ headers: { "Content-Type": "application/json" } }))).toBe(false);
    // The server marks every response that sets a cookie no-store (the worker cannot see Set-Cookie).
    expect(mayKeepPage(response({ headers: { "Cache-Control": "no-store" } }))).toBe(false);
    expect(mayKeepAsset(response({ headers: { "Content-Type": "text/javascript" } }))).toBe(true);
    expect(mayKeepAsset(response({ status: 404 }))).toBe(false);
  });

  it("drops a kept page when the server says this member may no longer read it, not on a server error", () => {
    expect(revokesKeptPage(response({ status: 0, type: "opaqueredirect" }))).toBe(true); // to /login
    expect(revokesKeptPage(response({ redirected: true }))).toBe(true);
    expect(revokesKeptPage(response({ status: 404 }))).toBe(true); // removed from the process
    expect(revokesKeptPage(response({ status: 403 }))).toBe(true);
    expect(revokesKeptPage(response({ status: 503 }))).toBe(false);
    expect(revokesKeptPage(response())).toBe(false);
  });

  it("keys a page by path and query, and turns an offline client navigation into a document load", () => {
    expect(pageKey(url("/processes/p1/documents/d1?tab=x#item-3"))).toBe("https://mediation.example.org/processes/p1/documents/d1?tab=x");
    expect(reloadAsDocumentHeaders(url("/processes/p1/documents/d1?_data=routes%2Fx&tab=y"))).toMatchObject({
      "X-Remix-Redirect": "/processes/p1/documents/d1?tab=y",
      "X-Remix-Reload-Document": "true",
    });
  });

  it("names the shell by build and removes only other builds' shells", () => {
    expect(shellCacheName("abc")).toBe("mw-shell-abc");
    expect(staleShellCaches(["mw-shell-abc", "mw-shell-old", "mw-pages", "other"], "abc")).toEqual(["mw-shell-old"]);
  });
});
