// A process running only the collab server on a real SQLite file, for crash tests and benchmarks:
// `node --import tsx test/support/collab-process.ts` with DATABASE_PATH and PORT (0 = free port).
// Prints one JSON line {"msg":"listening","port":N} when ready. STRUCTURE=1 adds the app's schema
// check of every update; GET /stats reports counts, memory and the process's CPU time.
// POSTGRES_URL stores on that PostgreSQL database instead (migrated at start); REDIS_URL makes it
// one of several instances serving the same storage (FANOUT_SWEEP_MS: how often it checks storage).
import { createServer } from "node:http";
import pg from "pg";
import { openDatabase } from "../../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../../app/storage/migrate.server.js";
import { migratePostgres } from "../../app/storage/migrate-postgres.server.js";
import { createCollabServer, type CollabPersistence } from "../../server/collab/index.js";
import { createSqlitePersistence } from "../../app/storage/collab-store.server.js";
import { createPostgresPersistence } from "../../app/storage/collab-store-postgres.server.js";
import { createRedisFanout } from "../../server/fanout/redis.js";
import { routeUpgrade } from "../../server/upgrade.js";
import { log } from "../../server/http/logging.js";
import { isTestOrigin, testAuthorize } from "./collab-auth.js";
import { documentStructure } from "../../server/content/document-structure.js";

let persistence: CollabPersistence;
let closeStorage: () => Promise<void>;
if (process.env.POSTGRES_URL) {
  const pool = new pg.Pool({ connectionString: process.env.POSTGRES_URL, max: 4 });
  await migratePostgres(pool);
  persistence = createPostgresPersistence(pool);
  closeStorage = () => pool.end();
} else {
  const db = openDatabase(process.env.DATABASE_PATH ?? "data/collab-test.db");
  // Benchmarks compare the product's synchronous=FULL with NORMAL; nothing else changes it.
  if (process.env.SQLITE_SYNCHRONOUS === "NORMAL") db.pragma("synchronous = NORMAL");
  migrate(db, MIGRATIONS_DIR);
  persistence = createSqlitePersistence(db);
  closeStorage = async () => {
    db.close();
  };
}
const fanout = process.env.REDIS_URL ? await createRedisFanout(process.env.REDIS_URL) : undefined;
const collab = createCollabServer({
  persistence,
  isOriginAllowed: isTestOrigin,
  authorize: testAuthorize,
  compactEvery: Number(process.env.COMPACT_EVERY ?? 500),
  idleUnloadMs: Number(process.env.IDLE_UNLOAD_MS ?? 30_000),
  rate: { burst: 100_000, perSecond: 100_000 },
  // STRUCTURE=1: every update checked against the document schema, as the app runs it.
  structure: process.env.STRUCTURE === "1" ? documentStructure() : undefined,
  fanout,
  fanoutSweepMs: process.env.FANOUT_SWEEP_MS ? Number(process.env.FANOUT_SWEEP_MS) : undefined,
});
const server = createServer((_req, res) => {
  if (_req.url === "/stats") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ...collab.stats(), memory: process.memoryUsage(), cpu: process.cpuUsage() }));
    return;
  }
  if (_req.url === "/gc" && typeof globalThis.gc === "function") {
    globalThis.gc();
    res.end("ok");
    return;
  }
  res.statusCode = 404;
  res.end();
});
server.on("upgrade", routeUpgrade(collab));
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  log("info", "listening", { port: typeof address === "object" && address ? address.port : 0 });
});
if (process.env.QUIET) {
  // Benchmarks: keep stdout for the listening line only.
  const write = process.stdout.write.bind(process.stdout);
  let first = true;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (first && String(chunk).includes('"listening"')) {
      first = false;
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }
    return true;
  }) as typeof process.stdout.write;
}
const shutdown = async () => {
  await collab.close();
  server.close();
  await fanout?.close();
  await closeStorage();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
