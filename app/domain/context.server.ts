import type { Sql } from "../storage/sql.server.js";
import type { AppConfig } from "./config.server.js";
import type { DomainEventBus } from "./events.server.js";
import type { BlockingFinding, JsonNode } from "../core/validation.js";
import type { Anchor } from "../core/annotations/types.js";
import type { StructureProblem } from "../core/schema/structure.js";
import type { TextBlock } from "../core/document-text.js";

/** One decode of a document's stored state (services.content.read). */
export interface StoredReading {
  json: JsonNode;
  problems: StructureProblem[];
  blocks: TextBlock[];
}
import type { ValidatedSession } from "./sessions.server.js";

/** Created once in server/index.ts and handed to every loader and action (never a second DB connection). */
export interface Services {
  /** The asynchronous query layer (app/storage/sql.server.ts): SQLite by default, or PostgreSQL. */
  db: Sql;
  config: AppConfig;
  events: DomainEventBus;
  /** Reads a document's stored Yjs state (snapshot first, then updates), as the collab server stores it. */
  documentContent: { load(documentId: string): Promise<{ updates: Uint8Array[] }> };
  /**
   * The blocking findings of a document, computed from its STORED state (signoffChecksFor in
   * document-validation.server.ts). Opening a sign-off round refuses while this returns anything.
   */
  signoffChecks: {
    blockingFindings(documentId: string): Promise<BlockingFinding[]>;
  };
  /**
   * Makes every live collab connection of a document read-only and commits what they already
   * sent, before a round snapshots the stored state. Access is re-decided afterwards through the
   * `document.changed` event.
   */
  collabLock: { freeze(documentId: string): Promise<void> };
  /**
   * ProseMirror JSON ⇄ Yjs with the shared editor schema (server/content/document-codec.ts). A
   * service, not an import, so Tiptap stays out of the Remix server build. Reading never throws:
   * `read` says what the schema could not represent.
   */
  content: {
    encode(json: JsonNode): Uint8Array;
    decode(updates: Uint8Array[]): JsonNode;
    /** The stored text as JSON, what the schema could not represent, and the first paint's outline. */
    read(updates: Uint8Array[]): StoredReading;
    /** The latest clean prefix of `log` after `base` (-1: none reads cleanly). */
    cleanPrefix(base: Uint8Array[], log: Uint8Array[]): number;
    /** For each annotation anchor, the id of the item its start is in (null: detached or outside items). */
    locate(updates: Uint8Array[], anchors: readonly Anchor[]): (string | null)[];
  };
  /**
   * Server-made changes to a document's text through the collab server (stored, then sent live to
   * every open page): the whole text replaced by `json` as a new change by `author`.
   */
  collabWrite: {
    replaceContent(documentId: string, author: string, json: JsonNode): Promise<void>;
    /**
     * The text changed into `json` with the smallest edit (as the editor makes one): blocks both
     * texts share keep their identity, so concurrent typing in them and annotation anchors survive.
     */
    updateContent(documentId: string, author: string, json: JsonNode): Promise<void>;
  };
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
