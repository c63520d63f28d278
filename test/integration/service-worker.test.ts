// The offline service worker as the real server serves it: at the root, never cached without
// revalidation, carrying this build's files; allowed by the CSP; and every response that sets a
// cookie marked no-store, the mark the worker relies on (it cannot see Set-Cookie).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, signUp, uniqueAccount } from "../support/http.js";
import { ROOT, startServer, type TestServer } from "../support/server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("service worker serving", () => {
  it("serves /sw.js as revalidated JavaScript naming this build's files and version", async () => {
    const response = await fetch(`${server.url}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const script = await response.text();
    // The build's manifest file (its name carries the build's version) is among the files kept.
    const manifest = /"(\/build\/manifest-[A-Z0-9]+\.js)"/.exec(readFileSync(join(ROOT, "build/index.js"), "utf8"))?.[1];
    expect(manifest).toBeTruthy();
    expect(script).toContain(JSON.stringify(manifest));
    const version = /version: "([^"]+)"/.exec(script)?.[1];
    expect(version).toBeTruthy();
    expect(readFileSync(join(ROOT, "build/index.js"), "utf8")).toContain(`version: "${version}"`);
    // Nothing of the server or the database is bundled into it.
    expect(script).not.toMatch(/better-sqlite3|node:/);
  });

  it("lets pages run the worker (worker-src) and keeps cookie-setting responses out of every cache", async () => {
    const page = await fetch(`${server.url}/login`);
    expect(page.headers.get("content-security-policy")).toContain("worker-src 'self'");
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(page.headers.get("cache-control") ?? "").not.toContain("no-store");

    const http = new HttpClient(server.url);
    const signedUp = await signUp(http, uniqueAccount("facilitator"));
    expect(signedUp.headers.get("set-cookie")).toBeTruthy();
    expect(signedUp.headers.get("cache-control")).toBe("no-store");
  });
});
