// One loaded document: its Y.Doc (holding only state that is committed or being committed in
// this tick), its awareness, its connections and the updates waiting for the group commit.
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as decoding from "lib0/decoding";
import { log } from "../http/logging.js";
import type { StoredState, UpdateRow } from "../../app/storage/collab-store.server.js";
import { broadcastBatch } from "./broadcast.js";
import { CLOSE, encodeAwarenessMessage, encodeSyncUpdate } from "./protocol.js";
import type { DocumentStructure, UpdateGuard } from "./structure.js";

/** What a document needs from a connection (connection.ts implements it). */
export interface DocumentPeer {
  readonly id: number;
  readonly userId: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: DocumentPeer | null;
}

/** Updates handed to storage in one transaction, with what to do once they are durable. */
export interface CommitBatch {
  rows: UpdateRow[];
  deltas: PendingUpdate[];
  callbacks: (() => void)[];
}

export interface DocumentHooks {
  /** Asks the group committer to flush this document in the current tick. */
  scheduleCommit(doc: CollabDocument): void;
  /** Called after a successful commit (compaction policy lives in the registry). */
  committed(doc: CollabDocument): void;
  /** Storage failed: the registry drops the document from memory. */
  failed(doc: CollabDocument): void;
  /**
   * Updates of this instance stored under seqs first…last, merged into `update`, are durable:
   * other instances may now be told (instances.ts). Called once per frame of a batch; never for
   * updates that came from another instance or from storage.
   */
  durable?(doc: CollabDocument, first: number, last: number, update: Uint8Array): void;
  /** This copy lacks stored updates below some it has (a missed or late message): read them from storage. */
  gap?(doc: CollabDocument): void;
  /** Awareness changed by this instance's own connections (not by another instance): tell the others. */
  awareness?(doc: CollabDocument, update: Uint8Array): void;
}

export class CollabDocument {
  /** The document's Yjs state; reached through `ydoc`, which first integrates stored bytes not yet in it. */
  private readonly yjs = new Y.Doc();
  /**
   * Stored state adopted without integrating it (a cold load of one stored row, see adoptStored):
   * while set, `yjs` is empty and nothing has been applied since the load, so these bytes are
   * exactly the durable state. Integrated on the first access to `ydoc` (a write, a check,
   * compaction); a client that only reads is served from the bytes and never pays for it.
   */
  private unbuilt: Uint8Array | null = null;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocumentPeer>();
  /** Awareness client id → the connection allowed to set its state. */
  readonly awarenessOwners = new Map<number, DocumentPeer>();
  /** Ids whose socket closed recently: other clients' echoes must not claim them as ghosts. */
  readonly releasedAwareness = new Map<number, { userId: string; at: number }>();
  private pending: PendingUpdate[] = [];
  private pendingWaiters = new Set<DocumentPeer>();
  private pendingCallbacks: (() => void)[] = [];
  private inFlight: CommitBatch | null = null;
  destroyed = false;
  /** Checks updates against the document schema (null: any structure is accepted). */
  guard: UpdateGuard | null = null;

  /**
   * Makes the schema's guard for this document without building it: the guard reads the Y.Doc only
   * to check an update, and every check follows an access to `ydoc` (validation), which builds it.
   */
  attachStructure(structure: DocumentStructure): void {
    this.guard = structure.guard(this.yjs);
  }

  /**
   * Awareness client ids whose state came from another instance, with the user that instance
   * authenticated: a local socket echoing such a state must not take the id over (connection.ts).
   */
  readonly remoteAwareness = new Map<number, string>();
  /**
   * Ranges of durable seqs integrated here above `seq`, when the ones between are not yet: another
   * instance's commit whose message has not arrived (or was lost) sits below our own. Sorted.
   */
  private ahead: [number, number][] = [];

  constructor(
    readonly id: string,
    /**
     * Every stored update up to this seq is integrated here (what a compaction may fold, what a
     * repair reads after). With several instances, stored seqs above it may be too (`ahead`).
     */
    public seq: number,
    /** Highest seq folded into the stored snapshot. */
    public snapshotSeq: number,
    private readonly hooks: DocumentHooks,
  ) {
    this.awareness = new awarenessProtocol.Awareness(this.yjs);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    // Every applied update (only ever from applyFrom, with its connection as origin) is queued for
    // the commit; nothing is broadcast here.
    this.yjs.on("update", (update: Uint8Array, origin: unknown) => {
      this.encodedStateVector = null;
      this.encodedState = null;
      if (origin === LOAD_ORIGIN || origin === REMOTE_ORIGIN) return;
      this.pending.push({ update, origin: (origin as DocumentPeer | null) ?? null });
    });
    // Awareness is ephemeral: forwarded at once, never stored.
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = added.concat(updated, removed);
      if (!changed.length) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      const frame = encodeAwarenessMessage(update);
      for (const peer of this.peers) peer.send(frame);
      if (origin === REMOTE_ORIGIN) {
        for (const id of removed) this.remoteAwareness.delete(id);
      } else {
        for (const id of changed) this.remoteAwareness.delete(id);
        this.hooks.awareness?.(this, update);
      }
    });
  }

  /** Y.encodeStateVector of the document, cached until it changes (SAVED and step 1 send it). */
  private encodedStateVector: Uint8Array | null = null;
  /** The whole state as one update (sync step 2 for a client that has nothing), cached until it changes. */
  private encodedState: Uint8Array | null = null;

  stateVector(): Uint8Array {
    if (this.unbuilt) this.encodedStateVector ??= Y.encodeStateVectorFromUpdate(this.unbuilt);
    else this.encodedStateVector ??= Y.encodeStateVector(this.yjs);
    return this.encodedStateVector;
  }

  /**
   * What a client with `stateVector` lacks. A client that has nothing (every new page) gets the
   * cached encoding of the whole document: encoding a large text costs more than sending it.
   * Before the stored bytes are integrated, the answer comes from those bytes (Y.diffUpdate for a
   * client that has some of it): the same state, without building the document for a reader.
   */
  stateAsUpdate(stateVector: Uint8Array): Uint8Array {
    if (this.unbuilt) return isEmptyStateVector(stateVector) ? this.unbuilt : Y.diffUpdate(this.unbuilt, stateVector);
    if (!isEmptyStateVector(stateVector)) return Y.encodeStateAsUpdate(this.yjs, stateVector);
    this.encodedState ??= Y.encodeStateAsUpdate(this.yjs);
    return this.encodedState;
  }

  /**
   * A cold load of one stored row (a snapshot, or a template's seed), already validated
   * (validateStoredUpdate: decodable, nothing missing) with its state vector: the document serves
   * sync step 1, step 2 and SAVED from these bytes and integrates them only when something needs
   * the Y.Doc. Integrating a large text is most of what a cold load cost (about 30 ms for a
   * 300 KB snapshot, ADR 033).
   */
  adoptStored(update: Uint8Array, stateVector: Uint8Array): void {
    this.unbuilt = update;
    this.encodedState = update;
    this.encodedStateVector = stateVector;
  }

  /** Whether the Y.Doc holds the state (false while served from stored bytes only). */
  get built(): boolean {
    return this.unbuilt === null;
  }

  /**
   * The document's Y.Doc, with the stored state integrated first if it was not yet. Synchronous,
   * so no update can slip in between: whatever arrives next is applied on top of the whole state.
   */
  get ydoc(): Y.Doc {
    if (this.unbuilt) this.build(this.unbuilt);
    return this.yjs;
  }

  private build(stored: Uint8Array): void {
    this.unbuilt = null;
    const stateVector = this.encodedStateVector;
    try {
      Y.applyUpdate(this.yjs, stored, LOAD_ORIGIN);
      // Validated at load, so this cannot happen short of a Yjs bug: fail closed as on a storage failure.
      if (this.yjs.store.pendingStructs || this.yjs.store.pendingDs) throw new Error("stored update does not integrate (missing dependencies)");
    } catch (error) {
      log("error", "collab stored state failed to integrate", { document: this.id, error: (error as Error).message });
      for (const peer of [...this.peers]) peer.close(CLOSE.INTERNAL, "stored state unreadable");
      this.hooks.failed(this);
      throw error;
    }
    // Integrating fired an update (which drops the cached encodings); the bytes still are the state.
    this.encodedState = stored;
    this.encodedStateVector = stateVector;
  }

  /** Applies stored state at load time (not queued for storage). */
  applyStored(update: Uint8Array): void {
    Y.applyUpdate(this.yjs, update, LOAD_ORIGIN);
  }

  /** Applies a validated (and guard-checked) update from an editing connection; it is broadcast once committed. */
  applyFrom(peer: DocumentPeer, update: Uint8Array): void {
    const ydoc = this.ydoc;
    try {
      Y.applyUpdate(ydoc, update, peer);
      this.guard?.applied(update);
      // Even an update that changed nothing gets its SAVED: the client must not stay at *Saving…*.
      this.pendingWaiters.add(peer);
    } catch (error) {
      // The guard's copy may no longer match: it is rebuilt when next needed.
      this.guard?.destroy();
      throw error;
    } finally {
      // A throw half-way through may still have changed the document: commit whatever it did.
      if (this.pending.length || this.pendingWaiters.size) this.hooks.scheduleCommit(this);
    }
  }

  /**
   * A change made by the server itself (restoring a version for a facilitator): `change` edits the
   * document in one transaction; the update is stored, then sent to every connection like anyone
   * else's. `author` is who the stored row names. Resolves once it is durable.
   */
  applyChange(author: string, change: (doc: Y.Doc) => void): Promise<void> {
    const origin: DocumentPeer = { id: 0, userId: author, send: () => undefined, close: () => undefined };
    const ydoc = this.ydoc;
    let produced: Uint8Array | null = null;
    const capture = (update: Uint8Array, from: unknown) => {
      if (from === origin) produced = produced ? Y.mergeUpdates([produced, update]) : update;
    };
    ydoc.on("update", capture);
    try {
      ydoc.transact(() => change(ydoc), origin);
    } finally {
      ydoc.off("update", capture);
      if (produced) this.guard?.applied(produced);
      if (this.pending.length) this.hooks.scheduleCommit(this);
    }
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      this.failureWaiters.add(failed);
      this.whenDurable(() => {
        this.failureWaiters.delete(failed);
        resolve();
      });
    });
  }

  /** Rejected when storage fails before their change is durable (applyChange). */
  private failureWaiters = new Set<(error: Error) => void>();

  /**
   * Runs `fn` once everything applied so far is durable. Used for replies that expose document
   * state (sync step 2), so that no client ever sees state a crash could still lose.
   */
  whenDurable(fn: () => void): void {
    if (this.pending.length || this.pendingWaiters.size) this.pendingCallbacks.push(fn);
    else if (this.inFlight) this.inFlight.callbacks.push(fn);
    else fn();
  }

  /** Called by the committer: everything pending becomes one batch of rows. */
  takeBatch(): CommitBatch | null {
    if (this.destroyed || (!this.pending.length && !this.pendingWaiters.size && !this.pendingCallbacks.length)) {
      return null;
    }
    const rows: UpdateRow[] = this.pending.map((p) => ({
      documentId: this.id,
      update: p.update,
      userId: p.origin?.userId ?? null,
    }));
    const batch: CommitBatch = { rows, deltas: this.pending, callbacks: this.pendingCallbacks };
    this.pending = [];
    this.pendingWaiters = new Set();
    this.pendingCallbacks = [];
    this.inFlight = batch;
    return batch;
  }

  /** The batch is durable, its rows under seqs `first`…: now, and only now, others may see it. */
  commitSucceeded(batch: CommitBatch, first: number): void {
    this.inFlight = null;
    if (this.destroyed) return;
    if (batch.rows.length) this.integrated(first, first + batch.rows.length - 1);
    // One frame per peer for the whole batch (broadcast.ts), never before the batch is durable;
    // other instances get the same merged updates.
    const durable = this.hooks.durable;
    broadcastBatch(
      batch.deltas,
      this.peers,
      durable && batch.rows.length ? (start, count, update) => durable(this, first + start, first + start + count - 1, update) : undefined,
    );
    for (const callback of batch.callbacks) this.whenDurable(callback);
    this.hooks.committed(this);
  }

  /**
   * Durable updates `first`…`last` (consecutive seqs) stored by another instance, merged into
   * `update`: applied without being queued for storage, and sent to every connection here (they
   * are durable already). What this copy has already is skipped.
   */
  applyRemote(first: number, last: number, update: Uint8Array): void {
    if (this.destroyed || last <= this.seq || this.ahead.some(([a, b]) => a <= first && last <= b)) return;
    this.integrate([update]);
    this.integrated(first, last);
  }

  /**
   * What storage holds after `seq` (StoredState read with afterSeq = seq): integrated like a
   * remote update. Updates this copy already has are no-ops for Yjs, so a repair may overlap.
   */
  applyRepair(stored: StoredState): void {
    if (this.destroyed || stored.seq <= this.seq) return;
    if (stored.updates.length) this.integrate(stored.updates);
    this.integrated(this.seq + 1, stored.seq);
  }

  /** Whether durable seqs are missing below ones this copy has. */
  get hasGap(): boolean {
    return this.ahead.length > 0;
  }

  private integrate(updates: Uint8Array[]): void {
    const ydoc = this.ydoc;
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    Y.applyUpdate(ydoc, update, REMOTE_ORIGIN);
    // The schema guard keeps its own copy in step: later checks run against the whole text.
    this.guard?.applied(update);
    const frame = encodeSyncUpdate(update);
    for (const peer of this.peers) peer.send(frame);
  }

  /** Records seqs first…last as integrated; `seq` advances over every range that now adjoins it. */
  private integrated(first: number, last: number): void {
    if (first <= this.seq + 1) this.seq = Math.max(this.seq, last);
    else {
      this.ahead.push([first, last]);
      this.ahead.sort((x, y) => x[0] - y[0]);
    }
    while (this.ahead.length && this.ahead[0]![0] <= this.seq + 1) this.seq = Math.max(this.seq, this.ahead.shift()![1]);
    if (this.ahead.length) this.hooks.gap?.(this);
  }

  /**
   * Storage failed: what is in memory is no longer what is on disk. Close everyone (their clients
   * still hold their edits and resend them on reconnect) and let the registry drop this copy.
   */
  commitFailed(batch: CommitBatch, error: Error): void {
    this.inFlight = null;
    log("error", "collab commit failed", { document: this.id, error: error.message });
    for (const waiter of this.failureWaiters) waiter(error);
    this.failureWaiters.clear();
    for (const peer of [...this.peers]) peer.close(CLOSE.INTERNAL, "storage failure");
    this.hooks.failed(this);
  }

  addPeer(peer: DocumentPeer): void {
    this.peers.add(peer);
  }

  removePeer(peer: DocumentPeer): void {
    this.peers.delete(peer);
    const owned: number[] = [];
    for (const [clientId, owner] of this.awarenessOwners) {
      if (owner === peer) {
        owned.push(clientId);
        this.awarenessOwners.delete(clientId);
        this.releasedAwareness.set(clientId, { userId: peer.userId, at: Date.now() });
      }
    }
    if (owned.length) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
    const stale = Date.now() - 60_000;
    for (const [clientId, released] of this.releasedAwareness) if (released.at < stale) this.releasedAwareness.delete(clientId);
  }

  destroy(): void {
    this.destroyed = true;
    this.guard?.destroy();
    this.awareness.destroy();
    this.unbuilt = null;
    this.yjs.destroy();
  }
}

const LOAD_ORIGIN = Symbol("load");
/** Durable state from another instance or from storage: applied and shown, never stored again. */
const REMOTE_ORIGIN = Symbol("remote");

/** Applies another instance's awareness update (never republished, see the awareness listener). */
export function applyRemoteAwareness(doc: CollabDocument, update: Uint8Array): void {
  if (doc.destroyed) return;
  // Who each state belongs to, as the instance that accepted it wrote it (connection.ts overwrites `user`).
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const state = JSON.parse(decoding.readVarString(decoder)) as { user?: { id?: unknown } } | null;
    if (state && typeof state.user?.id === "string" && !doc.awarenessOwners.has(clientId)) doc.remoteAwareness.set(clientId, state.user.id);
  }
  awarenessProtocol.applyAwarenessUpdate(doc.awareness, update, REMOTE_ORIGIN);
}

/** A state vector with no client (varuint 0): the encoding of Y.encodeStateVector(new Y.Doc()). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}
