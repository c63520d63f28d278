// Malformed and hostile frames close only the offending socket; the document and everyone else
// carry on. Also the rate cap and the size cap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { connectClient, rawClient, startCollab, storedDoc, synced, waitFor, type InProcessCollab, type TestClient } from "../../support/collab.js";
import { CLOSE, encodeSyncUpdate } from "../../../server/collab/protocol.js";

let server: InProcessCollab;
let a: TestClient;
let b: TestClient;
const DOC = "doc-hostile";

beforeAll(async () => {
  server = await startCollab({ maxMessageBytes: 64 * 1024, rate: { burst: 50, perSecond: 20 } });
  a = connectClient(server.url, DOC, { user: "alice" });
  b = connectClient(server.url, DOC, { user: "bob" });
  await Promise.all([synced(a), synced(b)]);
  a.text.insert(0, "Roadmap. ");
  await waitFor(() => b.text.toString() === "Roadmap. ", 5000, "initial");
});
afterAll(async () => {
  a.destroy();
  b.destroy();
  await server.close();
});

let round = 0;
/** After each hostile socket: the honest clients still edit together and nothing leaked in. */
async function othersStillWork() {
  round++;
  a.text.insert(a.text.length, `a${round} `);
  b.text.insert(b.text.length, `b${round} `);
  await waitFor(() => a.text.toString() === b.text.toString() && a.text.toString().includes(`b${round}`), 5000, "still working");
  expect(a.closes.filter((c) => c.code !== 1000)).toEqual([]);
  expect(b.closes.filter((c) => c.code !== 1000)).toEqual([]);
}

async function hostile(frames: (Uint8Array | string)[], expected: number) {
  const evil = rawClient(server.url, DOC, { "x-test-user": "mallory" });
  await evil.opened;
  for (const frame of frames) evil.ws.send(frame);
  const closed = await evil.closed;
  expect(closed.code).toBe(expected);
  await othersStillWork();
  return evil;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe("hostile frames", () => {
  it("random bytes", async () => {
    await hostile([new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3])], CLOSE.PROTOCOL_ERROR);
  });

  it("a truncated varint", async () => {
    await hostile([new Uint8Array([0x80])], CLOSE.PROTOCOL_ERROR);
  });

  it("a truncated sync payload", async () => {
    await hostile([new Uint8Array([0, 2, 50, 1, 2, 3])], CLOSE.PROTOCOL_ERROR);
  });

  it("a well-framed update whose bytes are not a Yjs update", async () => {
    await hostile([encodeSyncUpdate(new Uint8Array([9, 9, 9, 9, 9, 9, 9]))], CLOSE.PROTOCOL_ERROR);
  });

  it("an unknown message type and a text frame", async () => {
    await hostile([frame((e) => encoding.writeVarUint(e, 42))], CLOSE.UNSUPPORTED);
    await hostile(["hello"], CLOSE.UNSUPPORTED);
  });

  it("trailing bytes after a valid message", async () => {
    await hostile([new Uint8Array([3, 0, 0])], CLOSE.PROTOCOL_ERROR);
  });

  it("an oversized message", async () => {
    const payload = new Uint8Array(200 * 1024);
    await hostile(
      [
        frame((e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 2);
          encoding.writeVarUint8Array(e, payload);
        }),
      ],
      CLOSE.TOO_BIG,
    );
  });

  it("a valid sync frame produced for another document", async () => {
    // A document with a history: its latest edit depends on items this document does not have.
    const other = new Y.Doc();
    other.getText("t").insert(0, "secret minutes of another process");
    const sv = Y.encodeStateVector(other);
    other.getText("t").insert(7, "X");
    const foreign = Y.encodeStateAsUpdate(other, sv);
    const asStep2 = frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, foreign);
    });
    // As a sync step 2 (which answers our state vector, so can never lack anything): closed.
    await hostile([asStep2], CLOSE.POLICY);
    // As a plain update (an editor typing during a reconnect may legitimately send one): dropped,
    // never stored, and the server asks for a step 2 instead of closing.
    const evil = rawClient(server.url, DOC, { "x-test-user": "mallory" });
    await evil.opened;
    await waitFor(() => evil.messages.length >= 2, 5000, "handshake");
    const before = evil.messages.length;
    evil.ws.send(encodeSyncUpdate(foreign));
    evil.ws.send(encodeSyncUpdate(foreign));
    await waitFor(() => evil.messages.length > before, 5000, "resync request");
    expect([...evil.messages[before]!.slice(0, 2)]).toEqual([0, 0]); // sync step 1
    await othersStillWork();
    expect(evil.messages.slice(before).filter((m) => m[0] === 0 && m[1] === 0)).toHaveLength(1);
    evil.ws.close();
    await server.collab.flush();
    const stored = await storedDoc(server.db, DOC);
    expect(stored.getText("t").toString()).not.toContain("X");
    expect(stored.store.pendingStructs).toBeNull();
  });

  it("an awareness update for a client id the connection does not own", async () => {
    a.provider.awareness.setLocalStateField("cursor", { at: 1 });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 5000, "a's presence");
    const clock = (b.provider.awareness.meta.get(a.doc.clientID)?.clock ?? 0) + 1;
    const spoof = frame((e) => {
      encoding.writeVarUint(e, 1);
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, a.doc.clientID);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, JSON.stringify({ user: { name: "Alice" }, cursor: { at: 99 } }));
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    });
    await hostile([spoof], CLOSE.POLICY);
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { cursor: { at: number }; user: { id: string } };
    expect(seen.cursor).toEqual({ at: 1 });
    expect(seen.user.id).toBe("alice");
  });

  it("more messages than the rate cap allows", async () => {
    const query = new Uint8Array([3]);
    await hostile(
      Array.from({ length: 200 }, () => query),
      CLOSE.POLICY,
    );
  });
});
