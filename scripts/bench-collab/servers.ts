// The servers the collab benchmark compares, each in its own process, and what is read from that
// process from the outside (/proc): CPU time and resident memory. Clients never run in these.
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { freePort, startProcess, stopProcess } from "../bench-support.js";

/** Which client library speaks to the server: y-websocket's provider or Hocuspocus' own. */
export type ClientKind = "y-websocket" | "hocuspocus";

export interface Target {
  key: "ours" | "yws" | "hocuspocus" | "hocuspocus-sqlite";
  name: string;
  kind: ClientKind;
  /** Provider base URL (y-websocket appends the room). */
  url: string;
  proc: ChildProcess;
}

export const TARGET_NAMES: Record<Target["key"], string> = {
  ours: "ours (SQLite FULL, commit before broadcast, schema check)",
  yws: "@y/websocket-server 0.1.1 (memory)",
  hocuspocus: "Hocuspocus 3.4.4 (memory)",
  "hocuspocus-sqlite": "Hocuspocus 3.4.4 + extension-sqlite (debounced store)",
};

/**
 * Our collab server as the app runs it: a real SQLite file (WAL, synchronous=FULL: the product's
 * setting), persist before broadcast, every update checked against the document schema
 * (STRUCTURE=1). Authorization is the test allow-list (headers), the only simplification.
 * `profileDir` adds `--cpu-prof` (written when the process exits on SIGTERM).
 */
export async function startOurs(dbPath: string, profileDir?: string, probe?: HeapProbe): Promise<Target> {
  const port = await freePort();
  const prof = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const proc = await startProcess(
    [...prof, ...probeArgs(probe), "--import", "tsx", "test/support/collab-process.ts"],
    {
      DATABASE_PATH: dbPath,
      PORT: String(port),
      QUIET: "1",
      STRUCTURE: "1",
      COMPACT_EVERY: "1000000000",
      IDLE_UNLOAD_MS: "600000",
      ...probeEnv(probe),
    },
    /"listening"/,
  );
  return { key: "ours", name: TARGET_NAMES.ours, kind: "y-websocket", url: `ws://127.0.0.1:${port}/collab`, proc };
}

/** The reference y-websocket server, without YPERSISTENCE (memory only). */
export async function startYws(probe?: HeapProbe): Promise<Target> {
  const port = await freePort();
  const proc = await startProcess(
    [...probeArgs(probe), "node_modules/@y/websocket-server/src/server.js"],
    { HOST: "127.0.0.1", PORT: String(port), ...probeEnv(probe) },
    /running at/,
  );
  return { key: "yws", name: TARGET_NAMES.yws, kind: "y-websocket", url: `ws://127.0.0.1:${port}`, proc };
}

/** Hocuspocus in memory, or with its SQLite extension when `dbPath` is given. */
export async function startHocuspocus(dbPath?: string, probe?: HeapProbe): Promise<Target> {
  const port = await freePort();
  const env: Record<string, string> = { PORT: String(port), ...probeEnv(probe) };
  if (dbPath) env.DATABASE_PATH = dbPath;
  const proc = await startProcess([...probeArgs(probe), "--import", "tsx", "scripts/bench-collab/hocuspocus-server.ts"], env, /listening/);
  const key = dbPath ? "hocuspocus-sqlite" : "hocuspocus";
  return { key, name: TARGET_NAMES[key], kind: "hocuspocus", url: `ws://127.0.0.1:${port}`, proc };
}

export const stopTarget = (target: Target) => stopProcess(target.proc);

/** Where a server started with the heap probe (heap-probe.cjs) writes its memory usage. */
export interface HeapProbe {
  file: string;
}

const probeArgs = (probe?: HeapProbe) => (probe ? ["--expose-gc", "--require", "./scripts/bench-collab/heap-probe.cjs"] : []);
const probeEnv = (probe?: HeapProbe): Record<string, string> => (probe ? { HEAP_PROBE_FILE: probe.file } : {});

/**
 * The server's memory after a full garbage collection (heap-probe.cjs): JS heap plus memory outside
 * it (Buffers, typed arrays), in KB. What the process retains, without garbage or allocator slack.
 */
export async function retainedKb(target: Target, probe: HeapProbe): Promise<number> {
  rmSync(probe.file, { force: true });
  target.proc.kill("SIGUSR2");
  const started = performance.now();
  while (!existsSync(probe.file)) {
    if (performance.now() - started > 10_000) throw new Error(`${target.key}: no heap probe answer`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const usage = JSON.parse(readFileSync(probe.file, "utf8")) as NodeJS.MemoryUsage;
  return (usage.heapUsed + usage.external) / 1024;
}

/**
 * CPU time the process has used so far, in microseconds: the sum over its threads (main thread,
 * libuv pool, V8 helpers) of the first field of /proc/<pid>/task/<tid>/schedstat (nanoseconds on
 * a CPU, user and kernel time alike: an fsync's journal work counts). Nanosecond resolution, where
 * /proc/<pid>/stat counts 10 ms ticks, so short, slow-paced windows are measured too. Threads that
 * ended during the window are not counted (Node keeps its threads for the process' lifetime).
 */
export function cpuMicros(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1000;
}

export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : Number.NaN;
}
