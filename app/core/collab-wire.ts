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
//   ACCESS = 101, server → client, at connect and whenever it or its reason changes:
//     [varUint 101][varString "edit" | "read"][varString reason JSON]   (the reason is optional on the wire)
//     lets the editor show read-only mode, and WHY, without a page reload. The reason
//     (ReadOnlyReason below) says whether the text is frozen for sign-off (round, since when),
//     being frozen, adopted, the process archived, or the member's role reads only.
//
//   REFUSED = 103, server → the client whose update it refused, just before closing (1008):
//     [varUint 103][varString problem code][varString name]
//     the update holds a structure the document schema does not allow (app/core/schema/structure.ts);
//     nothing of it was applied or stored.
//
//   ANNOTATIONS = 104, server → a client, the annotation threads this member may read:
//     [varUint 104][varString AnnotationsFrame JSON]   (app/core/annotations/types.ts)
//     "all" at connect (and after a change of rights), then "upsert" / "remove" as threads change.
//     Built per connection from the policy: a thread this member may not read is never sent, nor
//     any sign that it exists. Threads are not in the text's Yjs state.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { AnnotationsFrame } from "./annotations/types.js";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_SAVED = 100;
export const MESSAGE_ACCESS = 101;
export const MESSAGE_CHANGED = 102;
export const MESSAGE_REFUSED = 103;
export const MESSAGE_ANNOTATIONS = 104;

export type Access = "edit" | "read";

/** Why a connection reads only; `round`/`since` for a text frozen for sign-off or adopted. */
export type ReadOnlyReason =
  | { kind: "freezing" }
  | { kind: "lockedForSignOff"; round: number; since: number }
  | { kind: "adopted"; round: number; since: number }
  | { kind: "archived" }
  | { kind: "role"; role: "analyst" | "representative" | "observer" }
  | { kind: "rightsChanged" };

const REASON_KINDS = new Set(["freezing", "lockedForSignOff", "adopted", "archived", "role", "rightsChanged"]);
const READING_ROLES = new Set(["analyst", "representative", "observer"]);

/** A reason as received (any JSON): the valid ones only, anything else is null. */
export function parseReadOnlyReason(value: unknown): ReadOnlyReason | null {
  if (!value || typeof value !== "object") return null;
  const r = value as Record<string, unknown>;
  if (typeof r.kind !== "string" || !REASON_KINDS.has(r.kind)) return null;
  if (r.kind === "lockedForSignOff" || r.kind === "adopted") {
    if (!Number.isSafeInteger(r.round) || !Number.isSafeInteger(r.since)) return null;
    return { kind: r.kind, round: r.round as number, since: r.since as number };
  }
  if (r.kind === "role") return typeof r.role === "string" && READING_ROLES.has(r.role) ? { kind: "role", role: r.role as "analyst" } : null;
  return { kind: r.kind } as ReadOnlyReason;
}

/** Whether a reason is a frozen text (the member could edit it otherwise). */
export function isLockReason(reason: ReadOnlyReason | null | undefined): boolean {
  return !!reason && (reason.kind === "freezing" || reason.kind === "lockedForSignOff" || reason.kind === "adopted");
}

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

export function encodeAccess(access: Access, reason: ReadOnlyReason | null = null): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_ACCESS);
  encoding.writeVarString(encoder, access);
  if (access === "read" && reason) encoding.writeVarString(encoder, JSON.stringify(reason));
  return encoding.toUint8Array(encoder);
}

/** Decodes an ACCESS message after its type was read; null when not understood. */
export function decodeAccess(decoder: decoding.Decoder): { access: Access; reason: ReadOnlyReason | null } | null {
  try {
    const access = decoding.readVarString(decoder);
    if (access !== "edit" && access !== "read") return null;
    let reason: ReadOnlyReason | null = null;
    if (decoding.hasContent(decoder)) {
      try {
        reason = parseReadOnlyReason(JSON.parse(decoding.readVarString(decoder)));
      } catch {
        reason = null; // an unreadable reason: read-only all the same
      }
    }
    return { access, reason: access === "read" ? reason : null };
  } catch {
    return null;
  }
}

export function encodeRefused(code: string, name = ""): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_REFUSED);
  encoding.writeVarString(encoder, code);
  encoding.writeVarString(encoder, name);
  return encoding.toUint8Array(encoder);
}

/** Decodes a REFUSED message after its type was read; null when not understood. */
export function decodeRefused(decoder: decoding.Decoder): { code: string; name: string } | null {
  try {
    return { code: decoding.readVarString(decoder), name: decoding.readVarString(decoder) };
  } catch {
    return null;
  }
}

export function encodeAnnotations(frame: AnnotationsFrame): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_ANNOTATIONS);
  encoding.writeVarString(encoder, JSON.stringify(frame));
  return encoding.toUint8Array(encoder);
}

/** Decodes an ANNOTATIONS message after its type was read; null when not understood. */
export function decodeAnnotations(decoder: decoding.Decoder): AnnotationsFrame | null {
  try {
    const frame = JSON.parse(decoding.readVarString(decoder)) as AnnotationsFrame;
    if (frame?.op === "all" && Array.isArray(frame.threads)) return frame;
    if (frame?.op === "upsert" && frame.thread && typeof frame.thread.id === "string") return frame;
    if (frame?.op === "remove" && typeof frame.id === "string") return frame;
    return null;
  } catch {
    return null;
  }
}
