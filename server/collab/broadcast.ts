// Fan-out of one durable commit batch. Sending is most of what the server costs (one socket write
// per frame per peer: a profile of 4 writers + 1 observer showed ws sends at ~40 % of the server's
// CPU), so each peer gets ONE frame per batch: the batch's updates merged once (Y.mergeUpdates).
// Merging is not free either (several µs per update, and it grows with the number of inputs), so
// the batch is merged ONCE and the same frame goes to every peer, writers included: a writer's own
// edits come back to it inside the frame and are skipped by its Yjs (it has them already). Only a
// writer whose own share is large (a paste) gets a separate merge without it, so no slow link pays
// for its own big edit twice; a batch with a single writer never reaches that writer at all.
import * as Y from "yjs";
import { encodeSyncUpdate } from "./protocol.js";

export interface BroadcastPeer {
  send(frame: Uint8Array): void;
}

export interface OriginUpdate<P> {
  update: Uint8Array;
  /** The connection it came from (it is not sent back there), or null for a server-made change. */
  origin: P | null;
}

/** Own bytes in a batch above which a writer gets a frame without its own updates. */
export const ECHO_LIMIT_BYTES = 1024;

function merged(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

/**
 * The frame each peer should receive for `deltas` (in the order they were applied), or null when
 * it needs none (it sent every update of the batch). Frames are built lazily, at most once each.
 */
export function batchFrames<P>(
  deltas: readonly OriginUpdate<P>[],
  mergedAll: () => Uint8Array = () => merged(deltas.map((d) => d.update)),
): (peer: P) => Uint8Array | null {
  const ownBytes = new Map<P | null, number>();
  for (const delta of deltas) ownBytes.set(delta.origin, (ownBytes.get(delta.origin) ?? 0) + delta.update.byteLength);
  let all: Uint8Array | null = null;
  const exceptOwn = new Map<P, Uint8Array | null>();
  return (peer) => {
    const own = ownBytes.get(peer);
    // A peer that wrote nothing in the batch, or a little in a batch others wrote in too.
    if (own === undefined || (ownBytes.size > 1 && own <= ECHO_LIMIT_BYTES)) {
      all ??= encodeSyncUpdate(mergedAll());
      return all;
    }
    let frame = exceptOwn.get(peer);
    if (frame === undefined) {
      const others: Uint8Array[] = [];
      for (const delta of deltas) if (delta.origin !== peer) others.push(delta.update);
      frame = others.length ? encodeSyncUpdate(merged(others)) : null;
      exceptOwn.set(peer, frame);
    }
    return frame;
  };
}

/**
 * Updates merged into one frame at most. Y.mergeUpdates re-sorts its inputs for every struct it
 * writes, so its cost per update grows with the number of inputs: a tick that read hundreds of
 * updates (a writer flooding, a reconnect storm) is sent as a few frames of this many, in order.
 */
export const MAX_UPDATES_PER_FRAME = 64;

/**
 * Sends every peer its frame(s) for the batch (see batchFrames), in the order they were applied.
 * `eachChunk`, when given, receives each frame's updates merged (the same merge the frames use,
 * done once) with the index of its first update: what other instances are told (instances.ts).
 */
export function broadcastBatch<P extends BroadcastPeer>(
  deltas: readonly OriginUpdate<P>[],
  peers: Iterable<P>,
  eachChunk?: (start: number, count: number, update: Uint8Array) => void,
): void {
  const list = [...peers];
  for (let start = 0; start < deltas.length; start += MAX_UPDATES_PER_FRAME) {
    const chunk = deltas.slice(start, start + MAX_UPDATES_PER_FRAME);
    let mergedChunk: Uint8Array | null = null;
    const mergedAll = () => (mergedChunk ??= merged(chunk.map((d) => d.update)));
    const frameFor = batchFrames(chunk, mergedAll);
    for (const peer of list) {
      const frame = frameFor(peer);
      if (frame) peer.send(frame);
    }
    eachChunk?.(start, chunk.length, mergedAll());
  }
}
