// Upgrade authentication: every refusal answers an HTTP status and loads no document state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawClient, startCollab, TEST_ORIGIN, type InProcessCollab } from "../../support/collab.js";

let server: InProcessCollab;
beforeAll(async () => {
  server = await startCollab({
    // Origin is checked before authorize: count authorize calls to prove it.
    authorize: async (req, documentId) => {
      authorizeCalls.push(documentId);
      const { testAuthorize } = await import("../../support/collab-auth.js");
      return testAuthorize(req, documentId);
    },
  });
});
afterAll(() => server.close());
const authorizeCalls: string[] = [];

const cases: { name: string; doc: string; headers: Record<string, string>; status: number; authorized: boolean }[] = [
  { name: "no identity", doc: "doc-a", headers: {}, status: 401, authorized: true },
  { name: "foreign Origin", doc: "doc-a", headers: { "x-test-user": "alice", origin: "http://evil.test" }, status: 403, authorized: false },
  { name: "no Origin", doc: "doc-a", headers: { "x-test-user": "alice", origin: "" }, status: 403, authorized: false },
  { name: "unknown document", doc: "missing-doc", headers: { "x-test-user": "alice" }, status: 404, authorized: true },
  { name: "not a member", doc: "doc-a", headers: { "x-test-user": "stranger-1" }, status: 403, authorized: true },
  { name: "bad document id", doc: "bad%20id", headers: { "x-test-user": "alice" }, status: 400, authorized: false },
  { name: "over-long document id", doc: "x".repeat(65), headers: { "x-test-user": "alice" }, status: 400, authorized: false },
  { name: "nested path", doc: "doc-a/extra", headers: { "x-test-user": "alice" }, status: 400, authorized: false },
];

describe("collab upgrade", () => {
  for (const c of cases) {
    it(`refuses ${c.name} with ${c.status} and loads nothing`, async () => {
      const before = authorizeCalls.length;
      const client = rawClient(server.url, c.doc, c.headers);
      expect(await client.refused).toBe(c.status);
      expect(authorizeCalls.length - before).toBe(c.authorized ? 1 : 0);
      expect(server.loadCalls).toEqual([]);
      expect(server.collab.stats()).toMatchObject({ documents: 0, connections: 0, loads: 0 });
    });
  }

  it("accepts an authorized upgrade from the app's origin and only then loads the document", async () => {
    const client = rawClient(server.url, "doc-a", { "x-test-user": "alice", origin: TEST_ORIGIN });
    await client.opened;
    expect(server.loadCalls).toEqual(["doc-a"]);
    expect(server.collab.isLoaded("doc-a")).toBe(true);
    client.ws.close();
    await client.closed;
  });

  it("loads a document once when many connections arrive at the same time", async () => {
    const clients = Array.from({ length: 8 }, () => rawClient(server.url, "doc-many", { "x-test-user": "bob" }));
    await Promise.all(clients.map((c) => c.opened));
    expect(server.loadCalls.filter((id) => id === "doc-many")).toHaveLength(1);
    for (const c of clients) c.ws.close();
  });
});
