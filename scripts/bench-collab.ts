// Collab benchmark: our server (test/support/collab-process.ts: real SQLite file, WAL,
// synchronous=FULL, persist-before-broadcast) against @y/websocket-server 0.1.1 (the reference
// y-websocket server, run WITHOUT YPERSISTENCE: documents live in memory only, nothing is durable).
// Both run as separate processes on this machine; clients run in this process over loopback.
// Run: npm run bench:collab   (about 2–4 minutes)
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { openDatabase } from "../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../app/storage/migrate.server.js";
import { createSqlitePersistence } from "../app/storage/collab-store.server.js";
import { readTrace, type SequentialTrace } from "../test/support/traces.js";
import { freePort, startProcess, stopProcess, waitFor } from "./bench-support.js";

const ORIGIN = "http://app.test";

interface Target {
  name: string;
  /** Provider server URL: the room name is appended. */
  url: string;
  proc: ChildProcess;
}

/**
 * Our collab server over SQLite. `synchronous` FULL is the product's setting (ADR 003: survives
 * power loss); NORMAL is measured for comparison (survives a process crash, may lose the last
 * commits on power loss).
 */
async function startOurs(dbPath: string, synchronous: "FULL" | "NORMAL" = "FULL"): Promise<Target> {
  const port = await freePort();
  const proc = await startProcess(
    ["--import", "tsx", "test/support/collab-process.ts"],
    { DATABASE_PATH: dbPath, PORT: String(port), QUIET: "1", COMPACT_EVERY: "1000000000", IDLE_UNLOAD_MS: "600000", SQLITE_SYNCHRONOUS: synchronous },
    /"listening"/,
  );
  return { name: synchronous === "FULL" ? "ours" : "ours, synchronous=NORMAL", url: `ws://127.0.0.1:${port}/collab`, proc };
}

async function startBaseline(): Promise<Target> {
  const port = await freePort();
  const proc = await startProcess(["node_modules/@y/websocket-server/src/server.js"], { HOST: "127.0.0.1", PORT: String(port) }, /running at/);
  return { name: "@y/websocket-server 0.1.1 (memory only)", url: `ws://127.0.0.1:${port}`, proc };
}

const stop = (target: Target) => stopProcess(target.proc);

const AuthWS = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { headers: { origin: ORIGIN, "x-test-user": "bench" } });
  }
};

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

function connect(target: Target, room: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(target.url, room, doc, {
    WebSocketPolyfill: AuthWS as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  // Our SAVED/ACCESS messages (the baseline never sends them): read and ignore.
  provider.messageHandlers[100] = () => {};
  provider.messageHandlers[101] = () => {};
  return { doc, provider };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const destroy = (clients: Client[]) => {
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
};
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : "n/a");

/** (1) Two writers type 10 keys/s each (20 edits/s in all) for 4 s; every other client measures. */
async function latency(target: Target, clientsCount: number, room: string): Promise<{ p50: number; p99: number; samples: number }> {
  const clients = Array.from({ length: clientsCount }, () => connect(target, room));
  await waitFor(() => clients.every((c) => c.provider.synced), 30_000, "latency clients synced");
  const writers = clients.slice(0, 2);
  const sentAt = new Map<number, number[]>(); // writer clientID → send time per clock
  for (const w of writers) sentAt.set(w.doc.clientID, []);
  const samples: number[] = [];
  for (const receiver of clients) {
    const seen = new Map<number, number>();
    receiver.doc.on("update", () => {
      const now = performance.now();
      for (const w of writers) {
        if (w === receiver) continue;
        const id = w.doc.clientID;
        const have = Y.getState(receiver.doc.store, id);
        const times = sentAt.get(id)!;
        for (let clock = seen.get(id) ?? 0; clock < have && clock < times.length; clock++) samples.push(now - times[clock]!);
        seen.set(id, Math.max(seen.get(id) ?? 0, Math.min(have, times.length)));
      }
    });
  }
  const edits = 40;
  await Promise.all(
    writers.map(async (w, i) => {
      await sleep(i * 50);
      const text = w.doc.getText("t");
      for (let n = 0; n < edits; n++) {
        sentAt.get(w.doc.clientID)!.push(performance.now());
        text.insert(text.length, "x");
        await sleep(100);
      }
    }),
  );
  const expected = edits * 2 * (clientsCount - 1);
  await waitFor(() => samples.length >= expected, 30_000, "latency samples").catch(() => {});
  destroy(clients);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length };
}

/** (2) 4 writers send 2,500 single-character edits each as fast as they can; an observer waits for all. */
async function throughput(target: Target, room: string): Promise<number> {
  const writers = Array.from({ length: 4 }, () => connect(target, room));
  const observer = connect(target, room);
  await waitFor(() => [...writers, observer].every((c) => c.provider.synced), 30_000, "throughput synced");
  const perWriter = 2500;
  const start = performance.now();
  await Promise.all(
    writers.map(async (w) => {
      const text = w.doc.getText("t");
      for (let n = 0; n < perWriter; n++) {
        text.insert(0, "y");
        if (n % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  await waitFor(() => observer.doc.getText("t").length >= perWriter * 4, 120_000, "observer has everything");
  const seconds = (performance.now() - start) / 1000;
  destroy([...writers, observer]);
  return (perWriter * 4) / seconds;
}

async function timeToSync(target: Target, room: string): Promise<{ ms: number; length: number }> {
  const start = performance.now();
  const client = connect(target, room);
  await waitFor(() => client.provider.synced, 120_000, "cold client synced");
  const elapsed = performance.now() - start;
  const length = client.doc.getText("t").length;
  destroy([client]);
  return { ms: elapsed, length };
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : NaN;
}

/** (4) RSS growth for 400 idle connections on one document, and for 100 loaded 1 KB documents. */
async function memory(target: Target): Promise<{ perConnectionKb: number; perDocumentKb: number }> {
  const pid = target.proc.pid!;
  await sleep(500);
  const base = rssKb(pid);
  const idle = Array.from({ length: 400 }, () => connect(target, "mem-idle"));
  await waitFor(() => idle.every((c) => c.provider.synced), 60_000, "idle synced");
  await sleep(1000);
  const withConnections = rssKb(pid);
  const perConnectionKb = (withConnections - base) / 400;
  const docs = Array.from({ length: 100 }, (_, i) => connect(target, `mem-doc-${i}`));
  await waitFor(() => docs.every((c) => c.provider.synced), 60_000, "docs synced");
  for (const d of docs) d.doc.getText("t").insert(0, "z".repeat(1024));
  await sleep(1500);
  const withDocs = rssKb(pid);
  const perDocumentKb = (withDocs - withConnections) / 100 - perConnectionKb;
  destroy([...idle, ...docs]);
  return { perConnectionKb, perDocumentKb };
}

/** The automerge-paper trace as 259,778 raw updates (one per edit) and as one snapshot. */
function buildPaperUpdates(): { updates: Uint8Array[]; snapshot: Uint8Array; endContent: string } {
  const trace = readTrace<SequentialTrace>("automerge-paper.json.gz");
  const doc = new Y.Doc();
  const text = doc.getText("t");
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
  if (text.toString() !== trace.endContent) throw new Error("automerge-paper replay mismatch");
  return { updates, snapshot: Y.encodeStateAsUpdate(doc), endContent: trace.endContent };
}

function seedDb(path: string, documentId: string, rows: Uint8Array[], asSnapshot: boolean): number {
  const db = openDatabase(path);
  migrate(db, MIGRATIONS_DIR);
  const persistence = createSqlitePersistence(db);
  if (asSnapshot) void persistence.compact(documentId, rows[0]!, 1);
  else {
    const insert = db.prepare("INSERT INTO collab_updates (document_id, seq, update_blob, created_at) VALUES (?, ?, ?, ?)");
    db.transaction(() => {
      for (const [i, u] of rows.entries()) insert.run(documentId, i + 1, u, Date.now());
    })();
  }
  const bytes = (
    db
      .prepare(
        "SELECT COALESCE((SELECT SUM(length(update_blob)) FROM collab_updates), 0) + COALESCE((SELECT SUM(length(state_blob)) FROM collab_snapshots), 0) AS n",
      )
      .get() as { n: number }
  ).n;
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return bytes;
}

async function main() {
  // Every WebsocketProvider adds a process "exit" listener.
  process.setMaxListeners(0);
  const dir = mkdtempSync(join(tmpdir(), "bench-collab-"));
  const rows: string[][] = [];
  const add = (...cells: string[]) => rows.push(cells);

  const ours = await startOurs(join(dir, "ours.db"));
  const oursNormal = await startOurs(join(dir, "ours-normal.db"), "NORMAL");
  const baseline = await startBaseline();
  const targets = [ours, oursNormal, baseline];
  const who = (t: Target) => (t === baseline ? "baseline" : t.name);
  const guarantee = (t: Target) =>
    t === ours
      ? "committed and fsynced before broadcast"
      : t === oursNormal
        ? "committed before broadcast (WAL, fsync at checkpoint)"
        : "in memory, nothing durable";

  for (const n of [2, 10, 50]) {
    for (const t of targets) {
      const r = await latency(t, n, `lat-${n}`);
      add(`1. edit→peer latency, ${n} clients (20 edits/s)`, who(t), `p50 ${ms(r.p50)} · p99 ${ms(r.p99)} (${r.samples} samples)`);
    }
  }
  for (const t of targets) {
    const perSecond = await throughput(t, "hot");
    add("2. updates/s, one hot document (4 writers)", who(t), `${Math.round(perSecond)}/s ${guarantee(t)}`);
  }
  await stop(ours);
  await stop(oursNormal);
  // Memory on fresh processes: a heap already grown by the runs above would hide new allocations.
  for (const fresh of [await startOurs(join(dir, "memory.db")), await startBaseline()]) {
    const m = await memory(fresh);
    const who = fresh.name.startsWith("ours") ? "ours" : "baseline";
    add("4. memory (RSS) per idle connection", who, `${m.perConnectionKb.toFixed(1)} KB`);
    add("4. memory (RSS) per loaded 1 KB document", who, `${m.perDocumentKb.toFixed(1)} KB`);
    await stop(fresh);
  }

  // (3) Cold load from disk (ours only: the baseline has no storage in this configuration).
  const paper = buildPaperUpdates();
  const rawPath = join(dir, "paper-raw.db");
  const snapPath = join(dir, "paper-snapshot.db");
  const rawBytes = seedDb(rawPath, "paper", paper.updates, false);
  const snapBytes = seedDb(snapPath, "paper", [paper.snapshot], true);
  for (const [label, path, bytes] of [
    [`raw updates (${paper.updates.length} rows)`, rawPath, rawBytes],
    ["compacted (1 snapshot)", snapPath, snapBytes],
  ] as const) {
    const target = await startOurs(path);
    const r = await timeToSync(target, "paper");
    if (r.length !== paper.endContent.length) throw new Error(`cold load length ${r.length}`);
    await stop(target);
    add(
      `3. cold load automerge-paper, ${label}`,
      "ours",
      `${ms(r.ms)} to synced · ${(bytes / 1024).toFixed(0)} KB in blobs · file ${(statSync(path).size / 1024).toFixed(0)} KB`,
    );
  }
  {
    const seedClient = connect(baseline, "paper");
    await waitFor(() => seedClient.provider.synced, 30_000, "baseline seed synced");
    Y.applyUpdate(seedClient.doc, paper.snapshot);
    await sleep(1500);
    const r = await timeToSync(baseline, "paper");
    destroy([seedClient]);
    add("3. load automerge-paper (from memory; no cold load)", "baseline", `${ms(r.ms)} to synced (already in memory)`);
  }
  await stop(baseline);

  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["measure", "server", "result"][i]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(["measure", "server", "result"]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\nnode ${process.version}, ${(await import("node:os")).cpus().length} cores; clients share the machine with the servers.`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
