import { comparableText } from "./text.js";
import { getTemplate } from "./templates.js";
// The sign-off rule and its vocabulary (issues 6 and 9; the rule is docs/decisions/020-signoff-rule.md).
// Pure: used by the domain (adoption), the pages (panel, progress) and unit tests alike.

export const DECISIONS = ["approve", "object"] as const;
export type Decision = (typeof DECISIONS)[number];

export const ROUND_STATUSES = ["open", "adopted", "reopened"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** How a decision given in person was expressed (recorded by the facilitator, with a witness). */
export const IN_PERSON_METHODS = ["paper_signature", "thumbprint", "oral_assent"] as const;
export type InPersonMethod = (typeof IN_PERSON_METHODS)[number];

export type CategoryState = "approved" | "objected" | "pending";

/**
 * Seam for the templates issue (issue 5): the stakeholder category keys a template requires to sign
 * off. A round always requires these; the facilitator may add others but never drop one.
 * A blank document has none: the facilitator chooses them all.
 */
export function defaultSignoffCategoryKeys(templateId: string | null): string[] {
  return [...(getTemplate(templateId)?.signOffCategories ?? [])];
}

/**
 * The one rule of "nobody to decide for it": of these categories, those no representative of the
 * process can decide for (`deciders` maps a category id to who can; absent or empty: nobody).
 * A round refuses to open on them unless the facilitator confirms an in-person decision, and the
 * stakeholder map's inclusion gaps list them per template: the same function answers both.
 */
export function categoriesWithoutDecider<C extends { id: string }>(categories: readonly C[], deciders: ReadonlyMap<string, readonly unknown[]>): C[] {
  return categories.filter((c) => !(deciders.get(c.id)?.length ?? 0));
}

/**
 * Who gave a decision: a member (their user id) or a person without an account, known by the name
 * the facilitator wrote for a category.
 */
export interface DecisionIdentity {
  userId: string | null;
  categoryId: string;
  /** Set for a person without an account (then userId is null). */
  personName?: string | null;
}

/**
 * A person's name as it identifies them within a category: Unicode-normalized, accents, case and
 * spacing ignored ("Aïcha  Maïga" and "aicha maiga" are the same elder written twice).
 */
export function normalizePersonName(name: string): string {
  return comparableText(name);
}

/**
 * The key under which a person's decisions replace one another in a round: the member's user id,
 * or, for a person without an account, the category and their normalized name.
 */
export function decisionKey(d: DecisionIdentity): string {
  if (d.userId) return `user:${d.userId}`;
  return `person:${d.categoryId}:${normalizePersonName(d.personName ?? "")}`;
}

/** One person's current decision in a round (their latest). */
export interface CurrentDecision extends DecisionIdentity {
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
  /** How many required categories are satisfied. */
  satisfied: number;
  required: number;
  /**
   * Every required category is satisfied: the facilitator may declare the adoption. Nothing is
   * adopted by the rule alone; until the declaration, decisions may still change.
   */
  ruleSatisfied: boolean;
}

/**
 * THE rule: a required category is satisfied when at least one of its people has approved and no
 * objection from it stands (current decisions only: a person's latest decision replaces their
 * earlier ones; members and people without an account count alike); the version may be declared
 * adopted when every required category is satisfied. A round with no required category never is.
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
  return { categories, satisfied, required: categories.length, ruleSatisfied: categories.length > 0 && satisfied === categories.length };
}

/** Keeps each person's latest decision (input in the order they were made), keyed by `decisionKey`. */
export function currentDecisions<T extends DecisionIdentity>(chronological: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const d of chronological) {
    const key = decisionKey(d);
    // Delete first: a replaced decision moves to the end, so the result stays in chronological order.
    latest.delete(key);
    latest.set(key, d);
  }
  return [...latest.values()];
}

/** A shortened hash for people to compare aloud ("a3f9 1c02 …"): the first 16 hex digits in groups. */
export function shortHash(hash: string): string {
  return (hash.slice(0, 16).match(/.{1,4}/g) ?? []).join(" ");
}
