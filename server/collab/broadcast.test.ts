// The merged frames of one commit batch (broadcast.ts): whoever receives them ends with exactly the
// document the server has, whether it wrote nothing, a little or a lot of the batch.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { batchFrames, ECHO_LIMIT_BYTES, type OriginUpdate } from "./broadcast.js";
import { MESSAGE_SYNC, SYNC_UPDATE } from "./protocol.js";

/** A client document that records its own updates as a connection would send them. */
function writer(server: Y.Doc) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array, origin: unknown) => {
    if (origin !== "remote") updates.push(u);
  });
  return { doc, updates, text: doc.getText("t") };
}

function updateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
  expect(decoding.readVarUint(decoder)).toBe(SYNC_UPDATE);
  return decoding.readVarUint8Array(decoder);
}

const content = (doc: Y.Doc) => doc.getText("t").toString();
const stateOf = (doc: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort();

describe("batchFrames", () => {
  it("gives every peer one frame with which it ends identical to the server", () => {
    const server = new Y.Doc();
    server.getText("t").insert(0, "Roadmap: ");
    const a = writer(server);
    const b = writer(server);
    const observer = writer(server);
    for (let i = 0; i < 30; i++) {
      a.text.insert(a.text.length, "a");
      b.text.insert(0, "b");
    }
    // The batch, in the order the server applied it (interleaved writers).
    const deltas: OriginUpdate<string>[] = [];
    for (let i = 0; i < 30; i++) {
      deltas.push({ update: a.updates[i]!, origin: "a" }, { update: b.updates[i]!, origin: "b" });
    }
    for (const d of deltas) Y.applyUpdate(server, d.update);
    const frameFor = batchFrames(deltas);
    for (const [peer, client] of [
      ["a", a],
      ["b", b],
      ["observer", observer],
    ] as const) {
      const frame = frameFor(peer);
      expect(frame).not.toBeNull();
      Y.applyUpdate(client.doc, updateOf(frame!), "remote");
      expect(content(client.doc)).toBe(content(server));
      expect(stateOf(client.doc)).toEqual(stateOf(server));
    }
    // Writers with a small share and the observer share one frame (merged once).
    expect(frameFor("a")).toBe(frameFor("observer"));
  });

  it("sends a writer alone in its batch nothing, and everyone else its updates", () => {
    const server = new Y.Doc();
    const a = writer(server);
    const observer = writer(server);
    for (let i = 0; i < 5; i++) a.text.insert(i, "x");
    const deltas = a.updates.map((update) => ({ update, origin: "a" }));
    const frameFor = batchFrames(deltas);
    expect(frameFor("a")).toBeNull();
    Y.applyUpdate(observer.doc, updateOf(frameFor("observer")!));
    expect(content(observer.doc)).toBe("xxxxx");
  });

  it("leaves a writer's own large edit out of its frame (a paste is not sent back)", () => {
    const server = new Y.Doc();
    const a = writer(server);
    const b = writer(server);
    a.text.insert(0, "p".repeat(ECHO_LIMIT_BYTES * 2));
    b.text.insert(0, "small");
    const deltas = [
      { update: a.updates[0]!, origin: "a" },
      { update: b.updates[0]!, origin: "b" },
    ];
    for (const d of deltas) Y.applyUpdate(server, d.update);
    const frameFor = batchFrames(deltas);
    const forA = updateOf(frameFor("a")!);
    expect(forA.byteLength).toBeLessThan(ECHO_LIMIT_BYTES);
    Y.applyUpdate(a.doc, forA, "remote");
    expect(content(a.doc)).toBe(content(server));
    // b wrote a little: it gets the shared frame, its own edit inside is a no-op for it.
    Y.applyUpdate(b.doc, updateOf(frameFor("b")!), "remote");
    expect(content(b.doc)).toBe(content(server));
  });

  it("carries deletions and a server-made change (no origin) to everyone", () => {
    const server = new Y.Doc();
    server.getText("t").insert(0, "cessation of hostilities");
    const a = writer(server);
    const restore = writer(server);
    a.text.delete(0, 10);
    restore.text.insert(0, "Agenda: ");
    const deltas: OriginUpdate<string>[] = [
      { update: a.updates[0]!, origin: "a" },
      { update: restore.updates[0]!, origin: null },
    ];
    for (const d of deltas) Y.applyUpdate(server, d.update);
    const frameFor = batchFrames(deltas);
    Y.applyUpdate(a.doc, updateOf(frameFor("a")!), "remote");
    expect(content(a.doc)).toBe(content(server));
    expect(content(server)).toBe("Agenda: of hostilities");
  });
});
