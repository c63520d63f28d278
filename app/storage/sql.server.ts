// The one asynchronous query layer the domain talks to storage through (docs/decisions/039-async-query-layer.md).
// Kysely's drivers hold the connections (one better-sqlite3 handle behind Kysely's connection
// mutex; a node-postgres pool), its savepoint support nests transactions; the domain writes plain
// SQL with `?` placeholders, as it always has, and this module numbers them for PostgreSQL.
//
// Why a thin facade over Kysely's driver layer and not its query builder: 190 statements were
// written and reviewed as SQL, the migrations are SQL, and a mechanical conversion (same text,
// awaited) is what can be checked line by line. New code may still use Kysely's builder
// through `kysely`.
import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type QueryResult } from "kysely";
import type { Db } from "./database.server.js";

export type Engine = "sqlite" | "postgres";
export type SqlValue = string | number | bigint | null | Uint8Array;
export interface RunResult {
  /** Rows the statement inserted, updated or deleted. */
  changes: number;
}

/** What the domain holds instead of a database handle: the root, or an open transaction. */
export interface Sql {
  readonly engine: Engine;
  all<T = Record<string, unknown>>(text: string, ...params: SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, ...params: SqlValue[]): Promise<T | undefined>;
  run(text: string, ...params: SqlValue[]): Promise<RunResult>;
  /**
   * Runs `fn` in a transaction and commits what it did, or rolls everything back if it throws.
   * Nested calls are savepoints (as better-sqlite3's nested transactions were). `fn` must await
   * nothing but its own statements and other transaction-bound work: no password hashing, no
   * network, no collab server (see the ADR: on SQLite the one connection is held meanwhile).
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/** A transaction in flight, visible to the code it runs (and only to that code) through `current`. */
interface OpenTransaction {
  connection: DatabaseConnection;
  open: boolean;
  savepoints: number;
}
const current = new AsyncLocalStorage<OpenTransaction>();
const sqliteLayers = new WeakMap<Db, QueryLayer>();

/** all/get/run over one way of executing a statement (the root's, or an open transaction's). */
abstract class Statements {
  abstract readonly engine: Engine;
  protected abstract executeQuery(query: CompiledQuery): Promise<QueryResult<unknown>>;

  private async execute(text: string, params: SqlValue[]) {
    try {
      return await this.executeQuery(CompiledQuery.raw(this.engine === "postgres" ? numberPlaceholders(text) : text, params));
    } catch (error) {
      // Which statement failed, for the log (never shown to a user; the parameters are not kept).
      if (error instanceof Error && !("statement" in error)) Object.assign(error, { statement: text.replace(/\s+/g, " ").slice(0, 300) });
      throw error;
    }
  }

  async all<T>(text: string, ...params: SqlValue[]): Promise<T[]> {
    return (await this.execute(text, params)).rows as T[];
  }

  async get<T>(text: string, ...params: SqlValue[]): Promise<T | undefined> {
    return (await this.execute(text, params)).rows[0] as T | undefined;
  }

  async run(text: string, ...params: SqlValue[]): Promise<RunResult> {
    const result = await this.execute(text, params);
    return { changes: Number(result.numAffectedRows ?? 0n) };
  }
}

/**
 * The root query layer over one engine. On SQLite the statements of every caller go through one
 * connection in turn (Kysely's mutex), so an open transaction has it to itself until it ends.
 *
 * A statement issued on the ROOT from inside a transaction's own async flow (a helper handed
 * `services.db` rather than the transaction) joins that transaction instead of waiting for the
 * connection it holds — which on SQLite would wait for ever. That is what better-sqlite3 did (one
 * connection: everything on it was in the open transaction), and it keeps the engines alike.
 */
export class QueryLayer extends Statements implements Sql {
  readonly kysely: Kysely<unknown>;
  readonly engine: Engine;
  /** The better-sqlite3 handle on SQLite (migrations, the collab server's synchronous adapter); null on PostgreSQL. */
  readonly sqlite: Db | null;
  /** The node-postgres pool on PostgreSQL (the collab server's adapter takes its own connections); null on SQLite. */
  readonly pool: pg.Pool | null;

  private constructor(kysely: Kysely<unknown>, engine: Engine, sqlite: Db | null, pool: pg.Pool | null) {
    super();
    this.kysely = kysely;
    this.engine = engine;
    this.sqlite = sqlite;
    this.pool = pool;
  }

  /**
   * The layer over a better-sqlite3 handle: always the same one for the same handle, so every
   * caller shares its connection mutex (two layers over one handle would not serialize).
   */
  static sqlite(db: Db): QueryLayer {
    let layer = sqliteLayers.get(db);
    if (!layer) {
      layer = new QueryLayer(new Kysely({ dialect: new SqliteDialect({ database: cachingStatements(db) }) }), "sqlite", db, null);
      sqliteLayers.set(db, layer);
    }
    return layer;
  }

  static postgres(pool: pg.Pool): QueryLayer {
    return new QueryLayer(new Kysely({ dialect: new PostgresDialect({ pool }) }), "postgres", null, pool);
  }

  private joined(): OpenTransaction | undefined {
    const open = current.getStore();
    return open?.open ? open : undefined;
  }

  protected executeQuery(query: CompiledQuery) {
    const joined = this.joined();
    return joined ? joined.connection.executeQuery(query) : this.kysely.executeQuery(query);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const joined = this.joined();
    if (joined) return new TransactionSql(this, joined).transaction(fn);
    return this.kysely.connection().execute(async (connection) => {
      const raw: DatabaseConnection = { executeQuery: (q) => connection.executeQuery(q) as never, streamQuery: () => unsupported() };
      const open: OpenTransaction = { connection: raw, open: true, savepoints: 0 };
      // SQLite: IMMEDIATE takes the write lock first, so another process on the same file (a second
      // instance) waits in the busy handler instead of failing half-way when both upgrade.
      await raw.executeQuery(CompiledQuery.raw(this.engine === "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN"));
      try {
        const result = await current.run(open, () => fn(new TransactionSql(this, open)));
        open.open = false;
        await raw.executeQuery(CompiledQuery.raw("COMMIT"));
        return result;
      } catch (error) {
        open.open = false;
        await raw.executeQuery(CompiledQuery.raw("ROLLBACK")).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Runs synchronous better-sqlite3 work (the collab server's group commit) with the connection to
   * itself, after any open transaction ended. Refuses to run from inside a transaction: the work
   * commits on its own (persist before broadcast) and must never be rolled back by the domain's.
   */
  exclusive<T>(work: (db: Db) => T): Promise<T> {
    const db = this.sqlite;
    if (!db) return Promise.reject(new Error("exclusive() is for the SQLite engine"));
    if (this.joined()) return Promise.reject(new Error("collab storage used inside a database transaction"));
    return this.kysely.connection().execute(async () => work(db));
  }

  /** Closes the connections (on SQLite, the handle too). */
  async close(): Promise<void> {
    if (this.sqlite) sqliteLayers.delete(this.sqlite);
    await this.kysely.destroy();
  }
}

/**
 * The handle as Kysely's SQLite driver sees it, with each statement compiled once: the domain's
 * statements are fixed texts run on every page (compiling cost more than running them), and a
 * better-sqlite3 statement can be run again and again. Bounded, for texts built with a variable
 * number of placeholders.
 */
function cachingStatements(db: Db) {
  const cache = new Map<string, ReturnType<Db["prepare"]>>();
  return {
    prepare(text: string) {
      let prepared = cache.get(text);
      if (!prepared) {
        if (cache.size >= 1000) cache.clear();
        prepared = db.prepare(text);
        cache.set(text, prepared);
      }
      return prepared;
    },
    close: () => db.close(),
  };
}

function unsupported(): never {
  throw new Error("streaming is not used");
}

/** An open transaction: its statements run on its connection; nested transactions are savepoints. */
class TransactionSql extends Statements implements Sql {
  readonly engine: Engine;
  constructor(
    root: QueryLayer,
    private readonly open: OpenTransaction,
  ) {
    super();
    this.engine = root.engine;
  }

  protected async executeQuery(query: CompiledQuery) {
    if (!this.open.open) throw new Error("statement after its transaction ended");
    return this.open.connection.executeQuery(query);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const name = `sp${++this.open.savepoints}`;
    await this.run(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      await this.run(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      if (this.open.open) {
        await this.run(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        await this.run(`RELEASE SAVEPOINT ${name}`).catch(() => undefined);
      }
      throw error;
    }
  }
}

/**
 * `?` placeholders numbered `$1, $2, …` for PostgreSQL, skipping quoted text, quoted names and
 * comments (a `?` there is not a parameter).
 */
export function numberPlaceholders(text: string): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * The few spellings that differ between the engines, for the statements that need them; everything
 * else the domain writes is SQL both engines read alike (see ADR 040).
 */
export interface Dialect {
  /** The larger of several values: SQLite's scalar MAX(a, b, …), PostgreSQL's GREATEST(a, b, …). */
  greatest: "MAX" | "GREATEST";
  /** A subquery of the texts in a JSON array given as one parameter: `x IN (${inJsonArray})`. */
  inJsonArray: string;
  /**
   * A row's place in insertion order, to break ties of equal times in an append-only table: SQLite's
   * rowid; on PostgreSQL the tuple's position, which no update or delete moves in a table whose
   * triggers refuse both.
   */
  insertionOrder: "rowid" | "ctid";
}

const DIALECTS: Record<Engine, Dialect> = {
  sqlite: { greatest: "MAX", inJsonArray: "SELECT value FROM json_each(?)", insertionOrder: "rowid" },
  postgres: { greatest: "GREATEST", inJsonArray: "SELECT value FROM json_array_elements_text(CAST(? AS json))", insertionOrder: "ctid" },
};

export function dialectOf(db: Sql): Dialect {
  return DIALECTS[db.engine];
}

/**
 * Holds one row until the caller's transaction ends, for a check that reads and then writes on what
 * it read (the last facilitator of a process; the stored text a round freezes). On PostgreSQL,
 * READ COMMITTED, `SELECT … FOR NO KEY UPDATE` makes every other transaction that holds the same row
 * (and the text triggers, which take the same lock on a document) wait for this one, then read what
 * it committed — while rows that only reference it (an audit event, a document of the process) are
 * still inserted, as their key check takes the weaker FOR KEY SHARE. On SQLite the transaction
 * already holds the one write lock from its BEGIN IMMEDIATE. A missing row is not an error here:
 * the check that follows says so.
 */
export async function holdRow(db: Sql, table: "processes" | "documents", id: string): Promise<void> {
  if (db.engine === "postgres") await db.run(`SELECT id FROM ${table} WHERE id = ? FOR NO KEY UPDATE`, id);
}

/**
 * Makes the transactions that name the same subject run one after the other from this call until
 * they end, for a check on rows that may not exist yet (no row to hold: "is there an
 * administrator?"). On PostgreSQL a transaction-level advisory lock on the subject's hash; on
 * SQLite the transaction already holds the one write lock.
 */
export async function serializeOn(db: Sql, subject: string): Promise<void> {
  if (db.engine === "postgres") await db.run("SELECT pg_advisory_xact_lock(hashtext(?))", subject);
}

/** One statement run many times (a loop of inserts): the text once, the parameters per call. */
export function statement(db: Sql, text: string) {
  return {
    run: (...params: SqlValue[]) => db.run(text, ...params),
    get: <T = Record<string, unknown>>(...params: SqlValue[]) => db.get<T>(text, ...params),
    all: <T = Record<string, unknown>>(...params: SqlValue[]) => db.all<T>(text, ...params),
  };
}
