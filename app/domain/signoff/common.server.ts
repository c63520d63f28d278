// What the sign-off mutations share: the caller, raw input, the failure shape and the document lookup.
import type { Db } from "../../../server/db/database.js";
import type { CategoryLabels } from "../../core/categories.js";
import { AccessDeniedError } from "../access.server.js";
import { getDocument, type DocumentRecord } from "../documents.server.js";
import type { FieldErrors, Outcome } from "../input.server.js";

/** A blocking validation finding (see Services.signoffChecks). */
export interface BlockingFinding {
  ruleId: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

/** A category named in a refusal, so the page can name it in the reader's language. */
export type CategoryRef = CategoryLabels & { id: string };

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

export type User = { id: string; isAdmin: boolean };
export type RawInput = FormData | Record<string, string | string[] | undefined>;

export function documentOf(db: Db, processId: string, documentId: string): DocumentRecord {
  const document = getDocument(db, documentId);
  // Another process's document answers like a missing one.
  if (!document || document.processId !== processId) throw new AccessDeniedError(404);
  return document;
}
