// Automatic versions: when a document's editing session goes quiet (no stored update for a while),
// the server keeps its text as an automatic version, so the team can go back to how a draft read at
// the end of any working session without anyone having thought of saving one. takeAutoVersion
// decides whether one is needed (a draft whose text is not already its latest version).
import type { Sql } from "../app/storage/sql.server.js";
import { takeAutoVersion } from "../app/domain/versions/store.server.js";
import { log } from "./http/logging.js";

/** How long a document's text must be still before an automatic version is kept (AUTO_VERSION_QUIET_MS). */
export const AUTO_VERSION_QUIET_MS = 10 * 60_000;

export interface AutoVersioner {
  /** Text of these documents was stored: (re)arm their quiet timers. */
  touched(documentIds: Iterable<string>): void;
  /** Clears every pending timer (shutdown): a session cut short by a restart keeps its stored text, without a version. */
  stop(): void;
}

export function createAutoVersioner(db: Sql, quietMs = AUTO_VERSION_QUIET_MS): AutoVersioner {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  async function take(documentId: string): Promise<void> {
    timers.delete(documentId);
    try {
      const key = await takeAutoVersion(db, documentId);
      if (key) log("info", "automatic version kept", { document: documentId, version: key });
    } catch (error) {
      // A failed version loses nothing (the text is stored); it is tried again after the next quiet edit.
      log("error", "automatic version failed", { document: documentId, error: (error as Error).message });
    }
  }

  return {
    touched(documentIds) {
      if (stopped) return;
      for (const id of documentIds) {
        clearTimeout(timers.get(id));
        const timer = setTimeout(() => void take(id), quietMs);
        // A pending version never keeps the process alive.
        timer.unref();
        timers.set(id, timer);
      }
    },
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
