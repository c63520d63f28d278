// What the sign-off mutations share: the failure shape and the document lookup.
import type { Sql } from "../../storage/sql.server.js";
import type { CategoryRef } from "../../core/categories.js";
import type { BlockingFinding } from "../../core/validation.js";
import { AccessDeniedError } from "../access.server.js";
import { lockStoredText } from "../../storage/collab-store.server.js";
import { getDocument, type DocumentRecord } from "../documents.server.js";
import type { FieldErrors, Outcome } from "../input.server.js";

/** A refusal with what the page needs to explain it. Nothing was written. */
export interface SignoffFailure {
  ok: false;
  status: number;
  errors: FieldErrors;
  /** Opening refused: the stored draft's blocking findings. */
  findings?: BlockingFinding[];
  /** Opening refused: required categories with no representative and no in-person confirmation. */
  unrepresented?: CategoryRef[];
  /** Interpolation values for the form-wide message (e.g. the representative's name). */
  params?: Record<string, string>;
}

export type SignoffOutcome<T> = Outcome<T> | SignoffFailure;

/**
 * The document a sign-off change acts on, held still until the transaction ends (lockStoredText):
 * two decisions, a decision and an edit, or opening a round and an edit then follow one another.
 */
export async function documentOf(db: Sql, processId: string, documentId: string): Promise<DocumentRecord> {
  await lockStoredText(db, documentId);
  const document = await getDocument(db, documentId);
  // Another process's document answers like a missing one.
  if (!document || document.processId !== processId) throw new AccessDeniedError(404);
  return document;
}
