// Benchmark: edit→peer latency when the two peers are on DIFFERENT collab server instances
// (joined by Redis pub/sub) versus on ONE instance, measured in the same run.
//
// One private redis-server (test/support/redis.ts) and three collab processes
// (test/support/collab-process.ts) on one SQLite file — or, with BENCH_ENGINE=postgres, on one
// database of a private PostgreSQL cluster with its durable defaults (fsync on) — all with
// REDIS_URL and QUIET=1:
//   one instance:  writer and reader both on X (X still has REDIS_URL: only the sharing differs)
//   two instances: writer on A, reader on B
// Each edit is one character appended to a Y.Text by the writer; its latency is the time until the
// reader's Y.Doc emits the update, both measured with performance.now() in this process (one clock).
// The next edit waits for the arrival plus a random 0–5 ms pause. The two cases run interleaved in
// rounds, alternating which goes first, so machine noise hits both alike.
// Run: npm run bench:instances   (BENCH_EDITS=500 edits per case by default; well under a minute)
//      BENCH_ENGINE=postgres npm run bench:instances
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { connectClient, openCollabDb, spawnCollabProcess, synced, type CollabProcess, type TestClient } from "../test/support/collab.js";
import { startRedis, type TestRedis } from "../test/support/redis.js";
import { startPostgres, type TestPostgres } from "../test/support/postgres.js";
import { migratePostgres } from "../app/storage/migrate-postgres.server.js";
import pg from "pg";

const EDITS = Number(process.env.BENCH_EDITS ?? 500);
const WARMUP = 50;
const ROUNDS = 4;
const ENGINE = process.env.BENCH_ENGINE ?? "sqlite";
if (ENGINE !== "sqlite" && ENGINE !== "postgres") throw new Error("BENCH_ENGINE must be sqlite or postgres");
/** An edit that hasn't reached the reader by then counts as a timeout (left out of the percentiles). */
const ARRIVAL_TIMEOUT_MS = 5_000;

if (!Number.isInteger(EDITS) || EDITS < ROUNDS) throw new Error(`BENCH_EDITS must be an integer >= ${ROUNDS}`);

interface Case {
  name: string;
  writer: TestClient;
  reader: TestClient;
  samples: number[];
  timeouts: number;
  /** Set while an edit is in flight: the reader's text length that means "it arrived". */
  pending: { length: number; arrived: (at: number) => void } | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function makeCase(name: string, writerUrl: string, readerUrl: string, documentId: string): Case {
  const writer = connectClient(writerUrl, documentId, { user: "bench-writer" });
  const reader = connectClient(readerUrl, documentId, { user: "bench-reader" });
  const c: Case = { name, writer, reader, samples: [], timeouts: 0, pending: null };
  reader.doc.on("update", () => {
    const now = performance.now();
    if (c.pending && reader.text.length >= c.pending.length) {
      const { arrived } = c.pending;
      c.pending = null;
      arrived(now);
    }
  });
  return c;
}

/** One edit: append a character, wait for the reader to have it; the latency, or null on timeout. */
async function edit(c: Case): Promise<number | null> {
  const length = c.writer.text.length + 1;
  let timer: NodeJS.Timeout | undefined;
  const arrival = new Promise<number | null>((resolve) => {
    c.pending = { length, arrived: resolve };
    timer = setTimeout(() => resolve(null), ARRIVAL_TIMEOUT_MS);
  });
  const start = performance.now();
  c.writer.text.insert(c.writer.text.length, "x");
  const at = await arrival;
  clearTimeout(timer);
  if (at === null) {
    c.pending = null;
    // Catch up before the next edit, so a late arrival isn't taken for the next one's.
    const deadline = performance.now() + 30_000;
    while (c.reader.text.length < length) {
      if (performance.now() > deadline) throw new Error(`${c.name}: reader never received edit ${length}`);
      await sleep(10);
    }
    return null;
  }
  return at - start;
}

async function run(c: Case, count: number, record: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    const latency = await edit(c);
    if (record) {
      if (latency === null) c.timeouts++;
      else c.samples.push(latency);
    }
    await sleep(Math.random() * 5);
  }
}

async function main(): Promise<void> {
  // Every WebsocketProvider adds a process "exit" listener.
  process.setMaxListeners(0);
  console.log(`instances benchmark: node ${process.version}, ${cpus().length} cores, load average at start ${loads()} (1, 5, 15 min)`);
  const dir = mkdtempSync(join(tmpdir(), "bench-instances-"));
  const processes: CollabProcess[] = [];
  const clients: TestClient[] = [];
  let redis: TestRedis | undefined;
  let postgres: TestPostgres | undefined;
  const onSigint = async () => {
    for (const p of processes) p.child.kill("SIGKILL");
    // stop() kills redis-server and removes its dir (its own "exit" hook would only kill it).
    await Promise.race([Promise.all([redis?.stop(), postgres?.stop()]), sleep(2_000)]);
    rmSync(dir, { recursive: true, force: true });
    console.error("interrupted: collab processes and redis-server killed");
    process.exit(130);
  };
  const sigint = () => void onSigint();
  process.once("SIGINT", sigint);
  try {
    redis = await startRedis();
    const dbPath = join(dir, "collab.db");
    const env: Record<string, string> = { REDIS_URL: redis.url, QUIET: "1" };
    // Migrate once here, so the three processes don't race to create the schema.
    if (ENGINE === "postgres") {
      postgres = await startPostgres({ durable: true });
      const pool = new pg.Pool({ connectionString: postgres.url, max: 1 });
      await migratePostgres(pool);
      await pool.end();
      env.POSTGRES_URL = postgres.url;
    } else {
      openCollabDb(dbPath).close();
    }
    const spawned = await Promise.allSettled([0, 1, 2].map(() => spawnCollabProcess(dbPath, 0, env)));
    for (const s of spawned) if (s.status === "fulfilled") processes.push(s.value);
    for (const s of spawned) if (s.status === "rejected") throw s.reason;
    const [x, a, b] = processes as [CollabProcess, CollabProcess, CollabProcess];

    const tag = randomUUID().slice(0, 8);
    const one = makeCase("one instance (X→X)", x.url, x.url, `bench-one-${tag}`);
    const two = makeCase("two instances (A→B, Redis)", a.url, b.url, `bench-two-${tag}`);
    clients.push(one.writer, one.reader, two.writer, two.reader);
    await Promise.all(clients.map((c) => synced(c, 20_000)));

    await run(one, WARMUP, false);
    await run(two, WARMUP, false);
    for (let round = 0; round < ROUNDS; round++) {
      const count = Math.floor(EDITS / ROUNDS) + (round < EDITS % ROUNDS ? 1 : 0);
      for (const c of round % 2 === 0 ? [one, two] : [two, one]) await run(c, count, true);
    }

    const header = ["case", "edits", "timeouts", "p50 ms", "p90 ms", "p99 ms", "max ms"];
    const rows = [one, two].map((c) => [
      c.name,
      String(c.samples.length + c.timeouts),
      String(c.timeouts),
      ...[50, 90, 99, 100].map((p) => percentile(c.samples, p).toFixed(2)),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
    console.log(
      `\n${EDITS} edits per case after ${WARMUP} warm-up edits, in ${ROUNDS} interleaved rounds; ${ENGINE === "postgres" ? "one PostgreSQL database (fsync on)" : "one SQLite file"}, one redis-server\n`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));
    const ratio = (p: number) => (percentile(two.samples, p) / percentile(one.samples, p)).toFixed(2);
    console.log(`\ntwo instances / one instance: p50 ×${ratio(50)}, p99 ×${ratio(99)}`);
    console.log(`load average at end ${loads()} (1, 5, 15 min)`);
  } finally {
    for (const c of clients) c.destroy();
    await Promise.all(processes.map((p) => Promise.race([p.stop(), sleep(5_000)]).then(() => p.kill())));
    await redis?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
    process.off("SIGINT", sigint);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
