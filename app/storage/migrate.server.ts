// The SQLite migration runner over migrations/sqlite/ (the PostgreSQL one, migrate-postgres.server.ts,
// keeps the same contract over migrations/postgres/; both read the files with migration-files.ts).
import type { Db } from "./database.server.js";
import { type AppliedMigration, MigrationError, pendingMigrations, readMigrationFiles } from "./migration-files.js";

export { type AppliedMigration, MigrationError } from "./migration-files.js";

/**
 * Applies forward-only numbered SQL files in order, each in its own transaction, and
 * records a SHA-256 of each file. Refuses to go on when an applied file was edited or removed
 * afterwards: the database would no longer match what the code believes it is.
 */
export function migrate(db: Db, dir: string): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const files = readMigrationFiles(dir);
  const applied = new Map<number, { name: string; checksum: string }>();
  for (const row of db.prepare("SELECT id, name, checksum FROM schema_migrations").all() as { id: number; name: string; checksum: string }[]) {
    applied.set(row.id, { name: row.name, checksum: row.checksum });
  }
  const newlyApplied: AppliedMigration[] = [];
  for (const file of pendingMigrations(files, applied, dir)) {
    // IMMEDIATE, and checked again inside: another process starting on the same file (a second
    // instance) may have applied it since the list was read; it is then skipped, not run twice.
    const apply = db.transaction((): boolean => {
      const done = db.prepare("SELECT checksum FROM schema_migrations WHERE id = ?").get(file.id) as { checksum: string } | undefined;
      if (done) {
        if (done.checksum !== file.checksum) throw new Error("applied meanwhile by another process from a different file");
        return false;
      }
      db.exec(file.sql);
      db.prepare("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)").run(file.id, file.name, file.checksum, Date.now());
      return true;
    });
    let ran: boolean;
    try {
      ran = apply.immediate();
    } catch (error) {
      throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
    }
    if (ran) newlyApplied.push({ id: file.id, name: file.name });
  }
  return newlyApplied;
}

export const MIGRATIONS_DIR = new URL("../../migrations/sqlite/", import.meta.url).pathname;
