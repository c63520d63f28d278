// Collab server benchmark: what the SERVER costs, not the clients. Our collab server as the app
// runs it (SQLite synchronous=FULL, commit before broadcast, schema check of every update) against
// @y/websocket-server 0.1.1 and Hocuspocus 3.4.4 in memory, and Hocuspocus with its SQLite
// extension, all in the same run. Every server is its own process; clients run in separate client
// processes (scripts/bench-collab/client-worker.ts); server CPU is read from /proc (schedstat) over
// the measured window only. On a shared machine compare the ratios within one run.
// Run: npm run bench:collab-server   (about 4 minutes)
//   BENCH_PROFILE=dir  writes a --cpu-prof of our server into dir
//   BENCH_ONLY=cpu,latency,memory,cold  a subset; BENCH_TARGETS=ours,yws,…, BENCH_FANOUT=4,50 and
//   BENCH_PATTERN=own,spot narrow it further (profiling)
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { openDatabase } from "../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../app/storage/migrate.server.js";
import { createSqlitePersistence } from "../app/storage/collab-store.server.js";
import { readTrace, replayIntoParagraph, type SequentialTrace } from "../test/support/traces.js";
import { waitFor } from "./bench-support.js";
import { closeSession, editRun, openSession, percentile, Worker } from "./bench-collab/drive.js";
import type { Pattern } from "./bench-collab/messages.js";
import { cpuMicros, retainedKb, rssKb, startHocuspocus, startOurs, startYws, stopTarget, type Target } from "./bench-collab/servers.js";

const only = new Set((process.env.BENCH_ONLY ?? "cpu,latency,memory,cold").split(","));
const dir = mkdtempSync(join(tmpdir(), "bench-collab-server-"));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const short: Record<Target["key"], string> = { ours: "ours", yws: "y-ws", hocuspocus: "hocus", "hocuspocus-sqlite": "hocus+sqlite" };

/** BENCH_TARGETS=ours,yws,hocuspocus,hocuspocus-sqlite (default: all) narrows a run, e.g. to profile. */
const wanted = new Set((process.env.BENCH_TARGETS ?? "ours,yws,hocuspocus,hocuspocus-sqlite").split(","));
// Hocuspocus' SQLite extension needs sqlite3, compiled from source here (about 2 minutes on two
// cores, on every clean install): it is not a dependency, so CI does not pay for it. The script
// `bench:collab-server:with-hocuspocus-sqlite` installs it for the run (without saving it).
if (wanted.has("hocuspocus-sqlite")) {
  try {
    createRequire(import.meta.url).resolve("@hocuspocus/extension-sqlite");
  } catch {
    wanted.delete("hocuspocus-sqlite");
    console.log("(Hocuspocus + SQLite left out: not installed; `npm run bench:collab-server:with-hocuspocus-sqlite` adds it.)");
  }
}

async function startAll(tag: string): Promise<Target[]> {
  const targets: Target[] = [];
  if (wanted.has("ours")) targets.push(await startOurs(join(dir, `ours-${tag}.db`), process.env.BENCH_PROFILE));
  if (wanted.has("yws")) targets.push(await startYws());
  if (wanted.has("hocuspocus")) targets.push(await startHocuspocus());
  if (wanted.has("hocuspocus-sqlite")) targets.push(await startHocuspocus(join(dir, `hocus-${tag}.sqlite`)));
  return targets;
}

interface Row {
  measure: string;
  cells: Partial<Record<Target["key"], string>>;
  ratio?: string;
}
const rows: Row[] = [];

/** Ours ÷ the better (lower) baseline, and ÷ each, for a "lower is better" figure. */
function ratios(values: Partial<Record<Target["key"], number>>): string {
  const ours = values.ours!;
  const base = (["yws", "hocuspocus"] as const).map((k) => values[k]!).filter(Number.isFinite);
  const best = Math.min(...base);
  return `×${(ours / best).toFixed(2)} of the better (y-ws ×${(ours / values.yws!).toFixed(2)}, hocus ×${(ours / values.hocuspocus!).toFixed(2)})`;
}

const PATTERNS: { pattern: Pattern; label: string }[] = [
  { pattern: "own", label: "each writer in its own paragraph" },
  { pattern: "spot", label: "all writers at one spot" },
];

async function cpuRuns(targets: Target[]): Promise<void> {
  const fanOuts = (process.env.BENCH_FANOUT ?? "4,50").split(",").map(Number);
  const patterns = (process.env.BENCH_PATTERN ?? "own,spot").split(",");
  for (const fanOut of fanOuts) {
    const observers = fanOut - 3; // 4 writers: each update reaches 3 writers + the observers
    const perWriter = fanOut === 4 ? 1500 : 250;
    for (const { pattern, label } of PATTERNS.filter((p) => patterns.includes(p.pattern))) {
      const cpu: Partial<Record<Target["key"], number>> = {};
      const rate: Partial<Record<Target["key"], number>> = {};
      for (const t of targets) {
        const r = await editRun(t, `cpu-${fanOut}-${pattern}`, { writers: 4, observers, pattern, perWriter, intervalMs: 0, timed: false });
        cpu[t.key] = r.cpuPerUpdateUs;
        rate[t.key] = r.perSecond;
        console.error(`  cpu fan-out ${fanOut} ${pattern} ${t.key}: ${r.cpuPerUpdateUs.toFixed(0)} µs/update, ${Math.round(r.perSecond)}/s`);
      }
      const fmt = (v: number) => `${v.toFixed(0)} µs`;
      rows.push({
        measure: `server CPU per update, fan-out ${fanOut} (4 writers + ${observers} observer${observers > 1 ? "s" : ""}), ${label}`,
        cells: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, fmt(v!)])),
        ratio: ratios(cpu),
      });
      rows.push({
        measure: `throughput (updates/s until every client has all), fan-out ${fanOut}, ${label}`,
        cells: Object.fromEntries(Object.entries(rate).map(([k, v]) => [k, `${Math.round(v!).toLocaleString("en")}/s`])),
      });
    }
  }
}

async function latencyRuns(targets: Target[]): Promise<void> {
  for (const clients of [2, 10, 50]) {
    const cells: Row["cells"] = {};
    const p99: Partial<Record<Target["key"], number>> = {};
    const cpuCells: Row["cells"] = {};
    const cpu: Partial<Record<Target["key"], number>> = {};
    for (const t of targets) {
      // 2 writers typing 20 keys/s each into their own paragraph; every other client measures too.
      const r = await editRun(t, `lat-${clients}`, { writers: 2, observers: clients - 2, pattern: "own", perWriter: 60, intervalMs: 50, timed: true });
      cells[t.key] = `${percentile(r.latencies, 50).toFixed(1)} / ${percentile(r.latencies, 99).toFixed(1)} ms`;
      p99[t.key] = percentile(r.latencies, 99);
      cpu[t.key] = r.cpuPerUpdateUs;
      cpuCells[t.key] = `${r.cpuPerUpdateUs.toFixed(0)} µs`;
      console.error(`  latency ${clients} ${t.key}: ${cells[t.key]} (${r.latencies.length} samples)`);
    }
    rows.push({ measure: `edit → peer latency p50 / p99, ${clients} clients (2 writers × 20 edits/s)`, cells, ratio: `p99 ${ratios(p99)}` });
    // At a typing rate every update is its own commit (one fsync each): nothing to amortize.
    rows.push({ measure: `server CPU per update at that typing rate (40 updates/s), ${clients} clients`, cells: cpuCells, ratio: ratios(cpu) });
  }
}

/**
 * Memory per idle connection, 400 on one document, in a fresh process: RSS growth (what the
 * machine sees, garbage and allocator slack included) and what the server retains after a forced
 * full GC (JS heap + Buffers, heap-probe.cjs), both read from the server process.
 */
async function memoryRuns(): Promise<void> {
  const cells: Row["cells"] = {};
  const retainedCells: Row["cells"] = {};
  const perConnection: Partial<Record<Target["key"], number>> = {};
  const retainedPerConnection: Partial<Record<Target["key"], number>> = {};
  const probe = { file: join(dir, "heap-probe.json") };
  for (const start of [() => startOurs(join(dir, "memory.db"), undefined, probe), () => startYws(probe), () => startHocuspocus(undefined, probe)]) {
    const t = await start();
    // One connection first, so the document itself is loaded before the baseline is read.
    const first = await openSession(t, "mem-idle", 0, 1);
    await sleep(500);
    const base = rssKb(t.proc.pid!);
    const baseRetained = await retainedKb(t, probe);
    const idle = await openSession(t, "mem-idle", 0, IDLE_CONNECTIONS);
    await sleep(1500);
    const kb = (rssKb(t.proc.pid!) - base) / IDLE_CONNECTIONS;
    const retained = ((await retainedKb(t, probe)) - baseRetained) / IDLE_CONNECTIONS;
    await closeSession(idle);
    await closeSession(first);
    await stopTarget(t);
    perConnection[t.key] = kb;
    retainedPerConnection[t.key] = retained;
    cells[t.key] = `${kb.toFixed(1)} KB`;
    retainedCells[t.key] = `${retained.toFixed(1)} KB`;
    console.error(`  memory ${t.key}: ${kb.toFixed(1)} KB RSS, ${retained.toFixed(1)} KB retained after GC per idle connection`);
  }
  rows.push({ measure: `memory (RSS growth) per idle connection, ${IDLE_CONNECTIONS} on one document, fresh process`, cells, ratio: ratios(perConnection) });
  rows.push({
    measure: "memory retained per idle connection after a full GC (JS heap + Buffers), same run",
    cells: retainedCells,
    ratio: ratios(retainedPerConnection),
  });
}

const IDLE_CONNECTIONS = 400;

/** The automerge-paper trace typed into one paragraph of the app's document field, as one snapshot. */
function paperSnapshot(): { snapshot: Uint8Array; length: number } {
  const trace = readTrace<SequentialTrace>("automerge-paper.json.gz");
  const doc = new Y.Doc();
  const text = replayIntoParagraph(doc, trace);
  if (text.toString() !== trace.endContent) throw new Error("automerge-paper replay mismatch");
  return { snapshot: Y.encodeStateAsUpdate(doc), length: trace.endContent.length };
}

/** Documents loaded cold after the first (9: a median of 3 swung by ±50 % between runs). */
const COLD_DOCUMENTS = 9;

/**
 * Cold load: the compacted trace is on disk and not in the server's memory; one client connects
 * until synced. The server process is fresh but warm, as a long-running server is: a small
 * document and one copy of the trace are loaded first (their times are the "first load" figure),
 * then COLD_DOCUMENTS other documents holding the trace are each loaded once, cold (median). The client process
 * is warmed the same way, so its own JIT does not count as the server's load time.
 */
async function coldRuns(): Promise<void> {
  const paper = paperSnapshot();
  const cells: Row["cells"] = {};
  const path = join(dir, "paper.db");
  const db = openDatabase(path);
  migrate(db, MIGRATIONS_DIR);
  const persistence = createSqlitePersistence(db);
  for (let i = 0; i <= COLD_DOCUMENTS; i++) await persistence.compact(`paper-${i}`, paper.snapshot, 1);
  db.close();
  // Wall time connect → synced (the client's own apply of the state included), and the server's
  // CPU over the same window (schedstat), which the machine's other load does not inflate.
  const measure = async (t: Target, rooms: string[]) => {
    const worker = new Worker();
    const times: number[] = [];
    const cpu: number[] = [];
    for (const room of rooms) {
      const before = cpuMicros(t.proc.pid!);
      const r = await worker.ask({ type: "load", kind: t.kind, url: t.url, room }, "loaded");
      cpu.push((cpuMicros(t.proc.pid!) - before) / 1000);
      if (room.startsWith("paper") && r.length !== paper.length) throw new Error(`${t.key} load: ${r.length} characters, expected ${paper.length}`);
      times.push(r.syncedMs);
    }
    await worker.close();
    return { times, cpu };
  };
  const ours = await startOurs(path, process.env.BENCH_PROFILE);
  const papers = Array.from({ length: COLD_DOCUMENTS + 1 }, (_, i) => `paper-${i}`);
  const oursRun = await measure(ours, ["warm-up", ...papers]);
  await stopTarget(ours);
  const [, first, ...cold] = oursRun.times;
  const coldCpu = oursRun.cpu.slice(2);
  cells.ours = `${percentile(cold, 50).toFixed(0)} ms [${Math.min(...cold).toFixed(0)}–${Math.max(...cold).toFixed(0)}], server CPU ${percentile(coldCpu, 50).toFixed(1)} ms; first load in a fresh process ${first!.toFixed(0)} ms`;
  // The reference server has no storage here: its figure is a load from memory (a lower bound).
  const yws = await startYws();
  const seed = new Y.Doc();
  const provider = new WebsocketProvider(yws.url, "paper-0", seed, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  await waitFor(() => provider.synced, 30_000, "seed synced");
  Y.applyUpdate(seed, paper.snapshot);
  await sleep(1500);
  const ywsRun = await measure(yws, ["warm-up", ...papers.map(() => "paper-0")]);
  const fromMemory = ywsRun.times.slice(2);
  cells.yws = `${percentile(fromMemory, 50).toFixed(0)} ms [${Math.min(...fromMemory).toFixed(0)}–${Math.max(...fromMemory).toFixed(0)}], server CPU ${percentile(ywsRun.cpu.slice(2), 50).toFixed(1)} ms, from memory (not cold)`;
  provider.destroy();
  seed.destroy();
  await stopTarget(yws);
  rows.push({ measure: `cold load of automerge-paper compacted (${(paper.snapshot.byteLength / 1024).toFixed(0)} KB snapshot), connect → synced`, cells });
  console.error(`  cold load: ours ${cells.ours}; y-ws ${cells.yws}`);
}

function print(): void {
  const keys: Target["key"][] = ["ours", "yws", "hocuspocus", "hocuspocus-sqlite"];
  console.log(`| measure | ${keys.map((k) => short[k]).join(" | ")} | ours ÷ baseline |`);
  console.log(`| --- | ${keys.map(() => "---").join(" | ")} | --- |`);
  for (const r of rows) console.log(`| ${r.measure} | ${keys.map((k) => r.cells[k] ?? "").join(" | ")} | ${r.ratio ?? ""} |`);
  console.log(`\nnode ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}`);
}

async function main(): Promise<void> {
  process.setMaxListeners(0);
  const started = performance.now();
  if (only.has("cpu") || only.has("latency")) {
    const targets = await startAll("edit");
    if (only.has("cpu")) await cpuRuns(targets);
    if (only.has("latency")) await latencyRuns(targets);
    for (const t of targets) await stopTarget(t);
  }
  if (only.has("memory")) await memoryRuns();
  if (only.has("cold")) await coldRuns();
  print();
  console.log(`run took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
