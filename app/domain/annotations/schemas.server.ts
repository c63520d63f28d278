// What the annotation forms may submit, checked before anything is read or written. Messages are
// i18n keys (annotations.errors.*).
import { hasVisibleText, trimVisible } from "../../core/text.js";
import { z } from "zod";
import { ANNOTATION_LIMITS, ANNOTATION_TYPES, VISIBILITIES, type Anchor } from "../../core/annotations/types.js";

const errors = {
  bodyRequired: "annotations.errors.bodyRequired",
  bodyTooLong: "annotations.errors.bodyTooLong",
  typeInvalid: "annotations.errors.typeInvalid",
  visibilityInvalid: "annotations.errors.visibilityInvalid",
  anchorInvalid: "annotations.errors.anchorInvalid",
  threadNotFound: "annotations.errors.threadNotFound",
  messageNotFound: "annotations.errors.messageNotFound",
} as const;

const body = z
  .string({ error: errors.bodyRequired })
  .transform((v) => trimVisible(v.replace(/\r\n?/g, "\n")))
  .refine(hasVisibleText, { error: errors.bodyRequired })
  .refine((v) => v.length <= ANNOTATION_LIMITS.body, { error: errors.bodyTooLong });

const id = (error: string) => z.string({ error }).min(1, { error }).max(64, { error });

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const position = z.string().max(ANNOTATION_LIMITS.position).regex(BASE64);
const anchorSchema: z.ZodType<Anchor> = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("range"),
    start: position,
    end: position,
    quote: z.string().min(1).max(ANNOTATION_LIMITS.quote),
    prefix: z.string().max(ANNOTATION_LIMITS.context),
    suffix: z.string().max(ANNOTATION_LIMITS.context),
  }),
  z.object({ kind: z.literal("item"), itemId: z.string().min(1).max(64), quote: z.string().max(ANNOTATION_LIMITS.quote) }),
]);

/** The anchor arrives as a JSON string field; anything unreadable is one clear error. */
const anchorField = z.string({ error: errors.anchorInvalid }).transform((raw, ctx): Anchor => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = null;
  }
  const parsed = anchorSchema.safeParse(value);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: errors.anchorInvalid });
    return z.NEVER;
  }
  return parsed.data;
});

export const createThreadSchema = z.object({
  type: z.enum(ANNOTATION_TYPES, { error: errors.typeInvalid }),
  visibility: z.enum(VISIBILITIES, { error: errors.visibilityInvalid }),
  body,
  anchor: anchorField,
});

export const replySchema = z.object({ threadId: id(errors.threadNotFound), body });
export const editMessageSchema = z.object({ messageId: id(errors.messageNotFound), body });
export const deleteMessageSchema = z.object({ messageId: id(errors.messageNotFound) });
export const threadStatusSchema = z.object({ threadId: id(errors.threadNotFound) });
