// The small protocol facts the browser editor relies on, kept apart from React so they can be
// unit-tested. The wire format itself (message types, the SAVED/ACCESS/CHANGED frames) is defined
// once, with the collab server, in app/core/collab-wire.ts: `acked` in SAVED counts this client's
// *content* messages (sync step 2 and update) now durable, cumulative per connection.
import * as decoding from "lib0/decoding";
import { decodeSavedBody, MESSAGE_SYNC } from "../core/collab-wire.js";
import { LOCAL_DOCUMENT_PREFIX, PENDING_CHANGES_PREFIX } from "../core/offline.js";

export { MESSAGE_ACCESS, MESSAGE_AUTH, MESSAGE_CHANGED, MESSAGE_SAVED } from "../core/collab-wire.js";
/** Reads an ACCESS payload (type already consumed); null when not understood. */
export { decodeAccess as decodeAccessMessage } from "../core/collab-wire.js";

/** y-protocols sync sub-types. */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Reads the payload of a "saved" message (the message type is already consumed) and returns the
 * durable count, or null when the payload is not understood (then it is ignored, never trusted).
 */
export function decodeSavedMessage(decoder: decoding.Decoder): number | null {
  try {
    const { acked } = decodeSavedBody(decoder);
    return Number.isSafeInteger(acked) && acked >= 0 ? acked : null;
  } catch {
    return null; // truncated payload
  }
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
    return null; // step 1 (0) only asks; it carries nothing to make durable
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
