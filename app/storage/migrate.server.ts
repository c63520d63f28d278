import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "./database.server.js";

export class MigrationError extends Error {}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface AppliedMigration {
  id: number;
  name: string;
}

/**
 * Applies forward-only numbered SQL files in order, each in its own transaction, and
 * records a SHA-256 of each file. Refuses to go on when an applied file was edited
 * afterwards: the database would no longer match what the code believes it is.
 */
export function migrate(db: Db, dir: string): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const applied = new Map<number, { name: string; checksum: string }>();
  for (const row of db.prepare("SELECT id, name, checksum FROM schema_migrations").all() as {
    id: number;
    name: string;
    checksum: string;
  }[]) {
    applied.set(row.id, { name: row.name, checksum: row.checksum });
  }
  const seen = new Set<number>();
  const newlyApplied: AppliedMigration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file name ${file} does not match NNNN_name.sql`);
    const id = Number(match[1]);
    if (seen.has(id)) throw new MigrationError(`two migration files share the number ${match[1]}`);
    seen.add(id);
    const sql = readFileSync(join(dir, file), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    const previous = applied.get(id);
    if (previous) {
      if (previous.checksum !== checksum || previous.name !== file) {
        throw new MigrationError(`migration ${file} was edited after it was applied (checksum differs); add a new migration instead`);
      }
      continue;
    }
    const apply = db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)").run(id, file, checksum, Date.now());
    });
    try {
      apply();
    } catch (error) {
      throw new MigrationError(`migration ${file} failed: ${(error as Error).message}`);
    }
    newlyApplied.push({ id, name: file });
  }
  for (const id of applied.keys()) {
    if (!seen.has(id)) throw new MigrationError(`applied migration ${applied.get(id)!.name} is missing from ${dir}`);
  }
  return newlyApplied;
}

export const MIGRATIONS_DIR = new URL("../../migrations/sqlite/", import.meta.url).pathname;
