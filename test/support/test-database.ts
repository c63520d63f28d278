// Where an integration test's server keeps its data, on either engine: a fresh SQLite file (the
// default), or — with TEST_DATABASE=postgres, the `integration-postgres` project — a fresh database
// in the one private PostgreSQL cluster the project's global setup started
// (test/support/postgres-global-setup.ts). A test names its data by one string, `dbPath`: a file path
// or a postgres:// URL, and reads it through the helpers here whatever the engine.
//
// The helpers are synchronous, as better-sqlite3 is, so a test's assertions read the same on both
// engines (`expect(query(...)).toEqual(...)`). On PostgreSQL the statement runs in a worker thread
// holding node-postgres pools, and this thread waits for its answer (Atomics.wait): a real query on
// the real database, only without a promise.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import Database from "better-sqlite3";
import { inject } from "vitest";
import { openPostgres } from "../../app/storage/postgres.server.js";
import { numberPlaceholders, QueryLayer } from "../../app/storage/sql.server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The private cluster's maintenance database (integration-postgres only). */
    postgresUrl: string;
    /** A migrated database of that cluster new test databases are copied from. */
    postgresTemplate: string;
  }
}

/** The engine this run's servers use (TEST_DATABASE=postgres: PostgreSQL; otherwise SQLite). */
export const TEST_ENGINE: "sqlite" | "postgres" = process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
export const onPostgres = TEST_ENGINE === "postgres";

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

let databases = 0;

/**
 * A fresh, empty (migrated on PostgreSQL, unmigrated on SQLite: the server migrates at start)
 * database for one server: a SQLite file in its own temporary directory, or a copy of the
 * cluster's migrated template.
 */
export function freshDatabase(): string {
  if (!onPostgres) return join(mkdtempSync(join(tmpdir(), "mediation-test-")), "mediation.db");
  const clusterUrl = inject("postgresUrl");
  const name = `t_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  queryNow(clusterUrl, `CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`, []);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The environment that points a server process at `dbPath`. */
export function databaseEnv(dbPath: string): Record<string, string> {
  return isPostgresUrl(dbPath) ? { DATABASE_URL: dbPath, DATABASE_PATH: "" } : { DATABASE_PATH: dbPath };
}

/** The query layer on a server's database, for the domain's own readers; `close()` when done. */
export function openTestSql(dbPath: string): QueryLayer {
  if (isPostgresUrl(dbPath)) return QueryLayer.postgres(openPostgres(dbPath, { max: 2, applicationName: "test" }));
  return QueryLayer.sqlite(new Database(dbPath, { readonly: true, fileMustExist: true }));
}

/** Runs one statement (`?` placeholders) on a server's database and returns its rows, synchronously. */
export function queryNow<T>(dbPath: string, sql: string, params: unknown[]): T[] {
  return statementNow<T>(dbPath, sql, params).rows;
}

/** Runs one statement that changes rows (a test tampering with storage); returns how many changed. */
export function runNow(dbPath: string, sql: string, ...params: unknown[]): number {
  return statementNow(dbPath, sql, params).changes;
}

function statementNow<T>(dbPath: string, sql: string, params: unknown[]): { rows: T[]; changes: number } {
  if (!isPostgresUrl(dbPath)) {
    const db = new Database(dbPath, { fileMustExist: true });
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return { rows: statement.all(...params) as T[], changes: 0 };
      return { rows: [], changes: statement.run(...params).changes };
    } finally {
      db.close();
    }
  }
  const b = bridge();
  Atomics.store(b.signal, 0, 0);
  b.port.postMessage({ url: dbPath, text: numberPlaceholders(sql), params });
  if (Atomics.wait(b.signal, 0, 0, 60_000) === "timed-out") throw new Error(`no answer from PostgreSQL in 60 s: ${sql}`);
  const reply = receiveMessageOnPort(b.port)!.message as { rows?: Record<string, unknown>[]; changes?: number; error?: string };
  if (reply.error !== undefined) throw new Error(`${reply.error}\n  in: ${sql}`);
  // Binary columns cross the thread boundary as Uint8Array; better-sqlite3 gives Buffers.
  const rows = reply.rows!.map((row) => {
    for (const key of Object.keys(row)) if (row[key] instanceof Uint8Array) row[key] = Buffer.from(row[key] as Uint8Array);
    return row as T;
  });
  return { rows, changes: reply.changes ?? 0 };
}

let worker: { port: MessagePort; signal: Int32Array } | undefined;

function bridge() {
  if (!worker) {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const pgPath = createRequire(import.meta.url).resolve("pg");
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { signal, port: port2, pgPath }, transferList: [port2] });
    thread.unref();
    worker = { port: port1, signal };
  }
  return worker;
}

// The worker: one small pool per database, the app's type parsing (BIGINT and NUMERIC as numbers),
// idle connections closed soon so that finished tests hold none.
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
const types = { getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) };
const pools = new Map();
workerData.port.on("message", async ({ url, text, params }) => {
  let reply;
  try {
    let pool = pools.get(url);
    if (!pool) {
      pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 1000, types });
      pool.on("error", () => {});
      pools.set(url, pool);
    }
    const result = await pool.query(text, params);
    reply = { rows: result.rows ?? [], changes: result.rowCount ?? 0 };
  } catch (error) {
    reply = { error: error.message };
  }
  workerData.port.postMessage(reply);
  Atomics.store(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
});
`;

/** The part of a better-sqlite3 handle the tests use to read and tamper with storage. */
export interface TestDb {
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; run(...params: unknown[]): { changes: number } };
  exec(sql: string): void;
  close(): void;
}

/**
 * A server's database as a synchronous handle on either engine: the real better-sqlite3 handle of a
 * SQLite file, or the same calls over the PostgreSQL bridge (each statement on its own, autocommitted).
 */
export function openTestDb(dbPath: string, { readonly = false } = {}): TestDb {
  if (!isPostgresUrl(dbPath)) return new Database(dbPath, { readonly, fileMustExist: true });
  return {
    prepare: (sql) => ({
      get: (...params) => queryNow(dbPath, sql, params)[0],
      all: (...params) => queryNow(dbPath, sql, params),
      run: (...params) => ({ changes: runNow(dbPath, sql, ...params) }),
    }),
    exec: (sql) => void runNow(dbPath, sql),
    close: () => undefined,
  };
}
