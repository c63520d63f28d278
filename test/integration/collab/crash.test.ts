// Crash durability: kill -9 the server process while two clients type; after restart on the same
// SQLite file, every update that any OTHER client had received is in the database.
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  connectClient,
  freshCollabDbPath,
  keepTyping,
  openCollabDb,
  savedCovers,
  spawnCollabProcess,
  storedDoc,
  synced,
  waitFor,
  type CollabProcess,
  type TestClient,
} from "../../support/collab.js";

const clients: TestClient[] = [];
let proc: CollabProcess | undefined;
afterAll(async () => {
  for (const c of clients) c.destroy();
  await proc?.stop();
});

/** Yjs client ids whose items `doc` holds beyond what `stored` holds. */
function clientsMissingFrom(stored: Y.Doc, doc: Y.Doc): number[] {
  const { from } = Y.parseUpdateMeta(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(stored)));
  return [...from.keys()];
}

describe("crash durability", () => {
  it("kill -9 while two clients type loses nothing another client had received", async () => {
    const dbPath = freshCollabDbPath();
    proc = await spawnCollabProcess(dbPath);
    const port = proc.port;
    const a = connectClient(proc.url, "crash-doc", { user: "alice" });
    const b = connectClient(proc.url, "crash-doc", { user: "bob" });
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);

    const stopTyping = [keepTyping(a, "a"), keepTyping(b, "b")];
    await waitFor(() => a.text.length > 300 && b.text.length > 300, 15_000, "typing");
    await proc.kill();
    for (const stop of stopTyping) stop();
    // What each client had received from the other at the moment of the crash.
    const aSawOfB = Y.getState(a.doc.store, b.doc.clientID);
    const bSawOfA = Y.getState(b.doc.store, a.doc.clientID);
    expect(aSawOfB).toBeGreaterThan(0);
    expect(bSawOfA).toBeGreaterThan(0);

    const db = openCollabDb(dbPath);
    const stored = await storedDoc(db, "crash-doc");
    db.close();
    expect(Y.getState(stored.store, b.doc.clientID)).toBeGreaterThanOrEqual(aSawOfB);
    expect(Y.getState(stored.store, a.doc.clientID)).toBeGreaterThanOrEqual(bSawOfA);
    // Same check on content: applying A's document to the stored one may only add A's own edits
    // (sent but not yet committed when the process died), never an edit of B that A had seen.
    expect(clientsMissingFrom(stored, a.doc)).not.toContain(b.doc.clientID);
    expect(clientsMissingFrom(stored, b.doc)).not.toContain(a.doc.clientID);
    const storedText = stored.getText("t").toString();
    const seenB = [...a.text.toString()].filter((ch) => ch === "b").length;
    expect([...storedText].filter((ch) => ch === "b").length).toBeGreaterThanOrEqual(seenB);

    // Restart on the same file and port: the clients reconnect, resend what was not durable, and
    // everything converges, on disk too.
    proc = await spawnCollabProcess(dbPath, port);
    await waitFor(() => a.text.toString() === b.text.toString() && savedCovers(a) && savedCovers(b), 20_000, "converge after restart");
    await proc.stop();
    proc = undefined;
    const db2 = openCollabDb(dbPath);
    expect((await storedDoc(db2, "crash-doc")).getText("t").toString()).toBe(a.text.toString());
    db2.close();
  }, 60_000);
});
