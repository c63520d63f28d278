import type { z } from "zod";
import { parseInput, type FieldErrors } from "./input.server.js";
export type { FieldErrors } from "./input.server.js";

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates submitted form fields with a zod schema whose messages are i18n keys (see parseInput). */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  const result = parseInput(schema, formData);
  return result.ok ? result : { ok: false, errors: result.errors };
}
