// Helpers for collab integration tests: an in-process collab server on a real http server and a
// real SQLite file, and real y-websocket WebsocketProvider clients over `ws`.
import { createServer, type Server } from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { afterEach } from "vitest";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { WebsocketProvider } from "y-websocket";
import { openDatabase, type Db } from "../../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../../app/storage/migrate.server.js";
import { createSqlitePersistence } from "../../app/storage/collab-store.server.js";
import { createCollabServer, type CollabPersistence, type CollabServer, type CollabServerOptions } from "../../server/collab/index.js";
import { decodeSavedBody, MESSAGE_ACCESS, MESSAGE_CHANGED, MESSAGE_REFUSED, MESSAGE_SAVED } from "../../server/collab/protocol.js";
import { decodeAccess, decodeAnnotations, decodeRefused, MESSAGE_ANNOTATIONS, type ReadOnlyReason } from "../../app/core/collab-wire.js";
import type { AnnotationsFrame } from "../../app/core/annotations/types.js";
import { routeUpgrade } from "../../server/upgrade.js";
import { decide, isTestOrigin, TEST_ORIGIN, testAuthorize } from "./collab-auth.js";
import { ROOT } from "./server.js";

export { TEST_ORIGIN };

export function freshCollabDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), "collab-test-")), "collab.db");
}

export function openCollabDb(path: string): Db {
  const db = openDatabase(path);
  migrate(db, MIGRATIONS_DIR);
  return db;
}

export interface InProcessCollab {
  port: number;
  url: string;
  db: Db;
  dbPath: string;
  collab: CollabServer;
  /** Calls to persistence.load (a refused upgrade must not add any). */
  loadCalls: string[];
  persistence: CollabPersistence;
  close(): Promise<void>;
}

export async function startCollab(
  overrides: Partial<CollabServerOptions> & {
    dbPath?: string;
    /** Slow storage: each append waits this long before committing (widens the race windows). */
    appendDelayMs?: number;
    /** Wraps the SQLite persistence (fault injection). */
    wrapPersistence?: (inner: CollabPersistence) => CollabPersistence;
  } = {},
): Promise<InProcessCollab> {
  const dbPath = overrides.dbPath ?? freshCollabDbPath();
  const db = openCollabDb(dbPath);
  const sqlite = createSqlitePersistence(db);
  const loadCalls: string[] = [];
  const counted: CollabPersistence = {
    load: (id, afterSeq) => {
      loadCalls.push(id);
      return sqlite.load(id, afterSeq);
    },
    append: async (rows) => {
      if (overrides.appendDelayMs) await new Promise((resolve) => setTimeout(resolve, overrides.appendDelayMs));
      return sqlite.append(rows);
    },
    compact: (id, snapshot, upto) => sqlite.compact(id, snapshot, upto),
  };
  const persistence = overrides.wrapPersistence ? overrides.wrapPersistence(counted) : counted;
  const collab = createCollabServer({
    persistence,
    isOriginAllowed: isTestOrigin,
    authorize: testAuthorize,
    reauthorize: async ({ id }, documentId) => decide(id, "edit", documentId),
    ...overrides,
  });
  const server: Server = createServer((_req, res) => res.end());
  server.on("upgrade", routeUpgrade(collab));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}/collab`,
    db,
    dbPath,
    collab,
    loadCalls,
    persistence,
    async close() {
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

/**
 * Per-test collab server and clients, all torn down after each test: `start` replaces
 * `startCollab`, `client` replaces `connectClient`.
 */
export function collabFixture() {
  let server: InProcessCollab | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
    server = undefined;
  });
  return {
    async start(...args: Parameters<typeof startCollab>): Promise<InProcessCollab> {
      server = await startCollab(...args);
      return server;
    },
    client(...args: Parameters<typeof connectClient>): TestClient {
      const c = connectClient(...args);
      clients.push(c);
      return c;
    },
  };
}

export interface ClientOptions {
  user?: string;
  access?: "edit" | "read";
  origin?: string;
  headers?: Record<string, string>;
  connect?: boolean;
  /**
   * `text` writes into paragraphs of the document fragment, as the editor does (the app's collab
   * server refuses anything its schema cannot show). Default: a plain Y.Text, for the protocol's
   * own tests.
   */
  schema?: boolean;
}

/** What tests type into: a plain Y.Text, or the paragraphs of a document (ParagraphText). */
export interface TextLike {
  insert(index: number, text: string): void;
  delete(index: number, length: number): void;
  toString(): string;
  readonly length: number;
}

/**
 * The text of a document's paragraphs as one string, typed into like a Y.Text: inserting into an
 * empty document creates its first paragraph. Two clients that both start on an empty document
 * each create one; the merged text is the same on both sides, which is all these tests compare.
 */
class ParagraphText implements TextLike {
  constructor(private readonly doc: Y.Doc) {}
  private texts(): Y.XmlText[] {
    return this.doc
      .getXmlFragment("default")
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "paragraph")
      .flatMap((p) => p.toArray().filter((t): t is Y.XmlText => t instanceof Y.XmlText));
  }
  get length(): number {
    return this.texts().reduce((sum, t) => sum + t.length, 0);
  }
  toString(): string {
    return this.texts()
      .map((t) => t.toString())
      .join("");
  }
  insert(index: number, text: string): void {
    let texts = this.texts();
    if (!texts.length) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText()]);
      this.doc.getXmlFragment("default").insert(0, [paragraph]);
      texts = this.texts();
    }
    let offset = index;
    for (const t of texts) {
      if (offset <= t.length) {
        t.insert(offset, text);
        return;
      }
      offset -= t.length;
    }
    texts.at(-1)!.insert(texts.at(-1)!.length, text);
  }
  delete(index: number, length: number): void {
    let offset = index;
    let left = length;
    for (const t of this.texts()) {
      if (left <= 0) return;
      if (offset >= t.length) {
        offset -= t.length;
        continue;
      }
      const n = Math.min(left, t.length - offset);
      t.delete(offset, n);
      left -= n;
      offset = 0;
    }
  }
}

/** The plain text of a document's paragraphs (what ParagraphText shows). */
export function paragraphText(doc: Y.Doc): string {
  return new ParagraphText(doc).toString();
}

export interface TestClient {
  doc: Y.Doc;
  text: TextLike;
  provider: WebsocketProvider;
  /** SAVED messages received: durable seq and state vector. */
  saved: { seq: number; stateVector: Map<number, number> }[];
  access: string[];
  /** The read-only reason of each ACCESS message (null when editing or none given). */
  reasons: (ReadOnlyReason | null)[];
  /** REFUSED messages: the server refused an update's structure. */
  refused: { code: string; name: string }[];
  closes: { code: number; reason: string }[];
  permissionDenied: string[];
  /** CHANGED messages received (something around the text changed; the page would reload). */
  changed: number;
  /** ANNOTATIONS frames received (the threads this member may read). */
  annotations: AnnotationsFrame[];
  destroy(): void;
}

/** A WebSocket class that sends our test identity headers (browsers send cookies instead). */
function wsWithHeaders(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

export function connectClient(url: string, documentId: string, options: ClientOptions = {}): TestClient {
  const doc = new Y.Doc();
  const headers: Record<string, string> = { origin: options.origin ?? TEST_ORIGIN, ...options.headers };
  if (options.user !== undefined) headers["x-test-user"] = options.user;
  if (options.access) headers["x-test-access"] = options.access;
  const provider = new WebsocketProvider(url, documentId, doc, {
    WebSocketPolyfill: wsWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const client: TestClient = {
    doc,
    text: options.schema ? new ParagraphText(doc) : doc.getText("t"),
    provider,
    saved: [],
    access: [],
    reasons: [],
    refused: [],
    closes: [],
    permissionDenied: [],
    changed: 0,
    annotations: [],
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    const { seq, stateVector } = decodeSavedBody(decoder);
    client.saved.push({ seq, stateVector: Y.decodeStateVector(stateVector) });
  };
  provider.messageHandlers[MESSAGE_CHANGED] = () => {
    client.changed++;
  };
  provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
    const access = decodeAccess(decoder);
    client.access.push(access?.access ?? "?");
    client.reasons.push(access?.reason ?? null);
  };
  provider.messageHandlers[MESSAGE_ANNOTATIONS] = (_encoder, decoder) => {
    const frame = decodeAnnotations(decoder);
    if (frame) client.annotations.push(frame);
  };
  provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
    client.refused.push(decodeRefused(decoder) ?? { code: "?", name: "" });
  };
  provider.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    client.permissionDenied.push(decoding.readVarString(decoder));
  };
  provider.on("connection-close", (event) => {
    if (event) client.closes.push({ code: event.code, reason: event.reason });
  });
  return client;
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const synced = (client: TestClient, timeoutMs = 10_000) => waitFor(() => client.provider.synced, timeoutMs, "sync");

/** Loads what SQLite holds for a document into a fresh Y.Doc (snapshot + log, like the server). */
export async function storedDoc(db: Db, documentId: string): Promise<Y.Doc> {
  const stored = await createSqlitePersistence(db).load(documentId);
  const doc = new Y.Doc();
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

export function updateRowCount(db: Db, documentId: string): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM collab_updates WHERE document_id = ?").get(documentId) as { n: number }).n;
}

export interface CollabProcess {
  port: number;
  url: string;
  child: ChildProcess;
  logs: string[];
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns test/support/collab-process.ts on a DB file (and a fixed port to restart on the same URL). */
export async function spawnCollabProcess(dbPath: string, port = 0, env: Record<string, string> = {}): Promise<CollabProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/collab-process.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const listeningPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collab process did not start:\n${logs.join("\n")}`)), 20_000);
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        if (line.includes('"listening"')) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { port: number }).port);
        }
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
    child.once("exit", (code) => reject(new Error(`collab process exited (${code}):\n${logs.join("\n")}`)));
  });
  return {
    port: listeningPort,
    url: `ws://127.0.0.1:${listeningPort}/collab`,
    child,
    logs,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  /** HTTP status when the upgrade was refused. */
  refused: Promise<number>;
}

/** A bare `ws` socket speaking whatever bytes a test sends (hostile clients). */
export function rawClient(url: string, documentId: string, headers: Record<string, string> = {}): RawClient {
  const ws = new WebSocket(`${url}/${documentId}`, { headers: { origin: TEST_ORIGIN, ...headers } });
  const messages: Uint8Array[] = [];
  ws.on("message", (data) => messages.push(new Uint8Array(data as Buffer)));
  ws.on("error", () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", () => reject(new Error("upgrade refused")));
  });
  opened.catch(() => {});
  const refused = new Promise<number>((resolve) => {
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, messages, opened, closed, refused };
}

/**
 * The browser's *Saved* rule: the last SAVED covers the clock of the client's own Yjs client id
 * (what others sent reached us only after it was durable). `clientIds` lets a relay (trace replay)
 * name the ids it sends for.
 */
export function savedCovers(client: TestClient, clientIds: number[] = [client.doc.clientID]): boolean {
  const last = client.saved.at(-1);
  if (!last) return false;
  return clientIds.every((id) => (last.stateVector.get(id) ?? 0) >= Y.getState(client.doc.store, id));
}

/**
 * Keeps a client typing `letter` at random places, a few milliseconds apart, until the returned
 * function is called: the "people typing while the server dies" load of the crash tests.
 */
export function keepTyping(client: TestClient, letter: string): () => void {
  let typing = true;
  const tick = () => {
    if (!typing) return;
    client.text.insert(Math.floor(Math.random() * (client.text.length + 1)), letter);
    setTimeout(tick, 1 + Math.random() * 3);
  };
  tick();
  return () => {
    typing = false;
  };
}
