import { getTemplate } from "./templates.js";
// The sign-off rule and its vocabulary (issue 6; the rule is docs/decisions/020-signoff-rule.md).
// Pure: used by the domain (adoption), the pages (panel, progress) and unit tests alike.

export const DECISIONS = ["approve", "object"] as const;
export type Decision = (typeof DECISIONS)[number];

export const ROUND_STATUSES = ["open", "adopted", "reopened"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export type CategoryState = "approved" | "objected" | "pending";

/**
 * Seam for the templates issue (issue 5): the stakeholder category keys a template requires to sign
 * off. A round always requires these; the facilitator may add others but never drop one.
 * A blank document has none: the facilitator chooses them all.
 */
export function defaultSignoffCategoryKeys(templateId: string | null): string[] {
  return [...(getTemplate(templateId)?.signOffCategories ?? [])];
}

/** One person's current decision in a round (their latest). */
export interface CurrentDecision {
  userId: string;
  categoryId: string;
  decision: Decision;
}

export interface CategoryOutcome {
  categoryId: string;
  state: CategoryState;
  approvals: number;
  objections: number;
}

export interface RoundEvaluation {
  categories: CategoryOutcome[];
  satisfied: number;
  required: number;
  adopted: boolean;
}

/**
 * THE rule: a required category is satisfied when at least one of its representatives has approved
 * and no objection from it stands (current decisions only: a person's latest decision replaces
 * their earlier ones); the round adopts the version when every required category is satisfied.
 * A round with no required category never adopts anything.
 */
export function evaluateRound(requiredCategoryIds: readonly string[], current: readonly CurrentDecision[]): RoundEvaluation {
  const categories = requiredCategoryIds.map((categoryId): CategoryOutcome => {
    const mine = current.filter((d) => d.categoryId === categoryId);
    const approvals = mine.filter((d) => d.decision === "approve").length;
    const objections = mine.filter((d) => d.decision === "object").length;
    const state: CategoryState = objections > 0 ? "objected" : approvals > 0 ? "approved" : "pending";
    return { categoryId, state, approvals, objections };
  });
  const satisfied = categories.filter((c) => c.state === "approved").length;
  return { categories, satisfied, required: categories.length, adopted: categories.length > 0 && satisfied === categories.length };
}

/** Keeps each person's latest decision (input in the order they were made). */
export function currentDecisions<T extends { userId: string }>(chronological: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const d of chronological) latest.set(d.userId, d);
  return [...latest.values()];
}

/** A shortened hash for people to compare aloud ("a3f9 1c02 …"): the first 16 hex digits in groups. */
export function shortHash(hash: string): string {
  return (hash.slice(0, 16).match(/.{1,4}/g) ?? []).join(" ");
}
