// Checks on a Yjs update BEFORE it touches the served document. They exist because an update that
// is applied is also persisted, and a persisted update that can never integrate (it depends on
// items this document does not have, e.g. a frame produced for another document) would sit in the
// log forever as "pending" state. Read-only connections need the second check: their sync step 2
// is legitimate when it carries nothing new, and must be refused when it carries anything.
import * as Y from "yjs";
import { CLOSE, MissingDependencyError, ProtocolError } from "./protocol.js";

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

function decode(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "undecodable Yjs update");
  }
}

/** The clock each client reaches once this update is applied on top of `doc` (ignoring gaps). */
function reachableClocks(doc: Y.Doc, decoded: DecodedUpdate): Map<number, number> {
  const known = new Map<number, number>();
  const stateOf = (client: number) => known.get(client) ?? Y.getState(doc.store, client);
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const have = stateOf(client);
    // A gap in a client's own clock sequence means an earlier part of its history is missing.
    if (clock > have) {
      throw new MissingDependencyError("update depends on state this document does not have");
    }
    known.set(client, Math.max(have, clock + struct.length));
  }
  return known;
}

/**
 * Throws a ProtocolError when the update cannot be decoded or refers to items (origins, parents,
 * deletions) that neither the document nor the update itself contains. Returns whether it adds
 * any item to the document (false for an empty or already-known update: deletions aside).
 */
export function validateUpdate(doc: Y.Doc, update: Uint8Array): DecodedUpdate {
  return check(doc, update).decoded;
}

/**
 * A stored row read at a cold load, checked like a client's update against an empty document
 * (decodable, every origin, parent and deletion inside it: what integrating it would prove), and
 * its state vector (Y.encodeStateVector's encoding), computed from the same decoding. Throws a
 * ProtocolError for a damaged row.
 */
export function validateStoredUpdate(update: Uint8Array): Uint8Array {
  return Y.encodeStateVector(check(new Y.Doc(), update).known);
}

function check(doc: Y.Doc, update: Uint8Array): { decoded: DecodedUpdate; known: Map<number, number> } {
  const decoded = decode(update);
  const known = reachableClocks(doc, decoded);
  const exists = (id: { client: number; clock: number } | null) => id === null || id.clock < (known.get(id.client) ?? Y.getState(doc.store, id.client));
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    const parentId = parent instanceof Y.ID ? parent : null;
    if (!exists(struct.origin) || !exists(struct.rightOrigin) || !exists(parentId)) {
      throw new MissingDependencyError("update depends on state this document does not have");
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const reach = known.get(client) ?? Y.getState(doc.store, client);
    for (const range of ranges) {
      if (range.clock + range.len > reach) {
        throw new MissingDependencyError("update deletes items this document does not have");
      }
    }
  }
  return { decoded, known };
}

/** True when applying the (already validated) update would change the document. */
export function carriesChanges(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  if (decoded.ds.clients.size === 0) return false;
  // Deletions: new unless every deleted range is already deleted here. Building the document's
  // delete set walks the store, so it only happens when the update carries deletions at all.
  const current = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of decoded.ds.clients) {
    const have = current.clients.get(client) ?? [];
    for (const range of ranges) {
      if (!covered(have, range.clock, range.clock + range.len)) return true;
    }
  }
  return false;
}

/** Whether [start, end) lies inside the union of sorted, merged delete ranges. */
function covered(ranges: { clock: number; len: number }[], start: number, end: number): boolean {
  let position = start;
  for (const range of ranges) {
    if (range.clock > position) break;
    position = Math.max(position, range.clock + range.len);
    if (position >= end) return true;
  }
  return position >= end;
}
