// Several instances serving the same documents (docs/decisions/038-instances-fan-out.md). Each
// instance keeps its own copy of a loaded document; this link keeps the copies in step through
// the fan-out transport (server/fanout/fanout.ts):
// - a batch of this instance's updates is published only once it is durable (commitSucceeded),
//   with the seqs storage gave it; another instance applies it without storing it again and
//   sends it to its own connections;
// - awareness (presence) is ephemeral: forwarded as it changes, never stored;
// - the transport may lose or delay a message, so a copy that sees a hole in the seqs (a later
//   batch arrived, or its own commit got seqs above one it never heard of), a transport that
//   reconnected, and a slow periodic sweep all read what the copy lacks from storage (seq > its
//   contiguous seq): nothing durable is ever missing for long, and nothing is applied twice
//   (Yjs ignores what a document already has).
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Fanout } from "../fanout/fanout.js";
import { log } from "../http/logging.js";
import { applyRemoteAwareness, type CollabDocument } from "./document.js";
import type { DocumentRegistry } from "./registry.js";

/** How long a hole in the seqs may wait for its message before storage is asked (it is usually in flight). */
export const GAP_WAIT_MS = 150;
/** Every loaded document is checked against storage this often, for a message lost with nothing after it. */
export const DEFAULT_SWEEP_MS = 5_000;

export interface InstanceLinkOptions {
  sweepMs?: number;
}

export function encodeRemoteBatch(documentId: string, first: number, last: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentId);
  encoding.writeVarUint(encoder, first);
  encoding.writeVarUint(encoder, last);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function decodeRemoteBatch(message: Uint8Array): { documentId: string; first: number; last: number; update: Uint8Array } {
  const decoder = decoding.createDecoder(message);
  const documentId = decoding.readVarString(decoder);
  const first = decoding.readVarUint(decoder);
  const last = decoding.readVarUint(decoder);
  const update = decoding.readVarUint8Array(decoder);
  if (!documentId || first < 1 || last < first) throw new Error("malformed batch message");
  return { documentId, first, last, update };
}

function encodeRemoteAwareness(documentId: string, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentId);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export class InstanceLink {
  private readonly gapTimers = new Map<CollabDocument, NodeJS.Timeout>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly sweep: NodeJS.Timeout;
  /** Batch messages received from and published to the other instances (stats, tests). */
  readonly counts = { received: 0, published: 0 };

  constructor(
    private readonly fanout: Fanout,
    private readonly registry: DocumentRegistry,
    options: InstanceLinkOptions = {},
  ) {
    this.unsubscribe.push(
      fanout.subscribe("collab", (message) => this.receiveBatch(message)),
      fanout.subscribe("awareness", (message) => this.receiveAwareness(message)),
      // The transport was down: whatever was published meanwhile is lost; storage has it.
      fanout.onResync(() => this.repairAll()),
    );
    this.sweep = setInterval(() => this.repairAll(), options.sweepMs ?? DEFAULT_SWEEP_MS);
    this.sweep.unref();
  }

  /** Updates of ours are durable (one frame of a batch, merged by broadcast.ts): tell the other instances. */
  durable(doc: CollabDocument, first: number, last: number, update: Uint8Array): void {
    this.fanout.publish("collab", encodeRemoteBatch(doc.id, first, last, update));
    this.counts.published++;
  }

  awareness(doc: CollabDocument, update: Uint8Array): void {
    this.fanout.publish("awareness", encodeRemoteAwareness(doc.id, update));
  }

  /** A hole in a copy's seqs: give its message a moment, then read storage. */
  gap(doc: CollabDocument): void {
    if (this.gapTimers.has(doc)) return;
    const timer = setTimeout(() => {
      this.gapTimers.delete(doc);
      if (doc.hasGap) this.repair(doc);
    }, GAP_WAIT_MS);
    timer.unref();
    this.gapTimers.set(doc, timer);
  }

  private receiveBatch(message: Uint8Array): void {
    let batch: ReturnType<typeof decodeRemoteBatch>;
    try {
      batch = decodeRemoteBatch(message);
    } catch (error) {
      log("warn", "collab fan-out: malformed batch message dropped", { error: (error as Error).message });
      return;
    }
    this.counts.received++;
    this.registry.whenLoaded(batch.documentId, (doc) => {
      try {
        doc.applyRemote(batch.first, batch.last, batch.update);
      } catch (error) {
        // Our own instances wrote it after our own checks: if it does not apply, read storage instead.
        log("error", "collab fan-out: remote batch failed to apply", { document: doc.id, error: (error as Error).message });
        this.repair(doc);
      }
    });
  }

  private receiveAwareness(message: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(message);
      const documentId = decoding.readVarString(decoder);
      const update = decoding.readVarUint8Array(decoder);
      const doc = this.registry.loaded(documentId);
      if (doc) applyRemoteAwareness(doc, update);
    } catch (error) {
      log("warn", "collab fan-out: malformed awareness message dropped", { error: (error as Error).message });
    }
  }

  private repairAll(): void {
    void this.registry.repairBehind();
  }

  private repair(doc: CollabDocument): void {
    void this.registry.repair(doc);
  }

  close(): void {
    clearInterval(this.sweep);
    for (const timer of this.gapTimers.values()) clearTimeout(timer);
    this.gapTimers.clear();
    for (const off of this.unsubscribe) off();
  }
}
