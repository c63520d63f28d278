import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

/**
 * Opens the SQLite file with the settings the whole app relies on
 * (see docs/decisions/003-sqlite-settings.md):
 * - WAL: readers (page loads) never block the single writer (collab persistence).
 * - synchronous=FULL: a committed transaction survives power loss, not only a process
 *   crash. Field teams run on generators; group commit keeps the fsync cost per tick, not per keystroke.
 * - foreign_keys=ON: SQLite leaves them off by default.
 * - busy_timeout: a second connection (migration CLI, seed script, a second instance) waits
 *   instead of failing. Set first: switching a new file to WAL takes a lock too, which two
 *   instances starting on the same file at once would otherwise meet as SQLITE_BUSY.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("busy_timeout = 5000");
  switchToWal(db);
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * Switching a file to WAL needs a lock that SQLite may refuse at once (SQLITE_BUSY without
 * calling the busy handler) while another process opens the same new file, as two instances
 * starting together do: try again for a few seconds before giving up.
 */
function switchToWal(db: Db): void {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}
