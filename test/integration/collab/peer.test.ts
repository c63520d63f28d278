// What the integrator sees of a connection (onConnectionReady): the upgrade URL's query, which
// the server keeps as a string and parses only when read (server/collab/index.ts).
import { describe, expect, it } from "vitest";
import { collabFixture, rawClient, waitFor } from "../../support/collab.js";

const { start } = collabFixture();

describe("the peer handed to the integrator", () => {
  it("carries the upgrade URL's query, and an empty one when there was none", async () => {
    const seen: (string | null)[][] = [];
    const server = await start({
      onConnectionReady: (peer) => seen.push([peer.documentId, peer.params.get("since"), peer.params.get("other")]),
    });
    const withQuery = rawClient(server.url, "doc-peer?since=42&other=a%20b", { "x-test-user": "alice" });
    await withQuery.opened;
    await waitFor(() => seen.length === 1, 5000, "first ready");
    const without = rawClient(server.url, "doc-peer", { "x-test-user": "bob" });
    await without.opened;
    await waitFor(() => seen.length === 2, 5000, "second ready");
    expect(seen).toEqual([
      ["doc-peer", "42", "a b"],
      ["doc-peer", null, null],
    ]);
    withQuery.ws.close();
    without.ws.close();
    // Both sockets adopted and closed: the document's references are all handed back.
    await waitFor(() => server.collab.stats().connections === 0, 5000, "closed");
  });
});
