// The editor's side of the wire (app/editor/collab-protocol.ts) read against this server's encoder:
// both ends must agree on every frame. Lives here because app/ never imports server/.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  classifyOutgoing,
  decodeSavedMessage,
  defaultCollabUrl,
  localDatabaseName,
  MESSAGE_ACCESS,
  MESSAGE_CHANGED,
  MESSAGE_SAVED,
  pendingStorageKey,
} from "../../app/editor/collab-protocol.js";
import {
  encodeSaved,
  MESSAGE_ACCESS as SERVER_MESSAGE_ACCESS,
  MESSAGE_CHANGED as SERVER_MESSAGE_CHANGED,
  MESSAGE_SAVED as SERVER_MESSAGE_SAVED,
  MESSAGE_SYNC,
} from "./protocol.js";

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe("collab protocol", () => {
  it("decodes the collab server's own SAVED message (the two sides agree on the format)", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "abc");
    expect(SERVER_MESSAGE_SAVED).toBe(MESSAGE_SAVED);
    expect(SERVER_MESSAGE_ACCESS).toBe(MESSAGE_ACCESS);
    expect(SERVER_MESSAGE_CHANGED).toBe(MESSAGE_CHANGED);
    const decoder = decoding.createDecoder(encodeSaved(17, Y.encodeStateVector(doc), 5));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SAVED);
    expect(decodeSavedMessage(decoder)).toBe(5);
  });

  it("ignores a truncated saved message", () => {
    const decoder = decoding.createDecoder(new Uint8Array([MESSAGE_SAVED]));
    decoding.readVarUint(decoder);
    expect(decodeSavedMessage(decoder)).toBeNull();
  });

  it("classifies outgoing frames: step 2 and updates carry content, step 1 and awareness do not", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "x");
    const step1 = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(e, doc);
    });
    const step2 = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(e, doc);
    });
    const update = frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
    });
    const awareness = frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, new Uint8Array([0]));
    });
    expect(classifyOutgoing(step1)).toBeNull();
    expect(classifyOutgoing(step2)).toBe("syncStep2");
    expect(classifyOutgoing(update)).toBe("update");
    expect(classifyOutgoing(update.buffer)).toBe("update");
    expect(classifyOutgoing(new DataView(update.buffer))).toBe("update");
    expect(classifyOutgoing(awareness)).toBeNull();
    expect(classifyOutgoing(new Uint8Array([]))).toBeNull();
    expect(classifyOutgoing("text")).toBeNull();
  });

  it("derives the collab URL, database name and storage key", () => {
    expect(defaultCollabUrl({ protocol: "https:", host: "example.org" })).toBe("wss://example.org/collab");
    expect(defaultCollabUrl({ protocol: "http:", host: "127.0.0.1:3000" })).toBe("ws://127.0.0.1:3000/collab");
    expect(localDatabaseName("d1")).toBe("mediation-doc-d1");
    expect(pendingStorageKey("d1")).toBe("mediation-pending-d1");
  });
});
