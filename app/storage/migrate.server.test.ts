import { mkdtempSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.server.js";
import { migrate, MIGRATIONS_DIR, MigrationError } from "./migrate.server.js";

function tempDir() {
  return mkdtempSync(join(tmpdir(), "migrate-test-"));
}

describe("migrations", () => {
  it("applies the project's migrations to a real file with the chosen pragmas", () => {
    const db = openDatabase(join(tempDir(), "db", "app.db"));
    const applied = migrate(db, MIGRATIONS_DIR);
    expect(applied[0]!.name).toBe("0001_foundation.sql");
    expect(migrate(db, MIGRATIONS_DIR)).toEqual([]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    db.close();
  });

  it("applies files in order, each in a transaction, and records checksums", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "0002_second.sql"), "INSERT INTO t (v) VALUES ('second');");
    writeFileSync(join(dir, "0001_first.sql"), "CREATE TABLE t (v TEXT);");
    const db = openDatabase(join(tempDir(), "a.db"));
    expect(migrate(db, dir).map((m) => m.id)).toEqual([1, 2]);
    const rows = db.prepare("SELECT id, checksum FROM schema_migrations ORDER BY id").all() as { id: number; checksum: string }[];
    expect(rows.map((r) => r.checksum)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    db.close();
  });

  it("rolls back a failing migration completely", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "0001_ok.sql"), "CREATE TABLE a (v TEXT);");
    writeFileSync(join(dir, "0002_broken.sql"), "CREATE TABLE b (v TEXT); INSERT INTO nowhere VALUES (1);");
    const db = openDatabase(join(tempDir(), "b.db"));
    expect(() => migrate(db, dir)).toThrow(/0002_broken.sql failed/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect((db.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get() as { n: number }).n).toBe(1);
    db.close();
  });

  it("refuses to start when an applied file was edited", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "0001_first.sql"), "CREATE TABLE t (v TEXT);");
    const db = openDatabase(join(tempDir(), "c.db"));
    migrate(db, dir);
    appendFileSync(join(dir, "0001_first.sql"), "\n-- sneaky edit\n");
    expect(() => migrate(db, dir)).toThrow(MigrationError);
    expect(() => migrate(db, dir)).toThrow(/was edited after it was applied/);
    db.close();
  });
});
