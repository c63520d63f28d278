// What sign-off forms may submit (zod; every message is an i18n key shown beside its field).
import { trimVisible } from "../../core/text.js";
import { z } from "zod";
import { IN_PERSON_METHODS } from "../../core/signoff.js";

const HASH = /^[0-9a-f]{64}$/;

/** A missing or malformed hash is a version the server never showed: the same answer as a stale one. */
const versionHashField = z.string({ error: "signoff.errors.staleVersion" }).regex(HASH, { error: "signoff.errors.staleVersion" });

/** One value or several (checkboxes): always a list of non-empty strings. */
const idListField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter(Boolean)));

const reasonField = z
  .string()
  .optional()
  .transform((v) => trimVisible(v ?? ""))
  .pipe(z.string().max(2000, { error: "signoff.errors.reasonTooLong" }));

const decisionField = z.enum(["approve", "object"], { error: "signoff.errors.decisionInvalid" });

const witnessField = z
  .string({ error: "signoff.errors.witnessRequired" })
  .overwrite(trimVisible)
  .min(1, { error: "signoff.errors.witnessRequired" })
  .max(200, { error: "signoff.errors.witnessTooLong" });

const methodField = z.enum(IN_PERSON_METHODS, { error: "signoff.errors.methodRequired" });

const objectionNeedsReason = <T extends { decision: string; reason: string }>(d: T) => d.decision !== "object" || d.reason.length > 0;
const reasonRequired = { path: ["reason"], error: "signoff.errors.reasonRequired" };

export const openRoundSchema = z.object({
  categoryIds: idListField,
  /** Required categories with no representative that the facilitator confirms will be decided in person. */
  inPersonCategoryIds: idListField,
});

export const decisionSchema = z
  .object({
    decision: decisionField,
    reason: reasonField,
    versionHash: versionHashField,
    categoryId: z.string().optional(),
  })
  .refine(objectionNeedsReason, reasonRequired);

/** The facilitator records the decision a member representative gave in person. */
export const recordMemberSchema = z
  .object({
    memberUserId: z.string({ error: "signoff.errors.memberRequired" }).min(1, { error: "signoff.errors.memberRequired" }),
    decision: decisionField,
    reason: reasonField,
    method: methodField,
    witness: witnessField,
    versionHash: versionHashField,
  })
  .refine(objectionNeedsReason, reasonRequired);

/** The facilitator records the decision of a person without an account, for one of the round's categories. */
export const recordPersonSchema = z
  .object({
    personName: z
      .string({ error: "signoff.errors.personNameRequired" })
      .overwrite(trimVisible)
      .min(1, { error: "signoff.errors.personNameRequired" })
      .max(200, { error: "signoff.errors.personNameTooLong" }),
    personAffiliation: z
      .string({ error: "signoff.errors.affiliationRequired" })
      .overwrite(trimVisible)
      .min(1, { error: "signoff.errors.affiliationRequired" })
      .max(120, { error: "signoff.errors.affiliationTooLong" }),
    categoryId: z.string({ error: "signoff.errors.categoryRequired" }).min(1, { error: "signoff.errors.categoryRequired" }),
    decision: decisionField,
    reason: reasonField,
    method: methodField,
    witness: witnessField,
    versionHash: versionHashField,
  })
  .refine(objectionNeedsReason, reasonRequired);

export const reopenSchema = z.object({
  reason: z
    .string({ error: "signoff.errors.reopenReasonRequired" })
    .overwrite(trimVisible)
    .min(1, { error: "signoff.errors.reopenReasonRequired" })
    .max(2000, { error: "signoff.errors.reasonTooLong" }),
});

/**
 * The facilitator declares the adoption from the confirmation: the version shown and the latest
 * decision the confirmation listed (a later decision means they did not see what is adopted).
 */
export const adoptSchema = z.object({
  versionHash: versionHashField,
  decisionsSeen: z.coerce
    .number({ error: "signoff.errors.decisionsChanged" })
    .int({ error: "signoff.errors.decisionsChanged" })
    .min(0, { error: "signoff.errors.decisionsChanged" }),
});
