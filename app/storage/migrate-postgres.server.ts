// The PostgreSQL migration runner: the same contract as the SQLite one (migrate.server.ts) over
// migrations/postgres/. Forward-only numbered files, each in its own transaction, recorded with a
// SHA-256 in schema_migrations; an applied file edited or gone, or two files sharing a number,
// stop it before anything is applied.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { type AppliedMigration, MigrationError, pendingMigrations, readMigrationFiles } from "./migration-files.js";

export { type AppliedMigration, MigrationError } from "./migration-files.js";

/**
 * The repository's migrations/postgres/, found from this module's own location: it runs from its
 * source (app/storage/, under tsx and the tests) and may run from the Remix server bundle (build/),
 * where one fixed relative path would miss it. The nearest ancestor holding the directory wins.
 */
export const POSTGRES_MIGRATIONS_DIR = findUp(dirname(fileURLToPath(import.meta.url)), join("migrations", "postgres"));

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return `${candidate}/`;
    if (dirname(dir) === dir) return join(from, "..", "..", relative) + "/";
  }
}

/**
 * Key of the session advisory lock held while migrating: two app instances starting at once on one
 * database migrate one after the other (the second finds everything applied). Any constant works
 * if nothing else on the database uses it; this one is the ASCII bytes of "mediatio" as a bigint.
 * A string, because the key is a 64-bit integer and JavaScript numbers stop being exact at 2^53.
 */
const MIGRATION_LOCK_KEY = "7882817126551284079";

function isPool(client: pg.ClientBase | pg.Pool): client is pg.Pool {
  return "totalCount" in client;
}

export async function migratePostgres(client: pg.ClientBase | pg.Pool, dir = POSTGRES_MIGRATIONS_DIR): Promise<AppliedMigration[]> {
  // The files are read and checked first: a bad directory fails without touching the database.
  const files = readMigrationFiles(dir);
  // One connection for the whole run: a session advisory lock belongs to the connection that took it.
  const conn = isPool(client) ? await client.connect() : client;
  let unlocked = false;
  try {
    await conn.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    try {
      return await migrateLocked(conn, files, dir);
    } finally {
      // A failed unlock must not hide the migration's own error (thrown above, if any).
      await conn.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]).then(
        () => {
          unlocked = true;
        },
        () => {},
      );
    }
  } finally {
    // A pooled connection that may still hold the lock is closed, not reused: closing releases it.
    if (isPool(client)) (conn as pg.PoolClient).release(!unlocked);
  }
}

async function migrateLocked(conn: pg.ClientBase, files: ReturnType<typeof readMigrationFiles>, dir: string): Promise<AppliedMigration[]> {
  // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS can both fail on the catalog otherwise.
  await conn.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at BIGINT NOT NULL
  )`);
  const { rows } = await conn.query<{ id: number; name: string; checksum: string }>("SELECT id, name, checksum FROM schema_migrations");
  const applied = new Map(rows.map((r) => [r.id, { name: r.name, checksum: r.checksum }]));
  const newlyApplied: AppliedMigration[] = [];
  for (const file of pendingMigrations(files, applied, dir)) {
    await conn.query("BEGIN");
    try {
      // No parameters: the simple query protocol, which runs a file of several statements.
      await conn.query(file.sql);
      await conn.query("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES ($1, $2, $3, $4)", [
        file.id,
        file.name,
        file.checksum,
        Date.now(),
      ]);
      await conn.query("COMMIT");
    } catch (error) {
      await conn.query("ROLLBACK").catch(() => {});
      throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
    }
    newlyApplied.push({ id: file.id, name: file.name });
  }
  return newlyApplied;
}
