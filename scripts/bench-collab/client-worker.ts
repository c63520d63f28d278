// A client process of the collab benchmark (forked by scripts/bench-collab-server.ts): it holds
// some of the clients of one run, so their CPU never counts as the server's and several of them
// share the cores. Driven over IPC: connect → prepare (paragraphs) → go (edits) → close.
// Times are epoch milliseconds (timeOrigin + now), comparable across processes on one machine.
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { ClientKind } from "./servers.js";
import type { FromWorker, ToWorker, WriterInfo } from "./messages.js";

const FIELD = "default"; // the app's document field (app/core/document-field.ts)

interface Client {
  doc: Y.Doc;
  synced(): boolean;
  destroy(): void;
  writer: boolean;
  /** Writer: the text it types into. */
  text: Y.XmlText | null;
}

const AuthWS = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { headers: { origin: "http://app.test", "x-test-user": "bench" } });
  }
};

function connect(kind: ClientKind, url: string, room: string, writer: boolean): Client {
  const doc = new Y.Doc();
  if (kind === "y-websocket") {
    const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: AuthWS as unknown as typeof globalThis.WebSocket, disableBc: true });
    // Our SAVED/ACCESS/CHANGED/REFUSED/ANNOTATIONS frames (the reference server sends none).
    for (const type of [100, 101, 102, 103, 104]) provider.messageHandlers[type] = () => {};
    return { doc, writer, text: null, synced: () => provider.synced, destroy: () => (provider.destroy(), doc.destroy()) };
  }
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc });
  // A provider given a shared websocket does not attach itself.
  provider.attach();
  return {
    doc,
    writer,
    text: null,
    synced: () => provider.isSynced,
    destroy: () => {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

const send = (message: FromWorker) => process.send!(message);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (check: () => boolean) => {
  while (!check()) await sleep(2);
};

function paragraphs(doc: Y.Doc): Y.XmlElement[] {
  return doc.getXmlFragment(FIELD).toArray() as Y.XmlElement[];
}

function textLength(doc: Y.Doc): number {
  let n = 0;
  for (const p of paragraphs(doc)) n += (p.get(0) as Y.XmlText | undefined)?.length ?? 0;
  return n;
}

function paragraph(): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText()]);
  return p;
}

// Every WebsocketProvider adds a process "exit" listener.
process.setMaxListeners(0);
let clients: Client[] = [];
let firstWriter = 0;

process.on("message", (message: ToWorker) => void handle(message));

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "connect": {
      firstWriter = message.firstWriter;
      clients = [];
      const started = now();
      for (let i = 0; i < message.writers + message.observers; i++) {
        clients.push(connect(message.kind, message.url, message.room, i < message.writers));
        // Do not open hundreds of sockets in one burst: the server under test sees them as a storm.
        if (i % 20 === 19) await sleep(5);
      }
      await until(() => clients.every((c) => c.synced()));
      send({ type: "connected", syncedMs: now() - started, length: clients[0] ? textLength(clients[0].doc) : 0 });
      return;
    }
    case "prepare": {
      // "own": every writer adds its own paragraph; "spot": writer 0 adds the one all type into.
      const writers = clients.filter((c) => c.writer);
      if (message.pattern === "own") {
        for (const w of writers) {
          const p = paragraph();
          const fragment = w.doc.getXmlFragment(FIELD);
          fragment.insert(fragment.length, [p]);
          w.text = p.get(0) as Y.XmlText;
        }
      } else if (firstWriter === 0 && writers[0]) {
        writers[0].doc.getXmlFragment(FIELD).insert(0, [paragraph()]);
      }
      const expected = message.pattern === "own" ? message.totalWriters : 1;
      await until(() => clients.every((c) => paragraphs(c.doc).length === expected));
      if (message.pattern === "spot") for (const w of writers) w.text = paragraphs(w.doc)[0]!.get(0) as Y.XmlText;
      const info: WriterInfo[] = writers.map((w) => ({ clientID: w.doc.clientID, baseClock: Y.getState(w.doc.store, w.doc.clientID) }));
      send({ type: "prepared", writers: info });
      return;
    }
    case "go": {
      const { perWriter, intervalMs, expected, track } = message;
      const sends: Record<number, number[]> = {};
      const arrivals: number[][] = []; // [writer clientID, offset, time]
      const detach: (() => void)[] = [];
      if (track) {
        for (const c of clients) {
          const seen = new Map<number, number>();
          const onUpdate = () => {
            const at = now();
            for (const w of track) {
              if (w.clientID === c.doc.clientID) continue;
              const have = Y.getState(c.doc.store, w.clientID) - w.baseClock;
              for (let k = seen.get(w.clientID) ?? 0; k < have; k++) arrivals.push([w.clientID, k, at]);
              seen.set(w.clientID, Math.max(seen.get(w.clientID) ?? 0, have));
            }
          };
          c.doc.on("update", onUpdate);
          detach.push(() => c.doc.off("update", onUpdate));
        }
      }
      const writers = clients.filter((c) => c.writer);
      await Promise.all(
        writers.map(async (w, i) => {
          const times: number[] = (sends[w.doc.clientID] = []);
          const text = w.text!;
          const atEnd = message.pattern === "own";
          if (intervalMs) await sleep((i * intervalMs) / Math.max(1, writers.length));
          for (let n = 0; n < perWriter; n++) {
            times.push(now());
            text.insert(atEnd ? text.length : 0, "x");
            if (intervalMs) await sleep(intervalMs);
            else if (n % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
          }
        }),
      );
      await until(() => clients.every((c) => textLength(c.doc) >= expected));
      const at = now();
      for (const d of detach) d();
      send({ type: "done", at, sends, arrivals });
      return;
    }
    case "load": {
      // One client, connect → synced, then gone (cold-load timing; the process stays warm).
      const started = now();
      const c = connect(message.kind, message.url, message.room, false);
      await until(() => c.synced());
      const syncedMs = now() - started;
      const length = textLength(c.doc);
      c.destroy();
      send({ type: "loaded", syncedMs, length });
      return;
    }
    case "close": {
      for (const c of clients) c.destroy();
      clients = [];
      send({ type: "closed" });
      setTimeout(() => process.exit(0), 50);
      return;
    }
  }
}
