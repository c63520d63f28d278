// The collab socket's message types and the frames of our own, shared by the collab server
// (server/collab/protocol.ts) and the browser editor (app/editor/collab-protocol.ts): one
// definition of the wire, so the two ends cannot drift apart. Pure lib0, no Node, no DOM.
//
// Our own message types, after the y-websocket ones (sync 0, awareness 1, auth 2, query 3):
//
//   SAVED = 100, server → a client, once the content messages it sent are durable:
//     [varUint 100][varUint seq][varUint8Array stateVector][varUint acked]
//     seq          the document's durable update counter (per document, strictly increasing);
//     stateVector  Y.encodeStateVector of the server's document, which holds ONLY durable state
//                  (an update is applied to the served document and committed in the same tick,
//                  and nothing is sent to anyone before the commit);
//     acked        how many content messages (sync step 2 and update, counted from 1 on this
//                  connection, including ones that changed nothing) are now durable. Cumulative.
//                  An update the server dropped to ask for a resync is never acked by itself; the
//                  step 2 that follows carries its changes and acks it by counting past it.
//     The browser is *Saved* when `acked` reaches the number of content messages it sent on this
//     connection (app/editor/connection-status.ts). Edits of other clients need no check: the
//     server sends them only once they are durable.
//
//   CHANGED = 102, server → every client of a document, when something around its text changed
//     (status, sign-off round, a decision): [varUint 102]. The page reloads its data; no payload,
//     so nothing confidential travels on the socket.
//
//   ACCESS = 101, server → client, at connect and whenever it changes (revalidate):
//     [varUint 101][varString "edit" | "read"]
//     lets the editor show read-only mode without a page reload.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_SAVED = 100;
export const MESSAGE_ACCESS = 101;
export const MESSAGE_CHANGED = 102;

export type Access = "edit" | "read";

export function encodeSaved(seq: number, stateVector: Uint8Array, acked: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint(encoder, seq);
  encoding.writeVarUint8Array(encoder, stateVector);
  encoding.writeVarUint(encoder, acked);
  return encoding.toUint8Array(encoder);
}

/** Decodes a SAVED message after its type was read. Throws on a truncated payload. */
export function decodeSavedBody(decoder: decoding.Decoder): { seq: number; stateVector: Uint8Array; acked: number } {
  const seq = decoding.readVarUint(decoder);
  const stateVector = decoding.readVarUint8Array(decoder);
  const acked = decoding.readVarUint(decoder);
  return { seq, stateVector, acked };
}

export function encodeChanged(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CHANGED);
  return encoding.toUint8Array(encoder);
}

export function encodeAccess(access: Access): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_ACCESS);
  encoding.writeVarString(encoder, access);
  return encoding.toUint8Array(encoder);
}

/** Decodes an ACCESS message after its type was read; null when not understood. */
export function decodeAccess(decoder: decoding.Decoder): Access | null {
  try {
    const access = decoding.readVarString(decoder);
    return access === "edit" || access === "read" ? access : null;
  } catch {
    return null;
  }
}
