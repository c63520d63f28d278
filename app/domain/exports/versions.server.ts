// The versions of a document a file can be made from, and their stored text.
//
// A round's version (frozen or adopted) is read from the round's stored snapshot, never from the
// live draft, and its hash is recomputed from that snapshot before anything is rendered: a file
// that prints a fingerprint prints the fingerprint of the very text it shows (ADR 026).
import type { Sql } from "../../storage/sql.server.js";
import { canonicalVersionOf } from "../../core/canonical.js";
import type { ExportVersionKind } from "../../core/exports.js";
import type { DocumentRecord } from "../documents.server.js";
import type { RoundRow } from "../signoff/read.server.js";
import { readStoredState } from "../../storage/collab-store.server.js";

/** How a version is named in a request: `draft`, `adopted`, or `round-<n>`. */
export type VersionKey = string;

export interface ExportableVersion {
  key: VersionKey;
  kind: ExportVersionKind;
  /** The round's number (frozen and adopted versions). */
  round: number | null;
  /** The stored fingerprint of a round's version; null for the draft (computed when exported). */
  hash: string | null;
}

export function roundKey(number: number): VersionKey {
  return `round-${number}`;
}

async function roundsOf(db: Sql, documentId: string): Promise<RoundRow[]> {
  return await db.all<RoundRow>("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number DESC", documentId);
}

/**
 * What can be exported, newest first: the draft while the text is being drafted (once frozen or
 * adopted, the current text IS a round's version, named as such), then every round's version.
 */
export async function exportableVersions(db: Sql, document: Pick<DocumentRecord, "id" | "status">): Promise<ExportableVersion[]> {
  const versions: ExportableVersion[] = [];
  if (document.status === "drafting") versions.push({ key: "draft", kind: "draft", round: null, hash: null });
  for (const round of await roundsOf(db, document.id)) {
    const adopted = round.status === "adopted";
    versions.push({ key: adopted ? "adopted" : roundKey(round.number), kind: adopted ? "adopted" : "frozen", round: round.number, hash: round.version_hash });
  }
  return versions;
}

export interface LoadedVersion extends ExportableVersion {
  /** The version's Yjs state (snapshot first, then the log for a draft). */
  updates: Uint8Array[];
  hash: string;
  /** The round a frozen or adopted version belongs to. */
  roundRow: RoundRow | null;
}

/** The stored version no longer hashes to the fingerprint its round recorded: nothing is exported. */
export class VersionIntegrityError extends Error {
  constructor(
    readonly documentId: string,
    readonly round: number,
  ) {
    super(`round ${round} of ${documentId}: stored snapshot does not match its version hash`);
  }
}

/**
 * The stored text of one version, its hash recomputed from it; null when the key names no version
 * of this document. Call it inside the caller's transaction for a consistent draft.
 */
export async function loadVersion(db: Sql, document: Pick<DocumentRecord, "id" | "status">, key: VersionKey): Promise<LoadedVersion | null> {
  const version = (await exportableVersions(db, document)).find((v) => v.key === key || (v.kind === "adopted" && key === roundKey(v.round!)));
  if (!version) return null;
  if (version.kind === "draft") {
    // The merged state the hash is computed from: decoded once more for the text, not log by log.
    const merged = canonicalVersionOf((await readStoredState(db, document.id)).updates);
    return { ...version, updates: [merged.state], hash: merged.hash, roundRow: null };
  }
  const roundRow = (await db.get<RoundRow>("SELECT * FROM signoff_rounds WHERE document_id = ? AND number = ?", document.id, version.round))!;
  const updates = [new Uint8Array(roundRow.snapshot)];
  if (canonicalVersionOf(updates).hash !== roundRow.version_hash) throw new VersionIntegrityError(document.id, roundRow.number);
  return { ...version, updates, hash: roundRow.version_hash, roundRow };
}
