// The app's storage, chosen by the configuration: the embedded SQLite file (DATABASE_PATH, the
// default) or PostgreSQL (DATABASE_URL). Opened and migrated here, before anything else runs; both
// give the domain the same query layer and the collab server the same persistence seam.
import { resolve } from "node:path";
import type { AppConfig } from "../app/domain/config.server.js";
import { openDatabase } from "../app/storage/database.server.js";
import { migrate, MIGRATIONS_DIR } from "../app/storage/migrate.server.js";
import { migratePostgres } from "../app/storage/migrate-postgres.server.js";
import { describeDatabaseUrl, openPostgres } from "../app/storage/postgres.server.js";
import { QueryLayer } from "../app/storage/sql.server.js";
import type { AppliedMigration } from "../app/storage/migration-files.js";
import { log } from "./http/logging.js";

export interface AppStorage {
  sql: QueryLayer;
  /** What the logs say the database is (never a password). */
  description: string;
  /** Migrations applied while opening. */
  applied: AppliedMigration[];
}

/** A failure to reach or migrate the database: the start stops with this one-line message. */
export class StorageError extends Error {}

export async function openStorage(config: AppConfig): Promise<AppStorage> {
  if (config.databaseUrl) {
    const pool = openPostgres(config.databaseUrl);
    // An idle connection the server dropped (a restart, the network): the next query takes a new one.
    pool.on("error", (error) => log("warn", "idle database connection lost", { error: error.message }));
    try {
      const applied = await migratePostgres(pool);
      return { sql: QueryLayer.postgres(pool), description: describeDatabaseUrl(config.databaseUrl), applied };
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StorageError(messageOf(error));
    }
  }
  const db = openDatabase(config.databasePath);
  try {
    const applied = migrate(db, MIGRATIONS_DIR);
    // The raw handle stays for the collab server's synchronous commits (ADR 039).
    return { sql: QueryLayer.sqlite(db), description: resolve(config.databasePath), applied };
  } catch (error) {
    db.close();
    throw new StorageError((error as Error).message);
  }
}

/** node-postgres reports a refused connection to every address of a host as an AggregateError with no message of its own. */
function messageOf(error: unknown): string {
  const e = error as Error & { errors?: Error[] };
  return e.message || e.errors?.[0]?.message || String(error);
}
