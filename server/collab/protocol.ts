// Wire format of the collab socket: the y-websocket protocol (y-protocols) plus two message types
// of our own. Everything is lib0 encoding; one message per WebSocket frame.
//
//   [varUint 0 sync][varUint 0 step1 | 1 step2 | 2 update][varUint8Array payload]
//   [varUint 1 awareness][varUint8Array awareness update]
//   [varUint 2 auth][varUint 0 permission denied][varString reason]        (server → client only)
//   [varUint 3 query awareness]
//
// Our own message types (SAVED, ACCESS, CHANGED, REFUSED) are documented and encoded in
// app/core/collab-wire.ts, shared with the browser editor.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from "../../app/core/collab-wire.js";

export {
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_CHANGED,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  decodeSavedBody,
  encodeAccess,
  encodeChanged,
  encodeRefused,
  encodeSaved,
  MESSAGE_REFUSED,
  type Access,
  type ReadOnlyReason,
} from "../../app/core/collab-wire.js";

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/**
 * WebSocket close codes used by the collab server. 4400–4499 tell y-websocket 3.x NOT to
 * reconnect (a decision reconnecting cannot fix); everything else makes it retry with backoff.
 */
export const CLOSE = {
  /** Server shutting down or document unloaded: reconnect later. */
  GOING_AWAY: 1001,
  /** Malformed frame (bad varints, truncated payload, trailing bytes, undecodable update). */
  PROTOCOL_ERROR: 1002,
  /** Unknown message type. */
  UNSUPPORTED: 1003,
  /** Policy: rate cap exceeded, awareness for a client id the socket does not own, update that
   *  depends on state this document does not have (e.g. a frame meant for another document),
   *  update whose structure the document schema does not allow (REFUSED sent first). */
  POLICY: 1008,
  /** Frame larger than the configured maximum. */
  TOO_BIG: 1009,
  /** Storage failed; the document is dropped from memory and reloaded from disk on reconnect. */
  INTERNAL: 1011,
  /** The session behind the connection ended (sign-out everywhere, password change, expiry). */
  UNAUTHORIZED: 4401,
  /** A read-only connection that keeps writing, or access revoked by revalidate: do not reconnect. */
  FORBIDDEN: 4403,
} as const;

/** Thrown by decoders/validators; the connection turns it into a close with this code. */
export class ProtocolError extends Error {
  constructor(
    public readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The update refers to items this document does not have. From an editing client this happens
 * legitimately when it types during the reconnect handshake after offline edits (the new edit
 * depends on offline ones its sync step 2 has not delivered yet); from anyone else it is a frame
 * made for another document.
 */
export class MissingDependencyError extends ProtocolError {
  constructor(message: string) {
    super(CLOSE.POLICY, message);
  }
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_UPDATE);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The types the server accepts from a client, already split out of the frame. */
export type ClientMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-step2" | "sync-update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" }
  | { type: "auth" };

/**
 * Splits one frame into a message. Never lets a lib0 exception escape: everything malformed
 * becomes a ProtocolError with the close code that fits. Trailing bytes are refused too, so a
 * frame cannot smuggle a second message past the checks.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  let messageType: number;
  try {
    messageType = decoding.readVarUint(decoder);
  } catch {
    throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "unreadable message type");
  }
  try {
    switch (messageType) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SYNC_STEP1) message = { type: "sync-step1", stateVector: payload };
        else if (syncType === SYNC_STEP2) message = { type: "sync-step2", update: payload };
        else if (syncType === SYNC_UPDATE) message = { type: "sync-update", update: payload };
        else throw new ProtocolError(CLOSE.UNSUPPORTED, `unknown sync message type ${syncType}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { type: "awareness", update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { type: "query-awareness" };
        break;
      case MESSAGE_AUTH:
        // Only the server sends auth messages; a client's one is read and ignored.
        decoding.readVarUint(decoder);
        decoding.readVarString(decoder);
        message = { type: "auth" };
        break;
      default:
        throw new ProtocolError(CLOSE.UNSUPPORTED, `unknown message type ${messageType}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(CLOSE.PROTOCOL_ERROR, `truncated or malformed message of type ${messageType}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "trailing bytes after message");
  return message;
}
