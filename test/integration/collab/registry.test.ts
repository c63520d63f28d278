// Document registry: idle unload with compaction, reload intact, compaction threshold, and a
// document whose stored state fails to load is refused, never replaced by an empty one.
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { rawClient, collabFixture, TEST_ORIGIN, storedDoc, synced, updateRowCount, waitFor, savedCovers, type InProcessCollab } from "../../support/collab.js";

const { client, start } = collabFixture();
let server: InProcessCollab;
const snapshotRow = (s: InProcessCollab, id: string) =>
  s.db.prepare("SELECT upto_seq, length(state_blob) AS bytes FROM collab_snapshots WHERE document_id = ?").get(id) as
    | { upto_seq: number; bytes: number }
    | undefined;

describe("document registry", () => {
  it("unloads an idle document after compacting it, and reloads it intact", async () => {
    server = await start({ idleUnloadMs: 200 });
    const a = client(server.url, "doc-idle", { user: "alice" });
    await synced(a);
    for (let i = 0; i < 30; i++) a.text.insert(a.text.length, `item ${i}; `);
    a.text.delete(0, 8);
    const expected = a.text.toString();
    await waitFor(() => a.saved.length > 0 && a.saved.at(-1)!.seq >= 31, 5000, "saved");
    expect(updateRowCount(server.db, "doc-idle")).toBeGreaterThan(1);
    a.destroy();
    await waitFor(() => server!.collab.stats().connections === 0, 5000, "closed");
    expect(server.collab.isLoaded("doc-idle")).toBe(true);
    await waitFor(() => !server!.collab.isLoaded("doc-idle"), 5000, "unloaded");
    expect(server.collab.stats().documents).toBe(0);
    // Compacted on unload: one snapshot, no log rows left.
    expect(updateRowCount(server.db, "doc-idle")).toBe(0);
    expect(snapshotRow(server, "doc-idle")).toMatchObject({ upto_seq: expect.any(Number) });

    const b = client(server.url, "doc-idle", { user: "bob" });
    await synced(b);
    await waitFor(() => b.text.toString() === expected, 5000, "reloaded text");
    expect(server.loadCalls.filter((id) => id === "doc-idle")).toHaveLength(2);
    b.text.insert(0, "New: ");
    await waitFor(() => savedCovers(b), 5000, "saved after reload");
    expect((await storedDoc(server.db, "doc-idle")).getText("t").toString()).toBe("New: " + expected);
  });

  it("compacts after the configured number of stored updates while the document stays loaded", async () => {
    server = await start({ compactEvery: 20 });
    const a = client(server.url, "doc-compact", { user: "alice" });
    await synced(a);
    for (let i = 0; i < 45; i++) {
      a.text.insert(a.text.length, String(i % 10));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitFor(() => a.saved.length > 0 && a.saved.at(-1)!.seq >= 45, 5000, "saved");
    await server.collab.flush();
    await waitFor(() => (snapshotRow(server!, "doc-compact")?.upto_seq ?? 0) >= 40, 5000, "snapshot");
    expect(updateRowCount(server.db, "doc-compact")).toBeLessThan(20);
    expect((await storedDoc(server.db, "doc-compact")).getText("t").toString()).toBe(a.text.toString());
  });

  it("never replaces a document that fails to load by an empty one", async () => {
    server = await start({ idleUnloadMs: 50 });
    const a = client(server.url, "doc-corrupt", { user: "alice" });
    await synced(a);
    a.text.insert(0, "Exchange of prisoners");
    a.text.insert(0, "1. ");
    await waitFor(() => a.saved.length > 0 && a.saved.at(-1)!.seq >= 2, 5000, "saved");
    a.destroy();
    await waitFor(() => !server!.collab.isLoaded("doc-corrupt"), 5000, "unloaded");
    // Damage the stored state behind the server's back.
    const row = server.db.prepare("SELECT state_blob FROM collab_snapshots WHERE document_id = ?").get("doc-corrupt") as {
      state_blob: Buffer;
    };
    const damaged = Buffer.from(row.state_blob.subarray(0, row.state_blob.length - 4));
    server.db.prepare("UPDATE collab_snapshots SET state_blob = ? WHERE document_id = ?").run(damaged, "doc-corrupt");
    server.db
      .prepare("INSERT INTO collab_updates (document_id, seq, update_blob, created_at) VALUES (?, ?, ?, ?)")
      .run("doc-corrupt", 1000, Buffer.from([1, 2, 3, 4, 5]), Date.now());
    const before = server.db.prepare("SELECT * FROM collab_updates WHERE document_id = 'doc-corrupt'").all();

    for (let attempt = 0; attempt < 2; attempt++) {
      const evil = rawClient(server.url, "doc-corrupt", { "x-test-user": "alice" });
      expect(await evil.refused).toBe(503);
    }
    expect(server.collab.isLoaded("doc-corrupt")).toBe(false);
    expect(server.db.prepare("SELECT state_blob FROM collab_snapshots WHERE document_id = ?").get("doc-corrupt")).toEqual({
      state_blob: damaged,
    });
    expect(server.db.prepare("SELECT * FROM collab_updates WHERE document_id = 'doc-corrupt'").all()).toEqual(before);
    // Other documents are unaffected.
    const b = client(server.url, "doc-fine", { user: "bob" });
    await synced(b);
  });
});

describe("storage failure", () => {
  it("broadcasts nothing that failed to commit, drops the copy in memory, and recovers on reconnect", async () => {
    let failing = false;
    server = await start({
      wrapPersistence: (inner) => ({
        ...inner,
        append: async (rows) => {
          if (failing) throw new Error("disk full");
          return inner.append(rows);
        },
      }),
    });
    const a = client(server.url, "doc-fail", { user: "alice" });
    const b = client(server.url, "doc-fail", { user: "bob" });
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, "kept ");
    await waitFor(() => b.text.toString() === "kept ", 5000, "first edit");
    failing = true;
    a.text.insert(5, "lost-for-now");
    await waitFor(() => a.closes.some((c) => c.code === 1011) && b.closes.some((c) => c.code === 1011), 5000, "closed 1011");
    // B never saw the edit that was not durable.
    expect(b.text.toString()).toBe("kept ");
    expect((await storedDoc(server.db, "doc-fail")).getText("t").toString()).toBe("kept ");
    failing = false;
    // The clients reconnect on their own; A still holds its edit and resends it in sync step 2.
    await waitFor(() => b.text.toString() === "kept lost-for-now" && savedCovers(a), 10_000, "recovered");
    expect((await storedDoc(server.db, "doc-fail")).getText("t").toString()).toBe("kept lost-for-now");
  });

  it("hands the document back when an authorized handshake is malformed (no reference leaks, it still unloads)", async () => {
    server = await start({ idleUnloadMs: 50 });
    const { port } = new URL(server.url);
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        // Authorized, but the handshake itself is invalid (a key that is not 16 bytes of base64).
        socket.write(
          "GET /collab/doc-leak HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-a-key\r\nOrigin: ${TEST_ORIGIN}\r\nx-test-user: alice\r\n\r\n`,
        );
      });
      socket.once("data", (data) => {
        resolve(data.toString().split("\r\n")[0]!);
        socket.destroy();
      });
      socket.once("error", reject);
    });
    expect(status).toMatch(/^HTTP\/1\.1 400/);
    expect(server.loadCalls).toContain("doc-leak");
    await waitFor(() => !server.collab.isLoaded("doc-leak"), 5_000, "unloaded after the failed handshake");
  });
});
