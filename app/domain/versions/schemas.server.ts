// What the version forms may submit, checked before anything is read or written. Messages are
// i18n keys (versions.errors.*).
import { hasVisibleText, trimVisible } from "../../core/text.js";
import { z } from "zod";

export const VERSION_NAME_MAX = 120;

const name = z
  .string({ error: "versions.errors.nameRequired" })
  // One line: a name is shown in a list. Tabs and line breaks become spaces.
  .transform((v) => trimVisible(v.replace(/\s+/g, " ")))
  .refine(hasVisibleText, { error: "versions.errors.nameRequired" })
  // Counted in characters (code points), as the table's CHECK counts them, not UTF-16 units.
  .refine((v) => [...v].length <= VERSION_NAME_MAX, { error: "versions.errors.nameTooLong" });

export const saveVersionSchema = z.object({ name });

export const restoreVersionSchema = z.object({
  // A key of the version list (`round-<n>`, `v-<id>`); one that names no version of this document is
  // answered after the lookup (404), like an unknown id.
  version: z
    .string({ error: "versions.errors.versionRequired" })
    .trim()
    .min(1, { error: "versions.errors.versionRequired" })
    .max(80, { error: "versions.errors.unknownVersion" }),
});
