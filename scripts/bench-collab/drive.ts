// Drives one benchmark run against one server: client processes (client-worker.ts) connect,
// lay out paragraphs, edit; the server's CPU is read from /proc around the edits only.
import { fork, type ChildProcess } from "node:child_process";
import { ROOT } from "../bench-support.js";
import type { FromWorker, Pattern, ToWorker, WriterInfo } from "./messages.js";
import { cpuMicros, type Target } from "./servers.js";

const now = () => performance.timeOrigin + performance.now();

export class Worker {
  private readonly proc: ChildProcess;
  private readonly inbox: FromWorker[] = [];
  private waiting: ((message: FromWorker) => void) | null = null;
  private exited: Error | null = null;

  constructor() {
    this.proc = fork(`${ROOT}scripts/bench-collab/client-worker.ts`, [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.proc.on("message", (message: FromWorker) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(message);
      } else this.inbox.push(message);
    });
    this.proc.on("exit", (code) => {
      this.exited = new Error(`client worker exited ${code}`);
    });
  }

  async ask<T extends FromWorker["type"]>(message: ToWorker, reply: T, timeoutMs = 180_000): Promise<Extract<FromWorker, { type: T }>> {
    this.proc.send(message);
    const got = this.inbox.shift() ?? (await this.next(timeoutMs));
    if (got.type !== reply) throw new Error(`client worker answered ${got.type}, expected ${reply}`);
    return got as Extract<FromWorker, { type: T }>;
  }

  private next(timeoutMs: number): Promise<FromWorker> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("client worker timed out")), timeoutMs);
      this.waiting = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }

  async close(): Promise<void> {
    await this.ask({ type: "close" }, "closed").catch(() => this.proc.kill());
  }
}

/** How many clients each process holds: writers over up to 2 processes, observers over up to 2. */
function layout(writers: number, observers: number): { writers: number; observers: number }[] {
  const split = (n: number, parts: number) => Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
  const w = split(writers, Math.min(writers, 2));
  const o = observers ? split(observers, observers > 10 ? 2 : 1) : [];
  return [...w.map((n) => ({ writers: n, observers: 0 })), ...o.map((n) => ({ writers: 0, observers: n }))];
}

export interface Session {
  workers: Worker[];
  writerInfo: WriterInfo[];
  syncedMs: number[];
  length: number;
}

export async function openSession(target: Target, room: string, writers: number, observers: number): Promise<Session> {
  const parts = layout(writers, observers);
  const workers = parts.map(() => new Worker());
  let firstWriter = 0;
  const connected = await Promise.all(
    parts.map((part, i) => {
      const message: ToWorker = { type: "connect", kind: target.kind, url: target.url, room, writers: part.writers, observers: part.observers, firstWriter };
      firstWriter += part.writers;
      return workers[i]!.ask(message, "connected");
    }),
  );
  return { workers, writerInfo: [], syncedMs: connected.map((c) => c.syncedMs), length: connected[0]?.length ?? 0 };
}

export const closeSession = (session: Session) => Promise.all(session.workers.map((w) => w.close()));

export interface EditResult {
  updates: number;
  serverCpuUs: number;
  cpuPerUpdateUs: number;
  perSecond: number;
  latencies: number[];
}

/** One run: writers × perWriter single-character edits, until every client holds all of them. */
export async function editRun(
  target: Target,
  room: string,
  options: { writers: number; observers: number; pattern: Pattern; perWriter: number; intervalMs: number; timed: boolean },
): Promise<EditResult> {
  const session = await openSession(target, room, options.writers, options.observers);
  try {
    const prepared = await Promise.all(
      session.workers.map((w) => w.ask({ type: "prepare", pattern: options.pattern, totalWriters: options.writers }, "prepared")),
    );
    const writerInfo = prepared.flatMap((p) => p.writers);
    // Let the layout's own traffic settle before the window opens.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const updates = options.writers * options.perWriter;
    const go: ToWorker = {
      type: "go",
      pattern: options.pattern,
      perWriter: options.perWriter,
      intervalMs: options.intervalMs,
      expected: updates,
      track: options.timed ? writerInfo : null,
    };
    const pid = target.proc.pid!;
    const cpuBefore = cpuMicros(pid);
    const startedAt = now();
    const done = await Promise.all(session.workers.map((w) => w.ask(go, "done")));
    const cpuAfter = cpuMicros(pid);
    const finishedAt = Math.max(...done.map((d) => d.at));
    const sends: Record<number, number[]> = Object.assign({}, ...done.map((d) => d.sends));
    const latencies: number[] = [];
    for (const d of done) for (const [id, k, at] of d.arrivals) latencies.push(at! - sends[id!]![k!]!);
    return {
      updates,
      serverCpuUs: cpuAfter - cpuBefore,
      cpuPerUpdateUs: (cpuAfter - cpuBefore) / updates,
      perSecond: updates / ((finishedAt - startedAt) / 1000),
      latencies,
    };
  } finally {
    await closeSession(session);
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
