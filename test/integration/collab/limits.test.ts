// Limits against a real server: heartbeat drops a peer that stopped answering, and the presence of
// a dropped peer disappears for everyone else.
import { afterAll, describe, expect, it } from "vitest";
import type { Socket } from "node:net";
import { connectClient, rawClient, startCollab, synced, waitFor, type InProcessCollab } from "../../support/collab.js";

let server: InProcessCollab;
afterAll(() => server.close());

describe("heartbeat", () => {
  it("terminates a connection that stops answering pings, others stay", async () => {
    server = await startCollab({ heartbeatMs: 100 });
    const alive = connectClient(server.url, "doc-hb", { user: "alice" });
    await synced(alive);
    const dead = rawClient(server.url, "doc-hb", { "x-test-user": "bob" });
    await dead.opened;
    expect(server.collab.stats().connections).toBe(2);
    // Stop reading: pings are never seen, so never answered (a laptop whose network vanished).
    (dead.ws as unknown as { _socket: Socket })._socket.pause();
    await waitFor(() => server.collab.stats().connections === 1, 3000, "dead peer dropped");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.collab.stats().connections).toBe(1);
    expect(alive.closes).toEqual([]);
    alive.destroy();
  });
});
