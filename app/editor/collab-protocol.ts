// The small protocol facts the browser editor relies on, kept apart from React so they can be
// unit-tested and shared with the collab server.
//
// The server's "saved" message (server/collab/protocol.ts documents the wire format):
//   [varUint 100][varUint seq][varUint8Array stateVector][varUint acked]
// where `acked` is the number of *content* messages this client sent on this connection — every
// y-protocols sync step 2 and update message, counting one that turned out to change nothing —
// that the server has committed to storage. It is cumulative (never decreases) per connection.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { LOCAL_DOCUMENT_PREFIX, PENDING_CHANGES_PREFIX } from "../core/offline.js";

/** y-websocket top-level message types we care about. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AUTH = 2;
/** Our own message type: "your updates up to N are durable". */
export const MESSAGE_SAVED = 100;
/** Our own message type: the access this connection has now, "edit" or "read" (sent at connect and on change). */
export const MESSAGE_ACCESS = 101;

/** Our own message type: something around the text changed (status, sign-off); reload page data. */
export const MESSAGE_CHANGED = 102;

/** Reads an ACCESS payload (type already consumed); null when not understood. */
export function decodeAccessMessage(decoder: decoding.Decoder): "edit" | "read" | null {
  try {
    const access = decoding.readVarString(decoder);
    return access === "edit" || access === "read" ? access : null;
  } catch {
    return null;
  }
}

/** y-protocols sync sub-types. */
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Reads the payload of a "saved" message (the message type is already consumed) and returns the
 * durable count, or null when the payload is not understood (then it is ignored, never trusted).
 */
export type SavedMessageDecoder = (decoder: decoding.Decoder) => number | null;

export const decodeSavedMessage: SavedMessageDecoder = (decoder) => {
  try {
    decoding.readVarUint(decoder); // the document's durable seq
    decoding.readVarUint8Array(decoder); // the server's durable state vector
    const count = decoding.readVarUint(decoder);
    return Number.isSafeInteger(count) && count >= 0 ? count : null;
  } catch {
    return null; // truncated payload
  }
};

/** The matching encoder (used by tests and usable by the server). */
export function encodeSavedMessage(durableCount: number, seq = 0, stateVector: Uint8Array = new Uint8Array([0])): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint(encoder, seq);
  encoding.writeVarUint8Array(encoder, stateVector);
  encoding.writeVarUint(encoder, durableCount);
  return encoding.toUint8Array(encoder);
}

export type ContentMessage = "syncStep2" | "update";

/**
 * Classifies a frame the client is about to send: a sync step 2 or an update carries document
 * content the server must make durable (and count); everything else (step 1, awareness) does not.
 */
export function classifyOutgoing(data: unknown): ContentMessage | null {
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  else return null;
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
    const sub = decoding.readVarUint(decoder);
    if (sub === SYNC_STEP_2) return "syncStep2";
    if (sub === SYNC_UPDATE) return "update";
    if (sub === SYNC_STEP_1) return null;
    return null;
  } catch {
    return null;
  }
}

/** `ws(s)://host/collab` for the page's own origin (the collab endpoint lives on the app's port). */
export function defaultCollabUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/collab`;
}

/** IndexedDB database name holding a document's local copy. */
export function localDatabaseName(documentId: string): string {
  return `${LOCAL_DOCUMENT_PREFIX}${documentId}`;
}

/** localStorage key remembering how many local changes were not yet durable (survives reload). */
export function pendingStorageKey(documentId: string): string {
  return `${PENDING_CHANGES_PREFIX}${documentId}`;
}
