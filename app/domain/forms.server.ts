import type { z } from "zod";
import { messages } from "../core/i18n/index.js";

/** Field name → i18n key of the message to show beside that field. `form` is the form-wide message. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** True when `key` names a message of the interface (so a schema's message can be shown as is). */
export function isMessageKey(key: string): boolean {
  let node: unknown = messages.en;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}

/**
 * Validates submitted form fields with a zod schema whose messages are i18n keys.
 * Only the first problem per field is kept: one clear message beside each field.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    input[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    if (!(field in errors)) errors[field] = isMessageKey(issue.message) ? issue.message : "errors.invalid";
  }
  return { ok: false, errors };
}
