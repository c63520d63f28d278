import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { CLOSE, ProtocolError, decodeClientMessage, decodeSavedBody, encodeSaved, encodeSyncUpdate, MESSAGE_SAVED } from "./protocol.js";

const frame = (...parts: ((e: encoding.Encoder) => void)[]) => {
  const e = encoding.createEncoder();
  for (const p of parts) p(e);
  return encoding.toUint8Array(e);
};
const closeCode = (bytes: Uint8Array) => {
  try {
    decodeClientMessage(bytes);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).code;
  }
};

describe("decodeClientMessage", () => {
  it("splits the y-websocket messages", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "x");
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeClientMessage(encodeSyncUpdate(update))).toEqual({ type: "sync-update", update });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: "query-awareness" });
    expect(
      decodeClientMessage(
        frame(
          (e) => encoding.writeVarUint(e, 0),
          (e) => encoding.writeVarUint(e, 0),
          (e) => encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)),
        ),
      ).type,
    ).toBe("sync-step1");
  });

  it("never throws anything but a ProtocolError with a fitting close code", () => {
    expect(closeCode(new Uint8Array([]))).toBe(CLOSE.PROTOCOL_ERROR);
    expect(closeCode(new Uint8Array([0x80]))).toBe(CLOSE.PROTOCOL_ERROR);
    expect(closeCode(new Uint8Array([0, 2, 9]))).toBe(CLOSE.PROTOCOL_ERROR);
    expect(closeCode(new Uint8Array([0, 7, 0]))).toBe(CLOSE.UNSUPPORTED);
    expect(closeCode(new Uint8Array([77]))).toBe(CLOSE.UNSUPPORTED);
    expect(closeCode(new Uint8Array([3, 0]))).toBe(CLOSE.PROTOCOL_ERROR);
    // Fuzz: random frames either decode or raise a ProtocolError.
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(1 + Math.floor(Math.random() * 12)).map(() => Math.floor(Math.random() * 256));
      bytes[0] = bytes[0]! % 5;
      closeCode(bytes);
    }
  });
});

describe("SAVED message", () => {
  it("round-trips seq and state vector with lib0 decoding", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "abc");
    const decoder = decoding.createDecoder(encodeSaved(42, Y.encodeStateVector(doc), 7));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SAVED);
    const saved = decodeSavedBody(decoder);
    expect(saved.seq).toBe(42);
    expect(saved.acked).toBe(7);
    expect(Y.decodeStateVector(saved.stateVector).get(doc.clientID)).toBe(3);
  });
});
