import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { carriesChanges, validateUpdate } from "./updates.js";
import { CLOSE, type ProtocolError } from "./protocol.js";

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return doc;
}
const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as ProtocolError).code;
  }
};

describe("validateUpdate", () => {
  it("accepts an update built on state the document has", () => {
    const server = docWith("hello");
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const sv = Y.encodeStateVector(client);
    client.getText("t").insert(2, "XY");
    client.getText("t").delete(0, 1);
    const update = Y.encodeStateAsUpdate(client, sv);
    expect(carriesChanges(server, validateUpdate(server, update))).toBe(true);
  });

  it("refuses an update depending on items the document lacks (e.g. another document's)", () => {
    const server = docWith("hello");
    const other = docWith("secret");
    const sv = Y.encodeStateVector(other);
    other.getText("t").insert(3, "!");
    expect(code(() => validateUpdate(server, Y.encodeStateAsUpdate(other, sv)))).toBe(CLOSE.POLICY);
    // A deletion of items we do not have, too.
    const deleter = docWith("abc");
    const svd = Y.encodeStateVector(deleter);
    deleter.getText("t").delete(0, 1);
    expect(code(() => validateUpdate(server, Y.encodeStateAsUpdate(deleter, svd)))).toBe(CLOSE.POLICY);
  });

  it("refuses undecodable bytes", () => {
    expect(code(() => validateUpdate(new Y.Doc(), new Uint8Array([5, 5, 5, 5])))).toBe(CLOSE.PROTOCOL_ERROR);
  });
});

describe("carriesChanges", () => {
  it("is false for a reader's step 2 that only repeats what the document has, deletions included", () => {
    const server = docWith("hello world");
    server.getText("t").delete(0, 6);
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(server));
    const step2 = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server));
    expect(carriesChanges(server, validateUpdate(server, step2))).toBe(false);
    expect(carriesChanges(server, validateUpdate(server, new Uint8Array([0, 0])))).toBe(false);
  });

  it("is true for a deletion the document has not seen", () => {
    const server = docWith("hello world");
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(server));
    reader.getText("t").delete(0, 1);
    const step2 = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server));
    expect(carriesChanges(server, validateUpdate(server, step2))).toBe(true);
  });
});
