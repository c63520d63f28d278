// What the stakeholder map's forms may submit, checked before anything is read or written.
// Messages are i18n keys (stakeholders.errors.*).
import { trimVisible } from "../../core/text.js";
import { z } from "zod";
import { ACTOR_KINDS, GOVERNANCE_FUNCTIONS, ILLICIT_LINKS, RELATION_KINDS } from "../../core/stakeholders/types.js";

const e = (key: string) => `stakeholders.errors.${key}`;

/** Line breaks normalised, blank and invisible edges trimmed (a name of zero-width spaces is empty). */
const clean = (v: string) => trimVisible(v.replace(/\r\n?/g, "\n"));

/** An optional text: empty becomes null. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? "" : clean(v)))
    .refine((v) => v.length <= max, { error: e(tooLong) })
    .transform((v) => (v ? v : null));

/** A checkbox group: absent, one value or several. */
const many = <T extends string>(values: readonly [T, ...T[]], error: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v ? [v] : []))
    .pipe(z.array(z.enum(values, { error: e(error) })))
    .transform((v) => [...new Set(v)]);

const score = (error: string) =>
  z.coerce
    .number({ error: e(error) })
    .int({ error: e(error) })
    .min(1, { error: e(error) })
    .max(5, { error: e(error) });

const id = (error: string) =>
  z
    .string({ error: e(error) })
    .trim()
    .min(1, { error: e(error) })
    .max(64, { error: e(error) });

export const actorSchema = z
  .object({
    name: z
      .string({ error: e("nameRequired") })
      .transform(clean)
      .refine((v) => v.length > 0, { error: e("nameRequired") })
      .refine((v) => v.length <= 120, { error: e("nameTooLong") }),
    kind: z.enum(ACTOR_KINDS, { error: e("kindInvalid") }),
    categoryId: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : null))
      .refine((v) => v === null || v.length <= 64, { error: e("categoryUnknown") }),
    community: optionalText(120, "communityTooLong"),
    functions: many(GOVERNANCE_FUNCTIONS, "functionInvalid"),
    illicitLink: z
      .string()
      .optional()
      .transform((v) => v || "none")
      .pipe(z.enum(ILLICIT_LINKS, { error: e("illicitInvalid") })),
    illicitSource: optionalText(2000, "noteTooLong"),
    influence: score("influenceInvalid"),
    legitimacy: score("legitimacyInvalid"),
    legitimacyNotes: optionalText(2000, "noteTooLong"),
    representationNote: optionalText(2000, "noteTooLong"),
    sources: optionalText(2000, "noteTooLong"),
    memberIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))])
      .refine((v) => v.length <= 50 && v.every((x) => x.length <= 64), { error: e("memberUnknown") }),
  })
  // An alleged or established link to the illicit economy says where it comes from; "none" keeps no source.
  .superRefine((v, ctx) => {
    if (v.illicitLink !== "none" && !v.illicitSource) ctx.addIssue({ code: "custom", path: ["illicitSource"], message: e("illicitSourceRequired") });
  })
  .transform((v) => ({ ...v, illicitSource: v.illicitLink === "none" ? null : v.illicitSource }));

export type ActorInput = z.output<typeof actorSchema>;

export const actorIdSchema = z.object({ actorId: id("actorNotFound") });

export const relationSchema = z
  .object({
    fromActorId: id("actorNotFound"),
    toActorId: id("actorNotFound"),
    kind: z.enum(RELATION_KINDS, { error: e("relationKindInvalid") }),
    note: optionalText(500, "relationNoteTooLong"),
  })
  .refine((v) => v.fromActorId !== v.toActorId, { path: ["toActorId"], error: e("relationSelf") });

export const relationIdSchema = z.object({ relationId: id("relationNotFound") });

/** The actors an annotation thread names (a checkbox group; none clears the links). */
export const threadActorsSchema = z.object({
  threadId: z.string({ error: "annotations.errors.threadNotFound" }).min(1, { error: "annotations.errors.threadNotFound" }).max(64),
  actorIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))])
    .refine((v) => v.length <= 20 && v.every((x) => x.length <= 64), { error: "stakeholders.errors.tooManyActors" }),
});
