// One WebSocket connection to one document: y-protocols sync and awareness, read-only
// enforcement, server-set presence identity, limits. Nothing that happens here may throw out of a
// ws event handler: a bad frame closes this socket only.
import type { WebSocket, RawData } from "ws";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as authProtocol from "y-protocols/auth";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { log } from "../http/logging.js";
import type { CollabDocument, DocumentPeer } from "./document.js";
import { TokenBucket, type Pingable, type RateLimit } from "./limits.js";
import {
  encodeSaved,
  CLOSE,
  MESSAGE_AUTH,
  MESSAGE_SYNC,
  MissingDependencyError,
  ProtocolError,
  SYNC_STEP1,
  SYNC_STEP2,
  decodeClientMessage,
  encodeAccess,
  encodeAwarenessMessage,
  encodeRefused,
  type Access,
  type ReadOnlyReason,
} from "./protocol.js";
import { carriesChanges, validateUpdate } from "./updates.js";

export type { Access, ReadOnlyReason };

/**
 * Changes a read-only connection may send before it is closed. Honest read-only clients send
 * none, except the odd local repair of the editor binding (it drops an empty list left by two
 * concurrent deletions) or edits typed just before the text was frozen: those are dropped, not
 * punished. A client that keeps writing is not honest.
 */
const MAX_DROPPED_WRITES = 100;

export interface CollabUser {
  id: string;
  name: string;
  role: string;
  color: string;
  /** The session that opened the connection, when the app has sessions (see ConnectionFilter). */
  sessionId?: string;
}

export interface ConnectionOptions {
  maxMessageBytes: number;
  rate: RateLimit;
  /** How many awareness client ids one socket may own (one per Y.Doc on the client). */
  maxAwarenessClients: number;
  onClose(connection: CollabConnection): void;
}

let nextId = 1;

const CONNECTION = Symbol("collab connection");
type OwnedSocket = WebSocket & { [CONNECTION]: CollabConnection };

// ws calls its listeners with the socket as `this`.
const ownerOf = (ws: WebSocket) => (ws as OwnedSocket)[CONNECTION];
function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  ownerOf(this).onMessage(data, isBinary);
}
function onSocketPong(this: WebSocket): void {
  ownerOf(this).alive = true;
}
function onSocketError(this: WebSocket, error: Error): void {
  ownerOf(this).socketError(error);
}
function onSocketClose(this: WebSocket): void {
  ownerOf(this).cleanup();
}

export class CollabConnection implements DocumentPeer, Pingable {
  readonly id = nextId++;
  alive = true;
  closed = false;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly ws: WebSocket,
    readonly doc: CollabDocument,
    public user: CollabUser,
    public access: Access,
    private readonly options: ConnectionOptions,
    /** Why the connection reads only (sent to the client with its access). */
    public reason: ReadOnlyReason | null = null,
  ) {
    this.bucket = new TokenBucket(options.rate);
    doc.addPeer(this);
    // Shared listeners that find this connection on the socket, rather than four closures (and
    // their context) per connection: an idle connection should cost little more than its socket.
    (ws as OwnedSocket)[CONNECTION] = this;
    ws.on("message", onSocketMessage);
    ws.on("pong", onSocketPong);
    ws.on("error", onSocketError);
    ws.on("close", onSocketClose);

    // The server opens the sync: step 1 (what we have) lets the client send what we lack.
    this.sendStep1();
    this.send(encodeAccess(access, reason));
    const states = [...doc.awareness.getStates().keys()];
    if (states.length) {
      this.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, states)));
    }
  }

  /** Set while we asked the client for a sync step 2 and it has not answered yet. */
  private resyncPending = false;
  /** Content messages (sync step 2 and update) received on this connection, for SAVED acks. */
  private contentMessages = 0;
  /** Changes a read-only connection sent (dropped, never acknowledged). */
  private droppedWrites = 0;

  private sendStep1(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP1);
    encoding.writeVarUint8Array(encoder, this.doc.stateVector());
    this.send(encoding.toUint8Array(encoder));
  }

  get userId(): string {
    return this.user.id;
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    // No per-frame callback (a closure per frame per peer on the hot path): a failed write makes
    // the socket emit "error" and "close", which clean this connection up (constructor).
    this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    log(code === CLOSE.GOING_AWAY ? "info" : "warn", "collab connection closed", { ...this.logFields(), code, reason });
    this.cleanup();
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      this.ws.terminate();
    }
  }

  terminate(reason: string): void {
    log("warn", "collab connection terminated", { ...this.logFields(), reason });
    this.cleanup();
    this.ws.terminate();
  }

  ping(): void {
    try {
      this.ws.ping();
    } catch {
      this.terminate("ping failed");
    }
  }

  /** Downgrade (or upgrade) an open connection, or tell it a new reason; its writes while read-only are dropped. */
  setAccess(access: Access, reason: ReadOnlyReason | null = null): void {
    const nextReason = access === "read" ? reason : null;
    if (this.access === access && JSON.stringify(this.reason) === JSON.stringify(nextReason)) return;
    if (access === "edit" && this.droppedWrites > 0) {
      // Acks are cumulative: acknowledging what comes next would claim the dropped changes are
      // durable. Reconnecting makes the client's sync step 2 carry them again.
      this.close(CLOSE.GOING_AWAY, "rights changed: reconnect");
      return;
    }
    this.access = access;
    this.reason = nextReason;
    this.send(encodeAccess(access, nextReason));
  }

  /** ws reports oversized frames (maxPayload) and bad framing here, then closes the socket. */
  socketError(error: Error): void {
    log("warn", "collab socket error", { ...this.logFields(), error: error.message });
  }

  /** The socket closed (either side); also called by close() and terminate(). */
  cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.doc.removePeer(this);
    this.options.onClose(this);
  }

  onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.alive = true;
    try {
      if (!isBinary) throw new ProtocolError(CLOSE.UNSUPPORTED, "text frame");
      const frame = toUint8Array(data);
      if (frame.byteLength > this.options.maxMessageBytes) throw new ProtocolError(CLOSE.TOO_BIG, "message too big");
      if (!this.bucket.take()) throw new ProtocolError(CLOSE.POLICY, "message rate exceeded");
      this.handle(frame);
    } catch (error) {
      if (error instanceof ProtocolError) this.close(error.code, error.message);
      else {
        log("error", "collab message handler failed", {
          ...this.logFields(),
          error: (error as Error).message,
          stack: (error as Error).stack,
        });
        this.close(CLOSE.INTERNAL, "internal error");
      }
    }
  }

  private handle(frame: Uint8Array): void {
    const message = decodeClientMessage(frame);
    switch (message.type) {
      case "sync-step1": {
        const stateVector: Uint8Array = message.stateVector;
        try {
          Y.decodeStateVector(stateVector);
        } catch {
          throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "undecodable state vector");
        }
        // The reply exposes document state: only once everything applied so far is durable.
        this.doc.whenDurable(() => {
          if (this.closed || this.doc.destroyed) return;
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          encoding.writeVarUint(encoder, SYNC_STEP2);
          encoding.writeVarUint8Array(encoder, this.doc.stateAsUpdate(stateVector));
          this.send(encoding.toUint8Array(encoder));
        });
        return;
      }
      case "sync-step2":
      case "sync-update": {
        const ordinal = ++this.contentMessages;
        if (message.type === "sync-step2") this.resyncPending = false;
        if (isEmptyUpdate(message.update)) {
          // Nothing in it (a new client's step 2 answering our step 1): nothing to check, apply or
          // store, and no reason to build a document still served from its stored bytes. Its
          // SAVED still follows everything applied before it (whenDurable), as for any message.
          if (this.access === "edit" || this.droppedWrites === 0) this.ackWhenDurable(ordinal);
          return;
        }
        let decoded: ReturnType<typeof validateUpdate>;
        try {
          decoded = validateUpdate(this.doc.ydoc, message.update);
        } catch (error) {
          if (!(error instanceof MissingDependencyError)) throw error;
          // Anything we lack is a change: a reader may not send it.
          if (this.access === "read") {
            this.dropWrite();
            return;
          }
          // An editor typing during its reconnect handshake (see MissingDependencyError): drop
          // this update and ask for a step 2, which carries it along with what it depends on.
          // A step 2 answers a state vector we sent, so it can never legitimately lack anything.
          if (message.type === "sync-step2") throw error;
          if (!this.resyncPending) {
            this.resyncPending = true;
            this.sendStep1();
          }
          return;
        }
        if (this.access === "read") {
          // A read-only client's step 2 is fine while it carries nothing we lack; anything else is
          // dropped without applying, storing or forwarding a byte of it (and never acknowledged).
          if (carriesChanges(this.doc.ydoc, decoded)) {
            this.dropWrite();
            return;
          }
          if (this.droppedWrites === 0) this.ackWhenDurable(ordinal);
          return;
        }
        const problem = this.doc.guard?.check(message.update, decoded) ?? null;
        if (problem) {
          this.refuse(problem);
          return;
        }
        this.doc.applyFrom(this, message.update);
        this.ackWhenDurable(ordinal);
        return;
      }
      case "awareness":
        this.applyAwareness(message.update);
        return;
      case "query-awareness": {
        const states = [...this.doc.awareness.getStates().keys()];
        this.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.doc.awareness, states)));
        return;
      }
      case "auth":
        return;
    }
  }

  /** The highest content ordinal whose SAVED is queued (see ackWhenDurable). */
  private ackUpTo = 0;
  private ackQueued = false;

  /**
   * SAVED (see protocol.ts): content messages up to `ordinal` are durable. Acknowledgements are
   * cumulative, so the messages of one commit batch share ONE SAVED carrying the highest ordinal:
   * whenDurable runs the callback only once everything applied so far (every message up to
   * `ackUpTo`, each applied before it was queued here) is durable.
   */
  private ackWhenDurable(ordinal: number): void {
    this.ackUpTo = ordinal;
    if (this.ackQueued) return;
    this.ackQueued = true;
    this.doc.whenDurable(() => {
      this.ackQueued = false;
      if (this.closed || this.doc.destroyed) return;
      this.send(encodeSaved(this.doc.seq, this.doc.stateVector(), this.ackUpTo));
    });
  }

  /**
   * A change from a read-only connection: not applied, not stored, not forwarded, not acknowledged
   * (acks are cumulative, so none follows on this connection: the client learns from its access
   * why, and a frozen editor restarts its session from the server's text). Closed if it persists.
   */
  private dropWrite(): void {
    this.droppedWrites++;
    if (this.droppedWrites === 1) log("info", "collab write dropped (read-only connection)", this.logFields());
    if (this.droppedWrites <= MAX_DROPPED_WRITES) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(encoder, "read-only access");
    this.send(encoding.toUint8Array(encoder));
    this.close(CLOSE.FORBIDDEN, "keeps writing on a read-only connection");
  }

  /** An update whose structure the document schema does not allow: nothing of it is applied or stored. */
  private refuse(problem: { code: string; name?: string }): void {
    log("warn", "collab update refused (structure)", { ...this.logFields(), problem: problem.code, name: problem.name });
    this.send(encodeRefused(problem.code, problem.name ?? ""));
    this.close(CLOSE.POLICY, `update refused: ${problem.code}`);
  }

  /**
   * Presence identity comes from the authorization, not from the client: the `user` field of each
   * state is overwritten. Client id ownership: a socket owns the ids it first set a state for.
   * y-websocket re-broadcasts EVERY awareness change it receives, so honest clients constantly
   * echo other clients' states back with the clock they received: such echoes (clock not newer
   * than ours) are dropped silently. A NEWER state for an id another user's socket owns is a
   * spoofing attempt and closes the socket.
   */
  private applyAwareness(update: Uint8Array): void {
    const entries: { clientId: number; clock: number; state: unknown }[] = [];
    try {
      const decoder = decoding.createDecoder(update);
      const count = decoding.readVarUint(decoder);
      if (count > 256) throw new ProtocolError(CLOSE.POLICY, "too many awareness states");
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
        entries.push({ clientId, clock, state });
      }
      if (decoding.hasContent(decoder)) throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "trailing bytes in awareness");
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "malformed awareness update");
    }
    const accepted: typeof entries = [];
    for (const entry of entries) {
      if (entry.state !== null && (typeof entry.state !== "object" || Array.isArray(entry.state))) {
        throw new ProtocolError(CLOSE.PROTOCOL_ERROR, "awareness state is not an object");
      }
      const owner = this.doc.awarenessOwners.get(entry.clientId);
      const currentClock = this.doc.awareness.meta.get(entry.clientId)?.clock ?? -1;
      if (owner === this) {
        accepted.push(entry);
      } else if (owner) {
        if (entry.clock <= currentClock) continue; // an echo
        if (owner.userId !== this.userId) {
          throw new ProtocolError(CLOSE.POLICY, "awareness for a client id this connection does not own");
        }
        // Same user, newer state: a reconnect racing its old socket takes its id over.
        this.doc.awarenessOwners.set(entry.clientId, this);
        accepted.push(entry);
      } else {
        // A client of another instance (its state arrived through the fan-out): echoes are dropped
        // like any other; a newer state is its own user's client moving here, or a spoof.
        const remoteUser = this.doc.remoteAwareness.get(entry.clientId);
        if (remoteUser !== undefined) {
          if (entry.clock <= currentClock) continue;
          if (remoteUser !== this.userId) throw new ProtocolError(CLOSE.POLICY, "awareness for a client id this connection does not own");
        }
        if (entry.state === null) continue; // echo of a removal
        const released = this.doc.releasedAwareness.get(entry.clientId);
        if (released && released.userId !== this.userId && Date.now() - released.at < 60_000) continue;
        const mine = [...this.doc.awarenessOwners.values()].filter((o) => o === this).length;
        if (mine >= this.options.maxAwarenessClients) {
          throw new ProtocolError(CLOSE.POLICY, "too many awareness client ids");
        }
        this.doc.awarenessOwners.set(entry.clientId, this);
        accepted.push(entry);
      }
    }
    if (!accepted.length) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, accepted.length);
    for (const entry of accepted) {
      const state =
        entry.state === null
          ? null
          : {
              ...(entry.state as Record<string, unknown>),
              user: { id: this.user.id, name: this.user.name, role: this.user.role, color: this.user.color },
            };
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, JSON.stringify(state));
    }
    awarenessProtocol.applyAwarenessUpdate(this.doc.awareness, encoding.toUint8Array(encoder), this);
  }

  logFields() {
    return { connection: this.id, document: this.doc.id, user: this.user.id, access: this.access };
  }
}

/** The encoding of an update that carries nothing: no structs (varuint 0), an empty delete set (varuint 0). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
