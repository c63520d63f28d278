// The browser's side of the annotations endpoint: one form-encoded POST per change, answered in
// JSON (AnnotationResult). A plain fetch, not a Remix fetcher: a fetcher would reload every loader
// of the page after each change, a full page of data per comment on a slow link; the socket keeps
// the threads live instead.
import { annotationsPath, type AnnotationIntent, type AnnotationResult, type ThreadView } from "../../core/annotations/types.js";

/** A field's value, or its values when repeated (`actorIds` of intent "actors"; none sends nothing: a clear). */
export type AnnotationFields = Record<string, string | readonly string[]>;

/** Where the server's error keys live in the messages (it may answer a bare key or a full one). */
export function errorKey(key: string): string {
  return key.includes(".") ? key : `annotations.errors.${key}`;
}

export type Outcome = { ok: true; thread: ThreadView | null } | { ok: false; errors: Record<string, string> };

/**
 * Sends one change; never throws. Errors come back as i18n keys by field ("form" for the whole
 * change): the server's own, or `network` / `unexpected` when no readable answer arrived.
 */
export async function sendAnnotation(
  processId: string,
  documentId: string,
  intent: AnnotationIntent,
  fields: AnnotationFields,
  fetchImpl: typeof fetch = fetch,
): Promise<Outcome> {
  const body = new URLSearchParams({ intent });
  for (const [name, value] of Object.entries(fields)) for (const v of typeof value === "string" ? [value] : value) body.append(name, v);
  let response: Response;
  try {
    response = await fetchImpl(annotationsPath(processId, documentId), {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  } catch {
    return { ok: false, errors: { form: errorKey("network") } };
  }
  let result: AnnotationResult | null = null;
  try {
    result = (await response.json()) as AnnotationResult;
  } catch {
    result = null;
  }
  if (!result || typeof result !== "object" || typeof result.ok !== "boolean") {
    return { ok: false, errors: { form: errorKey(response.status === 403 ? "notAllowed" : response.status === 404 ? "threadNotFound" : "unexpected") } };
  }
  if (result.ok) return { ok: true, thread: result.thread ?? null };
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(result.errors ?? {})) if (typeof key === "string") errors[field] = errorKey(key);
  if (!Object.keys(errors).length) errors.form = errorKey("unexpected");
  return { ok: false, errors };
}
