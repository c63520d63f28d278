import type { Db } from "../../server/db/database.js";
import type { AppConfig } from "./config.server.js";
import type { DomainEventBus } from "./events.server.js";
import type { ValidatedSession } from "./sessions.server.js";

/** Created once in server/index.ts and handed to every loader and action (never a second DB connection). */
export interface Services {
  db: Db;
  config: AppConfig;
  events: DomainEventBus;
  /** Reads a document's stored Yjs state (snapshot first, then updates), as the collab server stores it. */
  documentContent: { load(documentId: string): Promise<{ updates: Uint8Array[] }> };
  /**
   * Sign-off seam for the validation feature (issue 5): the blocking findings of a document,
   * computed from its STORED state. Opening a round refuses while this returns anything.
   * Wired in server/index.ts (returns [] until validation exists).
   */
  signoffChecks: {
    blockingFindings(documentId: string): Promise<{ ruleId: string; messageKey: string; params?: Record<string, unknown> }[]>;
  };
  /**
   * Makes every live collab connection of a document read-only and commits what they already
   * sent, before a round snapshots the stored state. Access is re-decided afterwards through the
   * `document.changed` event.
   */
  collabLock: { freeze(documentId: string): Promise<void> };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    /** The session validated by the HTTP layer for this request, or null. */
    auth: ValidatedSession | null;
    cspNonce: string;
    clientIp: string;
  }
}
