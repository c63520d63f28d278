// Read-only enforcement and live revalidation (member removed, role dropped to read-only).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { collabFixture, storedDoc, synced, updateRowCount, waitFor, type InProcessCollab } from "../../support/collab.js";
import { decide } from "../../support/collab-auth.js";
import { CLOSE } from "../../../server/collab/protocol.js";

const { client, start } = collabFixture();
let server: InProcessCollab;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("read-only connections", () => {
  it("receive the text, but their writes never reach anyone nor the database", async () => {
    server = await start();
    const editor = client(server.url, "doc-ro", { user: "alice" });
    const other = client(server.url, "doc-ro", { user: "carol" });
    await Promise.all([synced(editor), synced(other)]);
    editor.text.insert(0, "Agenda: free movement of goods.");
    const observer = client(server.url, "doc-ro", { user: "olivier", access: "read" });
    await synced(observer);
    await waitFor(() => observer.text.toString() === "Agenda: free movement of goods.", 5000, "observer sees text");
    expect(observer.access).toEqual(["read"]);
    await server.collab.flush();
    const rowsBefore = updateRowCount(server.db, "doc-ro");

    const savedBefore = observer.saved.length;
    observer.text.insert(0, "FORGED ");
    await sleep(300);
    await server.collab.flush();
    // Dropped: not applied, not forwarded, not stored, not acknowledged; the reader stays connected.
    expect(editor.text.toString()).toBe("Agenda: free movement of goods.");
    expect(other.text.toString()).toBe("Agenda: free movement of goods.");
    expect(updateRowCount(server.db, "doc-ro")).toBe(rowsBefore);
    expect(observer.saved.length).toBe(savedBefore);
    expect(observer.closes).toEqual([]);
    editor.text.insert(editor.text.length, " And markets.");
    await waitFor(() => observer.text.toString().endsWith(" And markets."), 5000, "observer still receives");

    // A reader that keeps writing is not honest: closed (4403, permission denied), never stored.
    for (let i = 0; i < 110; i++) observer.text.insert(0, "x");
    await waitFor(() => observer.permissionDenied.length > 0 && observer.closes.some((c) => c.code === CLOSE.FORBIDDEN), 5000, "closed");
    // y-websocket does not reconnect after a 44xx close: after a while only the two editors are connected.
    await sleep(300);
    expect(observer.provider.ws).toBeNull();
    expect(server.collab.stats().connections).toBe(2);
    await server.collab.flush();
    expect((await storedDoc(server.db, "doc-ro")).getText("t").toString()).toBe("Agenda: free movement of goods. And markets.");
  });

  it("a read-only client whose offline edits arrive in sync step 2 is dropped too", async () => {
    server = await start();
    const editor = client(server.url, "doc-ro2", { user: "alice" });
    await synced(editor);
    editor.text.insert(0, "base");
    await server.collab.flush();
    const observer = client(server.url, "doc-ro2", { user: "olivier", access: "read", connect: false });
    // Edits made before connecting travel in the client's sync step 2.
    observer.text.insert(0, "offline forgery ");
    observer.provider.connect();
    await synced(observer);
    await sleep(300);
    await server.collab.flush();
    expect(observer.closes).toEqual([]);
    expect(editor.text.toString()).toBe("base");
    expect((await storedDoc(server.db, "doc-ro2")).getText("t").toString()).toBe("base");
  });

  it("an in-sync read-only client that only reads stays connected (its empty step 2 is fine)", async () => {
    server = await start();
    const editor = client(server.url, "doc-ro3", { user: "alice" });
    await synced(editor);
    editor.text.insert(0, "some text to delete");
    editor.text.delete(0, 5);
    const observer = client(server.url, "doc-ro3", { user: "olivier", access: "read" });
    await synced(observer);
    await waitFor(() => observer.text.toString() === "text to delete", 5000, "observer");
    // Reconnect: the step 2 it sends now carries a delete set it got from us — not a change.
    observer.provider.disconnect();
    observer.provider.connect();
    await synced(observer);
    editor.text.insert(0, "more ");
    await waitFor(() => observer.text.toString() === "more text to delete", 5000, "live updates");
    expect(observer.closes.filter((c) => c.code !== 1000 && c.code !== 1005)).toEqual([]);
    expect(observer.permissionDenied).toEqual([]);
  });
});

describe("revalidate", () => {
  it("closes the sockets of a removed member at once and downgrades a member now read-only", async () => {
    const roles = new Map<string, "edit" | "read" | "gone">([
      ["alice", "edit"],
      ["bob", "edit"],
    ]);
    server = await start({
      reauthorize: async ({ id: userId }, documentId) => {
        const role = roles.get(userId);
        if (role === "gone") return { ok: false, status: 403 };
        return decide(userId, role, documentId);
      },
    });
    const alice = client(server.url, "doc-rv", { user: "alice" });
    const bob = client(server.url, "doc-rv", { user: "bob" });
    const bob2 = client(server.url, "doc-rv2", { user: "bob" });
    await Promise.all([synced(alice), synced(bob), synced(bob2)]);

    roles.set("alice", "read");
    expect(await server.collab.revalidate({ userId: "alice" })).toEqual({ closed: 0, downgraded: 1, upgraded: 0 });
    await waitFor(() => alice.access.at(-1) === "read", 5000, "access message");
    alice.text.insert(0, "after downgrade");
    await sleep(300);
    await server.collab.flush();
    expect(bob.text.toString()).toBe("");
    expect(updateRowCount(server.db, "doc-rv")).toBe(0);

    // Upgraded again: acknowledging her next message would claim the dropped one is durable, so the
    // connection is closed for a reconnect, whose sync step 2 carries the dropped change again.
    roles.set("alice", "edit");
    expect(await server.collab.revalidate({ userId: "alice" })).toEqual({ closed: 0, downgraded: 0, upgraded: 1 });
    await waitFor(() => alice.closes.some((c) => c.code === CLOSE.GOING_AWAY), 5000, "closed for a reconnect");
    await waitFor(() => bob.text.toString() === "after downgrade", 5000, "dropped change arrives after the reconnect");

    roles.set("bob", "gone");
    expect(await server.collab.revalidate({ userId: "bob" })).toMatchObject({ closed: 2 });
    await waitFor(() => bob.closes.length > 0 && bob2.closes.length > 0, 5000, "bob closed");
    expect(bob.closes[0]!.code).toBe(CLOSE.FORBIDDEN);
    // Only alice (editing again) is left.
    await waitFor(() => server!.collab.stats().connections === 1, 5000, "bob's connections gone");
  });

  it("re-decides a connection whose rights changed while it was being opened (removed during the load)", async () => {
    let gone = false;
    let releaseAuthorize!: () => void;
    const authorizing = new Promise<void>((resolve) => (releaseAuthorize = resolve));
    let authorized!: () => void;
    const authorizeStarted = new Promise<void>((resolve) => (authorized = resolve));
    server = await start({
      // The upgrade is authorized, then held (as a slow load would hold it) while rights change.
      authorize: async (_req, documentId) => {
        const decision = decide("carol", "edit", documentId);
        authorized();
        await authorizing;
        return decision;
      },
      reauthorize: async ({ id }, documentId) => (gone ? { ok: false, status: 403 } : decide(id, "edit", documentId)),
    });
    const carol = client(server.url, "doc-race", { user: "carol" });
    await authorizeStarted;
    gone = true;
    // Nobody is connected yet, so this revocation reaches no socket...
    expect(await server.collab.revalidate({ userId: "carol" })).toEqual({ closed: 0, downgraded: 0, upgraded: 0 });
    releaseAuthorize();
    // ...but the socket it would have missed is re-decided as soon as it exists.
    await waitFor(() => carol.closes.some((c) => c.code === CLOSE.FORBIDDEN), 5000, "closed after attach");
    await waitFor(() => server!.collab.stats().connections === 0, 5000, "no connections");
  });

  it("disconnect and setAccess act on a document filter without asking the policy", async () => {
    server = await start();
    const a = client(server.url, "doc-lock", { user: "alice" });
    const b = client(server.url, "doc-other", { user: "alice" });
    await Promise.all([synced(a), synced(b)]);
    expect(server.collab.setAccess({ documentId: "doc-lock" }, "read")).toBe(1);
    await waitFor(() => a.access.at(-1) === "read", 5000, "locked");
    expect(b.access).toEqual(["edit"]);
    expect(server.collab.disconnect({ documentId: "doc-other" })).toBe(1);
    await waitFor(() => b.closes.length > 0, 5000, "disconnected");
    expect(a.closes).toEqual([]);
    b.text.insert(0, "x");
    expect(Y.encodeStateAsUpdate(a.doc).length).toBeLessThan(10);
  });
});
