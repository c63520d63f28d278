// The migration files of one engine, read and checked: pure (the file system, no database), so the
// SQLite and the PostgreSQL runners share one definition of what a migration directory holds.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export class MigrationError extends Error {}

export interface AppliedMigration {
  id: number;
  name: string;
}

export interface MigrationFile {
  id: number;
  /** The file name, e.g. `0005_signoff.sql`: what schema_migrations.name records. */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes as read (UTF-8). */
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/**
 * The `.sql` files of `dir` in order. Throws MigrationError when a name is not `NNNN_name.sql` or
 * two files share a number, before anything is applied.
 */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const seen = new Set<number>();
  return names.map((name) => {
    const match = FILE_PATTERN.exec(name);
    if (!match) throw new MigrationError(`migration file name ${name} does not match NNNN_name.sql`);
    const id = Number(match[1]);
    if (seen.has(id)) throw new MigrationError(`two migration files share the number ${match[1]}`);
    seen.add(id);
    const sql = readFileSync(join(dir, name), "utf8");
    return { id, name, sql, checksum: migrationChecksum(sql) };
  });
}

/**
 * Checks the files against what the database recorded: an applied file must still be there, under
 * its name, with its checksum (the database would otherwise no longer match what the code believes
 * it is). Returns the files still to apply, in order.
 */
export function pendingMigrations(files: MigrationFile[], applied: Map<number, { name: string; checksum: string }>, dir: string): MigrationFile[] {
  const byId = new Map(files.map((f) => [f.id, f]));
  for (const [id, row] of applied) {
    const file = byId.get(id);
    if (!file) throw new MigrationError(`applied migration ${row.name} is missing from ${dir}`);
    if (file.checksum !== row.checksum || file.name !== row.name) {
      throw new MigrationError(`migration ${file.name} was edited after it was applied (checksum differs); add a new migration instead`);
    }
  }
  return files.filter((f) => !applied.has(f.id));
}
