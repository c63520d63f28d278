// createCollabServer: the collab WebSocket endpoint /collab/<documentId>, plugged into the HTTP
// server through the UpgradeHandler seam (server/upgrade.ts). Authorization is injected: the
// integrator passes the session + policy check; tests pass their own.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { log } from "../http/logging.js";
import { COLLAB_PREFIX, refuseUpgrade, type UpgradeHandler } from "../upgrade.js";
import type * as Y from "yjs";
import { CollabConnection, type Access, type CollabUser, type ReadOnlyReason } from "./connection.js";
import { DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RATE, startHeartbeat, type RateLimit } from "./limits.js";
import type { CollabPersistence } from "../../app/storage/collab-store.server.js";
import { CLOSE } from "./protocol.js";
import { DocumentRegistry } from "./registry.js";
import type { CollabDocument } from "./document.js";
import type { DocumentStructure } from "./structure.js";
import type { Fanout } from "../fanout/fanout.js";
import { InstanceLink } from "./instances.js";
import { DOCUMENT_ID_PATTERN } from "../../app/core/documents.js";

export type { Access, CollabUser, ReadOnlyReason } from "./connection.js";
export type { CollabPersistence } from "../../app/storage/collab-store.server.js";
export type { DocumentStructure, UpdateGuard } from "./structure.js";
export { CLOSE, MESSAGE_ACCESS, MESSAGE_CHANGED, MESSAGE_SAVED, encodeChanged } from "./protocol.js";

export type AuthorizeResult =
  | { ok: true; user: CollabUser; access: Access /** Why, when read-only (told to the client). */; reason?: ReadOnlyReason | null }
  | { ok: false; status: number };

export interface CollabServerOptions {
  persistence: CollabPersistence;
  /** Checked first, before anything is parsed or looked up. `origin` is the raw header. */
  isOriginAllowed(origin: string | undefined, req: IncomingMessage): boolean;
  /** Session + policy for the upgrade; may also answer 404 for an unknown document. */
  authorize(req: IncomingMessage, documentId: string): Promise<AuthorizeResult>;
  /**
   * Same decision for a live connection (revalidate); no request any more, only who (and the
   * session that opened the connection, which may have ended or expired since) and what.
   */
  reauthorize?(user: Pick<CollabUser, "id" | "sessionId">, documentId: string): Promise<AuthorizeResult>;
  /** Unload a document this long after its last connection left (default 30 s). */
  idleUnloadMs?: number;
  /** Compact after this many stored updates (default 500). */
  compactEvery?: number;
  maxMessageBytes?: number;
  rate?: RateLimit;
  heartbeatMs?: number;
  maxAwarenessClients?: number;
  /** What a document's text may hold (none: any Yjs structure; the app passes its schema). */
  structure?: DocumentStructure;
  /**
   * A connection was opened, or its rights were re-decided and it stays open: the integrator may
   * send it frames of its own that depend on who it is (the app's annotation threads).
   */
  onConnectionReady?(peer: CollabPeer, why: "opened" | "rightsChanged"): void;
  /**
   * Other instances serving the same documents from the same storage (instances.ts): durable
   * batches and presence are published to them, and theirs applied here. None: this instance is alone.
   */
  fanout?: Fanout;
  /** How often loaded documents are checked against storage when there is a fan-out (default 5 s). */
  fanoutSweepMs?: number;
}

/** A live connection as the integrator sees it: who, which document, and a way to send it a frame. */
export interface CollabPeer {
  readonly documentId: string;
  readonly user: CollabUser;
  /** The query of the upgrade URL (what the client said it already has, for instance). */
  readonly params: URLSearchParams;
  send(frame: Uint8Array): void;
}

export interface ConnectionFilter {
  userId?: string;
  documentId?: string;
  /** Only the connections opened by this session (the device that signed out). */
  sessionId?: string;
  /** Leave alone the connections opened by this session (e.g. the device that changed the password). */
  exceptSessionId?: string;
}

export interface CollabStats {
  documents: number;
  loadedDocumentIds: string[];
  connections: number;
  /** Document loads that reached storage since start. */
  loads: number;
  /** Group-commit transactions since start. */
  commits: number;
  /** With a fan-out: batches received from and published to other instances, holes repaired from storage. */
  fanout?: { received: number; published: number; repairs: number };
}

export interface CollabServer extends UpgradeHandler {
  /** Re-decides access for matching live connections: closes (4403) or downgrades them at once. */
  revalidate(filter: ConnectionFilter): Promise<{ closed: number; downgraded: number; upgraded: number }>;
  /** Closes matching connections at once (e.g. document deleted). Returns how many. */
  disconnect(filter: ConnectionFilter, code?: number, reason?: string): number;
  /** Sets access (and its reason) on matching connections without asking reauthorize (e.g. being frozen for sign-off). */
  setAccess(filter: ConnectionFilter, access: Access, reason?: ReadOnlyReason | null): number;
  /**
   * A change made by the server (restoring a version): `change` edits the loaded document (loaded
   * for the occasion if needed) in one transaction, stored as `author`'s and sent to every
   * connection once durable. Resolves when durable; rejects if storage refused it.
   */
  applyChange(documentId: string, author: string, change: (doc: Y.Doc) => void): Promise<void>;
  /** Sends a frame of our own (e.g. CHANGED) to matching connections. Returns how many. */
  broadcast(filter: ConnectionFilter, frame: Uint8Array): number;
  /** Sends each matching connection the frame made for it (none when `frameFor` answers null). Returns how many were sent. */
  sendEach(filter: ConnectionFilter, frameFor: (peer: CollabPeer) => Uint8Array | null): number;
  stats(): CollabStats;
  isLoaded(documentId: string): boolean;
  /** Commits everything pending now (tests, shutdown). */
  flush(): Promise<void>;
}

// The same ids the app creates (app/core/documents.ts).
export { DOCUMENT_ID_PATTERN };

/** The query of an upgrade URL without its `?` ("" when there is none). */
function queryOf(url: string | undefined): string {
  const at = (url ?? "").indexOf("?");
  return at < 0 ? "" : url!.slice(at + 1);
}

/** `/collab/<id>` (query ignored) → id, or null when the path is not a valid document path. */
export function parseDocumentId(url: string | undefined): string | null {
  const path = (url ?? "").split("?")[0]!;
  if (!path.startsWith(COLLAB_PREFIX)) return null;
  let id: string;
  try {
    id = decodeURIComponent(path.slice(COLLAB_PREFIX.length));
  } catch {
    return null;
  }
  return DOCUMENT_ID_PATTERN.test(id) ? id : null;
}

export function createCollabServer(options: CollabServerOptions): CollabServer {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const registry = new DocumentRegistry({
    persistence: options.persistence,
    idleUnloadMs: options.idleUnloadMs ?? 30_000,
    compactEvery: options.compactEvery ?? 500,
    structure: options.structure,
  });
  const link = options.fanout ? new InstanceLink(options.fanout, registry, { sweepMs: options.fanoutSweepMs }) : null;
  registry.link = link;
  // maxPayload makes ws itself refuse (close 1009) a frame before buffering all of it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
  const connections = new Set<CollabConnection>();
  const heartbeat = startHeartbeat(() => [...connections], options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  let closing = false;
  // Bumped whenever rights may have changed (revalidate, disconnect, setAccess). An upgrade that
  // was authorized before a bump and attached after it is re-decided at once: a member removed
  // while their document was loading must not get a socket the revocation never saw.
  let rightsEpoch = 0;

  const connectionOptions = {
    maxMessageBytes,
    rate: options.rate ?? DEFAULT_RATE,
    maxAwarenessClients: options.maxAwarenessClients ?? 4,
    onClose: (connection: CollabConnection) => {
      connections.delete(connection);
      registry.release(connection.doc);
    },
  };

  // The upgrade URL's query, kept as its string (most have none) and parsed only when the
  // integrator reads it: a URL object per idle connection is a few hundred bytes nobody uses.
  const queries = new WeakMap<CollabConnection, string>();
  const peerOf = (c: CollabConnection): CollabPeer => ({
    documentId: c.doc.id,
    user: c.user,
    get params() {
      return new URLSearchParams(queries.get(c) ?? "");
    },
    send: (frame) => c.send(frame),
  });
  /** The integrator's hook must not take a connection (or the server) down. */
  const ready = (c: CollabConnection, why: "opened" | "rightsChanged") => {
    if (!options.onConnectionReady || c.closed) return;
    try {
      options.onConnectionReady(peerOf(c), why);
    } catch (error) {
      log("error", "collab onConnectionReady failed", { ...c.logFields(), error: (error as Error).message });
    }
  };

  const matches = (c: CollabConnection, filter: ConnectionFilter) =>
    (filter.userId === undefined || c.user.id === filter.userId) &&
    (filter.documentId === undefined || c.doc.id === filter.documentId) &&
    (filter.sessionId === undefined || c.user.sessionId === filter.sessionId) &&
    (filter.exceptSessionId === undefined || c.user.sessionId !== filter.exceptSessionId);

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: number, reason: string, fields: Record<string, unknown> = {}) => {
      log("warn", "collab upgrade refused", { status, reason, ...fields });
      refuseUpgrade(socket, status);
    };
    // Origin first: a cross-site page must learn nothing, not even whether the id is valid.
    if (!options.isOriginAllowed(req.headers.origin, req)) return refuse(403, "origin not allowed", { origin: req.headers.origin });
    const documentId = parseDocumentId(req.url);
    if (!documentId) return refuse(400, "invalid document id");
    if (closing) return refuse(503, "shutting down");

    const epochAtAuthorize = rightsEpoch;
    let auth: AuthorizeResult;
    try {
      auth = await options.authorize(req, documentId);
    } catch (error) {
      log("error", "collab authorize failed", { document: documentId, error: (error as Error).message });
      return refuse(500, "authorize failed");
    }
    if (!auth.ok) return refuse(auth.status, "not authorized", { document: documentId });
    if (socket.destroyed || closing) {
      socket.destroy();
      return;
    }

    // Only an authorized upgrade loads state.
    let doc: Awaited<ReturnType<typeof registry.acquire>>;
    try {
      doc = await registry.acquire(documentId);
    } catch {
      return refuse(503, "document failed to load", { document: documentId });
    }
    if (socket.destroyed || closing) {
      registry.release(doc);
      socket.destroy();
      return;
    }
    const query = queryOf(req.url);
    // ws answers a malformed handshake (bad key, method, version) itself and never calls back:
    // the document reference must still be handed back, or the document would never unload.
    // The listener goes once the socket is adopted: it would keep this function's scope (the
    // request with all its headers) alive for as long as the connection lives.
    const releaseUnadopted = () => registry.release(doc);
    socket.once("close", releaseUnadopted);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off("close", releaseUnadopted);
      attach(ws, doc, auth, query, epochAtAuthorize);
    });
  }

  /** An adopted socket becomes a connection (kept out of accept's scope: see above). */
  function attach(ws: WebSocket, doc: CollabDocument, auth: AuthorizeResult & { ok: true }, query: string, epochAtAuthorize: number): void {
    if (doc.destroyed) {
      // The document was dropped (storage failure) while the handshake completed.
      ws.close(CLOSE.INTERNAL, "document unavailable");
      registry.release(doc);
      return;
    }
    const connection = new CollabConnection(ws, doc, auth.user, auth.access, connectionOptions, auth.reason ?? null);
    connections.add(connection);
    if (query) queries.set(connection, query);
    log("info", "collab connection opened", connection.logFields());
    ready(connection, "opened");
    if (rightsEpoch !== epochAtAuthorize && options.reauthorize) void redecide(connection);
  }

  /** Asks the policy again for one live connection and applies the answer (close, downgrade, upgrade). */
  async function redecide(connection: CollabConnection): Promise<"closed" | "downgraded" | "upgraded" | "unchanged"> {
    let decision: AuthorizeResult;
    try {
      decision = await options.reauthorize!(connection.user, connection.doc.id);
    } catch (error) {
      // Fail closed: a policy we cannot evaluate must not leave a socket open.
      log("error", "collab reauthorize failed", { error: (error as Error).message });
      decision = { ok: false, status: 500 };
    }
    if (connection.closed) return "unchanged";
    if (!decision.ok) {
      // 401: the session behind the socket is gone (expired, ended); otherwise rights are.
      if (decision.status === 401) connection.close(CLOSE.UNAUTHORIZED, "session ended");
      else connection.close(CLOSE.FORBIDDEN, "access revoked");
      return "closed";
    }
    // The identity shown in presence follows too (e.g. a new role), from the client's next
    // awareness renewal on.
    const previousRole = connection.user.role;
    connection.user = { ...decision.user, sessionId: connection.user.sessionId };
    const before = connection.access;
    connection.setAccess(decision.access, decision.reason ?? null);
    // What it may read besides the text may have changed too (a new role).
    if (decision.access !== before || decision.user.role !== previousRole) ready(connection, "rightsChanged");
    if (decision.access === before) return "unchanged";
    return decision.access === "read" ? "downgraded" : "upgraded";
  }

  return {
    handleUpgrade(req, socket, head) {
      accept(req, socket, head).catch((error: Error) => {
        log("error", "collab upgrade failed", { error: error.message });
        socket.destroy();
      });
    },

    async revalidate(filter) {
      if (!options.reauthorize) throw new Error("revalidate needs the reauthorize option");
      rightsEpoch++;
      const result = { closed: 0, downgraded: 0, upgraded: 0 };
      const outcomes = await Promise.all([...connections].filter((c) => matches(c, filter)).map(redecide));
      for (const outcome of outcomes) if (outcome !== "unchanged") result[outcome]++;
      return result;
    },

    disconnect(filter, code = CLOSE.FORBIDDEN, reason = "disconnected") {
      rightsEpoch++;
      let count = 0;
      for (const connection of [...connections]) {
        if (!matches(connection, filter)) continue;
        connection.close(code, reason);
        count++;
      }
      return count;
    },

    broadcast(filter, frame) {
      let count = 0;
      for (const connection of connections) {
        if (!matches(connection, filter)) continue;
        connection.send(frame);
        count++;
      }
      return count;
    },

    sendEach(filter, frameFor) {
      let count = 0;
      for (const connection of connections) {
        if (connection.closed || !matches(connection, filter)) continue;
        let frame: Uint8Array | null;
        try {
          frame = frameFor(peerOf(connection));
        } catch (error) {
          log("error", "collab sendEach failed", { ...connection.logFields(), error: (error as Error).message });
          frame = null;
        }
        if (!frame) continue;
        connection.send(frame);
        count++;
      }
      return count;
    },

    setAccess(filter, access, reason = null) {
      rightsEpoch++;
      let count = 0;
      for (const connection of [...connections]) {
        if (!matches(connection, filter)) continue;
        if (connection.access !== access) count++;
        connection.setAccess(access, reason);
      }
      return count;
    },

    async applyChange(documentId, author, change) {
      const doc = await registry.acquire(documentId);
      try {
        await doc.applyChange(author, change);
      } finally {
        registry.release(doc);
      }
    },

    stats() {
      const loadedDocumentIds = registry.loadedIds();
      return {
        documents: loadedDocumentIds.length,
        loadedDocumentIds,
        connections: connections.size,
        loads: registry.loads,
        commits: registry.committer.commits,
        ...(link ? { fanout: { ...link.counts, repairs: registry.repairs } } : {}),
      };
    },

    isLoaded: (documentId) => registry.isLoaded(documentId),
    flush: () => registry.committer.flush(),

    async close() {
      closing = true;
      heartbeat.stop();
      link?.close();
      // Commit what clients already sent before telling them we go away.
      await registry.committer.flush();
      for (const connection of [...connections]) connection.close(CLOSE.GOING_AWAY, "server shutting down");
      await registry.closeAll();
      wss.close();
    },
  };
}
