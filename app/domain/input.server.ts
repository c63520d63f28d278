import type { z } from "zod";
import { messages } from "../core/i18n/index.js";

/** Field name → i18n key of the message to show beside that field. `form` is the form-wide message. */
export type FieldErrors = Record<string, string>;

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
 * The outcome of a domain mutation: its value, or localized field errors (i18n keys) and the
 * HTTP status a route should answer with. Nothing was written when `ok` is false.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; errors: FieldErrors };

export function fail(status: number, field: string, key: string): { ok: false; status: number; errors: FieldErrors } {
  return { ok: false, status, errors: { [field]: key } };
}

/** What a domain mutation accepts as submitted fields: FormData (routes) or a plain record (scripts, tests). */
export type RawInput = FormData | Record<string, string | string[] | undefined>;

/**
 * Validates submitted fields with a zod schema whose messages are i18n keys. Accepts FormData
 * (routes) or a plain record (scripts). One message per field, the first one.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: RawInput,
): { ok: true; data: z.output<S> } | { ok: false; status: number; errors: FieldErrors } {
  const values: Record<string, string | string[]> = {};
  if (input instanceof FormData) {
    for (const key of new Set(input.keys())) {
      const all = input.getAll(key).filter((v): v is string => typeof v === "string");
      values[key] = all.length > 1 ? all : (all[0] ?? "");
    }
  } else {
    for (const [key, value] of Object.entries(input)) if (value !== undefined) values[key] = value;
  }
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    if (!(field in errors)) {
      errors[field] = isMessageKey(issue.message) ? issue.message : "errors.invalid";
    }
  }
  return { ok: false, status: 400, errors };
}
