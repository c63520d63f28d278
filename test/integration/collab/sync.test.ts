// Sync, durability order and presence against a real http server, real SQLite, real providers.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import Database from "better-sqlite3";
import { savedCovers, collabFixture, storedDoc, synced, waitFor, type InProcessCollab } from "../../support/collab.js";

const { client, start } = collabFixture();
let server: InProcessCollab;

describe("collab sync", () => {
  it("two editors converge and the stored document equals what they see", async () => {
    server = await start();
    const a = client(server.url, "doc-1", { user: "alice" });
    const b = client(server.url, "doc-1", { user: "bob" });
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, "Cessation of hostilities. ");
    b.text.insert(0, "Interim administration. ");
    for (let i = 0; i < 50; i++) (i % 2 ? a : b).text.insert(i % 7, String(i % 10));
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 26 + 24 + 50, 10_000, "converge");
    await server.collab.flush();
    const stored = await storedDoc(server.db, "doc-1");
    expect(stored.getText("t").toString()).toBe(a.text.toString());
    expect(server.collab.stats()).toMatchObject({ documents: 1, connections: 2, loads: 1 });
  });

  it("tells the sender SAVED with a state vector covering everything it sent", async () => {
    server = await start();
    const a = client(server.url, "doc-saved", { user: "alice" });
    await synced(a);
    a.text.insert(0, "hello");
    await waitFor(() => savedCovers(a), 5000, "saved");
    expect(a.saved.at(-1)!.stateVector.get(a.doc.clientID)).toBe(5);
    const last = a.saved.at(-1)!;
    expect(last.seq).toBeGreaterThanOrEqual(1);
    expect(a.access).toEqual(["edit"]);
  });

  it("commits an update to SQLite before any other client receives it", async () => {
    // Slow storage (30 ms per commit) so that an early broadcast would be seen before the commit.
    server = await start({ appendDelayMs: 30 });
    // A second, independent connection sees only committed transactions.
    const reader = new Database(server.dbPath, { readonly: true });
    const a = client(server.url, "doc-order", { user: "alice" });
    const b = client(server.url, "doc-order", { user: "bob" });
    await Promise.all([synced(a), synced(b)]);
    const checks: boolean[] = [];
    b.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin !== b.provider) return;
      // At the moment B receives it, the row must already be durable.
      const rows = reader.prepare("SELECT update_blob FROM collab_updates WHERE document_id = ? ORDER BY seq").all("doc-order") as { update_blob: Buffer }[];
      const doc = new Y.Doc();
      for (const row of rows) Y.applyUpdate(doc, row.update_blob);
      // Everything B has must already be in the database (it may hold more: the rest of the batch).
      checks.push([...Y.decodeStateVector(Y.encodeStateVector(b.doc))].every(([id, clock]) => Y.getState(doc.store, id) >= clock));
    });
    for (let i = 0; i < 20; i++) {
      a.text.insert(a.text.length, `w${i} `);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => b.text.toString() === a.text.toString(), 5000, "b receives");
    reader.close();
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every(Boolean)).toBe(true);
  });

  it("sets presence identity from the authorization, not from the client", async () => {
    server = await start();
    const a = client(server.url, "doc-presence", { user: "alice" });
    const b = client(server.url, "doc-presence", { user: "bob", access: "read" });
    a.provider.awareness.setLocalStateField("user", { id: "admin", name: "The President", role: "facilitator" });
    a.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
    await Promise.all([synced(a), synced(b)]);
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 5000, "presence");
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: Record<string, string>; cursor: unknown };
    expect(seen.user).toEqual({ id: "alice", name: "User alice", role: "mediator", color: expect.any(String) });
    expect(seen.cursor).toEqual({ anchor: 1 });
    // The reader's presence is shown too (read-only users may be present), with its own identity.
    b.provider.awareness.setLocalStateField("user", { name: "Alice" });
    await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID), 5000, "reader presence");
    expect((a.provider.awareness.getStates().get(b.doc.clientID) as { user: { id: string } }).user.id).toBe("bob");
  });

  it("an editor that types during its reconnect handshake after offline edits is not thrown out", async () => {
    server = await start();
    const a = client(server.url, "doc-offline", { user: "alice" });
    const b = client(server.url, "doc-offline", { user: "bob" });
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, "Shared base. ");
    await waitFor(() => b.text.toString() === "Shared base. ", 5000, "base");
    a.provider.disconnect();
    a.text.insert(a.text.length, "Typed offline in Kidal.");
    // Keep typing the moment the socket opens: this edit depends on the offline text, which the
    // server only gets with the client's sync step 2 one round trip later.
    a.provider.on("status", ({ status }: { status: string }) => {
      if (status === "connected") a.text.insert(a.text.length, " And more.");
    });
    a.provider.connect();
    await waitFor(() => b.text.toString() === "Shared base. Typed offline in Kidal. And more." && savedCovers(a), 5000, "merged");
    expect(a.closes.filter((c) => c.code !== 1000 && c.code !== 1005)).toEqual([]);
    expect((await storedDoc(server.db, "doc-offline")).getText("t").toString()).toBe(b.text.toString());
  });
});
