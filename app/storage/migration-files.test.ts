// The shared migration-file helper: what both runners accept and refuse, and that the SQLite
// runner's messages are the helper's, word for word (the PostgreSQL runner's are the same).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./database.server.js";
import { migrate } from "./migrate.server.js";
import { MigrationError, migrationChecksum, pendingMigrations, readMigrationFiles } from "./migration-files.js";

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "migration-files-"));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The SQLite runner's error on a fresh in-memory database, or undefined. */
function sqliteError(dir: string): string | undefined {
  const db = openDatabase(":memory:");
  try {
    migrate(db, dir);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db.close();
  }
}

describe("readMigrationFiles", () => {
  it("lists the .sql files in order with their ids, names and SHA-256", () => {
    const dir = dirWith({ "0002_b.sql": "SELECT 2;", "0001_a.sql": "SELECT 1;", "notes.txt": "not a migration" });
    expect(readMigrationFiles(dir)).toEqual([
      { id: 1, name: "0001_a.sql", sql: "SELECT 1;", checksum: migrationChecksum("SELECT 1;") },
      { id: 2, name: "0002_b.sql", sql: "SELECT 2;", checksum: migrationChecksum("SELECT 2;") },
    ]);
    // The hex SHA-256 of the file's text, as `sha256sum` prints it (and as the SQLite runner records it).
    expect(migrationChecksum("SELECT 1;")).toBe("17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a");
  });

  it.each([
    ["a badly named file", { "0001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 1;" }],
    ["an upper-case name", { "0001_A.sql": "SELECT 1;" }],
    ["two files sharing a number", { "0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;" }],
  ])("refuses %s with the SQLite runner's message", (_, files) => {
    const dir = dirWith(files);
    const message = sqliteError(dir);
    expect(message).toBeDefined();
    expect(() => readMigrationFiles(dir)).toThrow(MigrationError);
    expect(() => readMigrationFiles(dir)).toThrow(message!);
  });
});

describe("pendingMigrations", () => {
  const applied = (rows: [number, string, string][]) => new Map(rows.map(([id, name, sql]) => [id, { name, checksum: migrationChecksum(sql) }]));

  it("returns what is not applied yet, in order", () => {
    const dir = dirWith({ "0001_a.sql": "SELECT 1;", "0002_b.sql": "SELECT 2;", "0003_c.sql": "SELECT 3;" });
    const pending = pendingMigrations(readMigrationFiles(dir), applied([[1, "0001_a.sql", "SELECT 1;"]]), dir);
    expect(pending.map((f) => f.name)).toEqual(["0002_b.sql", "0003_c.sql"]);
  });

  it("refuses an edited file, a renamed file and a missing file with the SQLite runner's messages", () => {
    const dir = dirWith({ "0001_a.sql": "SELECT 1;" });
    const db = openDatabase(":memory:");
    try {
      migrate(db, dir);
      writeFileSync(join(dir, "0001_a.sql"), "SELECT 1; -- edited");
      const edited = (() => {
        try {
          migrate(db, dir);
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(() => pendingMigrations(readMigrationFiles(dir), applied([[1, "0001_a.sql", "SELECT 1;"]]), dir)).toThrow(edited!);
      expect(() => pendingMigrations(readMigrationFiles(dir), applied([[1, "0001_old.sql", "SELECT 1; -- edited"]]), dir)).toThrow(edited!);
    } finally {
      db.close();
    }
    const empty = dirWith({});
    expect(() => pendingMigrations([], applied([[1, "0001_a.sql", "SELECT 1;"]]), empty)).toThrow(`applied migration 0001_a.sql is missing from ${empty}`);
  });
});

describe("POSTGRES_MIGRATIONS_DIR", () => {
  it("is the repository's migrations/postgres/", async () => {
    const { POSTGRES_MIGRATIONS_DIR } = await import("./migrate-postgres.server.js");
    expect(POSTGRES_MIGRATIONS_DIR).toBe(fileURLToPath(new URL("../../migrations/postgres/", import.meta.url)));
  });
});
