// The hot path's batching against a real server, real SQLite and real providers: many updates
// read in one tick are committed together, sent to each peer as merged frames (in chunks), and
// acknowledged with coalesced SAVED messages that still cover every update.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as lib0 from "lib0/decoding";
import { decodeSavedBody, MESSAGE_SAVED } from "../../../server/collab/protocol.js";
import { collabFixture, savedCovers, storedDoc, synced, waitFor, type TestClient } from "../../support/collab.js";

const { client, start } = collabFixture();

/** Remote updates a client applied (one per frame received) and the SAVED acks it got. */
function record(c: TestClient) {
  const seen = { frames: 0, acked: [] as number[] };
  c.doc.on("update", (_u: Uint8Array, origin: unknown) => {
    if (origin === c.provider) seen.frames++;
  });
  const original = c.provider.messageHandlers[MESSAGE_SAVED]!;
  c.provider.messageHandlers[MESSAGE_SAVED] = (encoder, decoder, provider, emitSynced, messageType) => {
    const body = decodeSavedBody(decoding(decoder));
    seen.acked.push(body.acked);
    original(encoder, decoder, provider, emitSynced, messageType);
  };
  return seen;
}

/** A second reader of the same bytes, so the original handler still reads them from the start. */
function decoding(decoder: lib0.Decoder): lib0.Decoder {
  const copy = lib0.createDecoder(decoder.arr);
  copy.pos = decoder.pos;
  return copy;
}

describe("collab batching", () => {
  it("two writers flooding in one tick: every peer ends identical to the stored document", async () => {
    const server = await start();
    const a = client(server.url, "doc-batch", { user: "alice" });
    const b = client(server.url, "doc-batch", { user: "bob" });
    const observer = client(server.url, "doc-batch", { user: "olga" });
    await Promise.all([synced(a), synced(b), synced(observer)]);
    const seen = record(observer);
    // 2 × 300 single-character updates sent back to back: more than one frame's worth (64).
    for (let i = 0; i < 300; i++) {
      a.text.insert(a.text.length, "a");
      b.text.insert(0, "b");
    }
    const done = () => [a, b, observer].every((c) => c.text.length === 600);
    await waitFor(done, 20_000, "everyone has all 600 characters");
    await waitFor(() => a.text.toString() === b.text.toString() && b.text.toString() === observer.text.toString(), 10_000, "converge");
    await server.collab.flush();
    const stored = await storedDoc(server.db, "doc-batch");
    expect(stored.getText("t").toString()).toBe(observer.text.toString());
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(observer.doc));
    // Merged: the observer applied fewer frames than the 600 updates it received.
    expect(seen.frames).toBeLessThan(600);
    expect(seen.frames).toBeGreaterThan(0);
  });

  it("coalesced SAVED still acknowledges every update a writer sent", async () => {
    const server = await start();
    const a = client(server.url, "doc-acks", { user: "alice" });
    await synced(a);
    await waitFor(() => savedCovers(a) || a.saved.length > 0, 5000, "first ack (its sync step 2)");
    const seen = record(a);
    const before = a.saved.at(-1)?.seq ?? 0;
    for (let i = 0; i < 200; i++) a.text.insert(a.text.length, "s");
    await waitFor(() => savedCovers(a) && a.saved.at(-1)!.stateVector.get(a.doc.clientID) === 200, 10_000, "saved covers all 200");
    // Content messages are numbered from the connection's first (its sync step 2): the last ack
    // names the 200th update after it, and it came in fewer SAVED frames than updates.
    expect(seen.acked.at(-1)).toBe(201);
    expect(seen.acked.length).toBeLessThan(200);
    // Acks only grow, and each names state that is durable: the seq reached the 200 rows.
    expect([...seen.acked].sort((x, y) => x - y)).toEqual(seen.acked);
    expect(a.saved.at(-1)!.seq - before).toBe(200);
  });

  it("serves the stored snapshot as a new client's sync step 2, and the new state once it changed", async () => {
    const first = await start();
    const a = client(first.url, "doc-cached", { user: "alice" });
    await synced(a);
    a.text.insert(0, "Interim administration of Ber. ");
    await waitFor(() => savedCovers(a), 5000, "saved");
    const dbPath = first.dbPath;
    a.destroy();
    // Shutdown compacts: the document is now one stored snapshot.
    await first.close();
    const second = await start({ dbPath });
    const b = client(second.url, "doc-cached", { user: "bob" });
    await synced(b);
    expect(b.text.toString()).toBe("Interim administration of Ber. ");
    b.text.insert(b.text.length, "Free movement of goods.");
    await waitFor(() => savedCovers(b), 5000, "saved");
    // The cached encoding was dropped at the change: a newcomer gets the text with it.
    const c = client(second.url, "doc-cached", { user: "carol" });
    await synced(c);
    expect(c.text.toString()).toBe("Interim administration of Ber. Free movement of goods.");
    await second.collab.flush();
    const stored = await storedDoc(second.db, "doc-cached");
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(c.doc));
  });
});
