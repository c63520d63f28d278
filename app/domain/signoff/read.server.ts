// Sign-off read models: the stored version of a document, rounds with their required categories,
// decisions and outcome (the panel and the history), and who can decide for each category.
// Reading only; every function runs inside the caller's transaction when it has one.
import type { Sql } from "../../storage/sql.server.js";
import { canonicalVersionOf, type CanonicalVersion } from "../../core/canonical.js";
import type { CategoryLabels } from "../../core/categories.js";
import {
  currentDecisions,
  evaluateRound,
  type CategoryState,
  type Decision,
  type InPersonMethod,
  type RoundEvaluation,
  type RoundStatus,
} from "../../core/signoff.js";
import { readStoredState } from "../../storage/collab-store.server.js";

// ---------------------------------------------------------------------------------------------
// Stored state → canonical version (read on the caller's transaction, `tx`, so what is hashed is
// exactly what is stored at that moment; the trigger collab_updates_locked keeps it so).

export async function storedVersion(db: Sql, documentId: string): Promise<CanonicalVersion> {
  // The collab server loads through the same reader: what is hashed is what it serves.
  return canonicalVersionOf((await readStoredState(db, documentId)).updates);
}

// ---------------------------------------------------------------------------------------------
// Rounds and decisions

export interface RoundRow {
  id: string;
  document_id: string;
  number: number;
  status: RoundStatus;
  version_hash: string;
  snapshot: Buffer;
  canonical: string;
  opened_by: string;
  opened_at: number;
  closed_by: string | null;
  closed_at: number | null;
  close_reason: string | null;
}

export interface RequiredCategory extends CategoryLabels {
  categoryId: string;
  source: "template" | "facilitator";
  /** The facilitator confirmed, when opening, that this category (no representative) is decided in person. */
  inPerson: boolean;
}

export interface DecisionView {
  id: number;
  /** The member who decided (or for whom it was recorded); null for a person without an account. */
  userId: string | null;
  /** The person's name as shown: a member's display name, or the name the facilitator wrote. */
  userName: string;
  /** A person without an account (recorded in person by the facilitator). */
  withoutAccount: boolean;
  /** Their community or affiliation, for a person without an account. */
  personAffiliation: string | null;
  /** For a person without an account: their name as recorded (identifies them in the category). */
  personName: string | null;
  categoryId: string;
  decision: Decision;
  reason: string | null;
  versionHash: string;
  decidedAt: number;
  /** Given in person and recorded by a facilitator (not the person's own decision online). */
  inPerson: boolean;
  /** The facilitator who recorded a decision given in person. */
  recordedByName: string | null;
  witness: string | null;
  /** How an in-person decision was given; null online, and for in-person records made before it was asked. */
  method: InPersonMethod | null;
  /** Replaced by a later decision of the same person in the same round. */
  superseded: boolean;
}

export interface CategoryView extends RequiredCategory {
  state: CategoryState;
  /** The current decisions of this category's people (who and when). */
  decisions: DecisionView[];
}

export interface RoundView {
  id: string;
  number: number;
  status: RoundStatus;
  versionHash: string;
  openedAt: number;
  openedByName: string;
  /** For an adopted round: when and by whom the adoption was declared. */
  closedAt: number | null;
  closedByName: string | null;
  closeReason: string | null;
  categories: CategoryView[];
  /** Every decision, oldest first (history), superseded ones included. */
  decisions: DecisionView[];
  /** The id of the round's latest decision (0 when none): what an adoption confirmation was shown. */
  lastDecisionId: number;
  evaluation: RoundEvaluation;
}

export async function getOpenRound(db: Sql, documentId: string): Promise<RoundRow | null> {
  return (await db.get<RoundRow>("SELECT * FROM signoff_rounds WHERE document_id = ? AND status = 'open'", documentId)) ?? null;
}

export async function getAdoptedRound(db: Sql, documentId: string): Promise<RoundRow | null> {
  return (await db.get<RoundRow>("SELECT * FROM signoff_rounds WHERE document_id = ? AND status = 'adopted'", documentId)) ?? null;
}

export async function requiredCategories(db: Sql, roundId: string): Promise<RequiredCategory[]> {
  return (
    await db.all<{
      category_id: string;
      source: "template" | "facilitator";
      in_person: 0 | 1;
      key: string | null;
      label_en: string | null;
      label_fr: string | null;
    }>(
      `SELECT rc.category_id, rc.source, rc.in_person, c.key, c.label_en, c.label_fr FROM signoff_round_categories rc
         JOIN stakeholder_categories c ON c.id = rc.category_id WHERE rc.round_id = ? ORDER BY c.position, c.created_at`,
      roundId,
    )
  ).map((r) => ({ categoryId: r.category_id, source: r.source, inPerson: r.in_person === 1, key: r.key, labelEn: r.label_en, labelFr: r.label_fr }));
}

interface DecisionRow {
  id: number;
  user_id: string | null;
  user_name: string | null;
  person_name: string | null;
  person_affiliation: string | null;
  category_id: string;
  decision: Decision;
  reason: string | null;
  version_hash: string;
  decided_at: number;
  recorded_by: string | null;
  recorded_by_name: string | null;
  witness: string | null;
  method: InPersonMethod | null;
}

/** Every decision of a round, oldest first, each marked superseded or current. */
export async function decisionsOf(db: Sql, roundId: string): Promise<DecisionView[]> {
  const rows = await db.all<DecisionRow>(
    `SELECT d.*, u.display_name AS user_name, r.display_name AS recorded_by_name FROM signoff_decisions d
       LEFT JOIN users u ON u.id = d.user_id LEFT JOIN users r ON r.id = d.recorded_by
       WHERE d.round_id = ? ORDER BY d.id`,
    roundId,
  );
  const views = rows.map(
    (r): DecisionView => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name ?? r.person_name ?? "",
      withoutAccount: r.user_id === null,
      personName: r.person_name,
      personAffiliation: r.person_affiliation,
      categoryId: r.category_id,
      decision: r.decision,
      reason: r.reason,
      versionHash: r.version_hash,
      decidedAt: r.decided_at,
      inPerson: r.recorded_by !== null,
      recordedByName: r.recorded_by_name,
      witness: r.witness,
      method: r.method,
      superseded: false,
    }),
  );
  const current = new Set(currentDecisions(views).map((d) => d.id));
  for (const v of views) v.superseded = !current.has(v.id);
  return views;
}

/** The rule applied to a round's current decisions (what adoption is checked against). */
export async function evaluateStoredRound(
  db: Sql,
  roundId: string,
): Promise<{ required: RequiredCategory[]; current: DecisionView[]; evaluation: RoundEvaluation }> {
  const required = await requiredCategories(db, roundId);
  const current = (await decisionsOf(db, roundId)).filter((d) => !d.superseded);
  return {
    required,
    current,
    evaluation: evaluateRound(
      required.map((c) => c.categoryId),
      current,
    ),
  };
}

async function roundView(db: Sql, row: RoundRow): Promise<RoundView> {
  const categories = await requiredCategories(db, row.id);
  const decisions = await decisionsOf(db, row.id);
  const current = decisions.filter((d) => !d.superseded);
  const evaluation = evaluateRound(
    categories.map((c) => c.categoryId),
    current,
  );
  const name = async (id: string | null) =>
    id ? ((await db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", id))?.display_name ?? "") : null;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    versionHash: row.version_hash,
    openedAt: row.opened_at,
    openedByName: (await name(row.opened_by)) ?? "",
    closedAt: row.closed_at,
    closedByName: await name(row.closed_by),
    closeReason: row.close_reason,
    categories: categories.map((c, i) => ({
      ...c,
      state: evaluation.categories[i]!.state,
      decisions: current.filter((d) => d.categoryId === c.categoryId),
    })),
    decisions,
    lastDecisionId: decisions.at(-1)?.id ?? 0,
    evaluation,
  };
}

/** Every round of a document, newest first, with its decisions and outcome (the history). */
export async function listRounds(db: Sql, documentId: string): Promise<RoundView[]> {
  const rows = await db.all<RoundRow>("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number DESC", documentId);
  const rounds: RoundView[] = [];
  for (const row of rows) rounds.push(await roundView(db, row));
  return rounds;
}

// ---------------------------------------------------------------------------------------------
// Who can decide

export interface Decider {
  userId: string;
  displayName: string;
  affiliation: string | null;
}

/**
 * Who can decide for each category of a process: its representatives who are members with an
 * account that is not disabled (a disabled account cannot sign in to decide). Keyed by category id;
 * a category nobody represents is absent.
 */
export async function decidersByCategory(db: Sql, processId: string): Promise<Map<string, Decider[]>> {
  const rows = await db.all<{ category_id: string; user_id: string; affiliation: string | null; display_name: string }>(
    `SELECT m.category_id, m.user_id, m.affiliation, u.display_name FROM process_members m JOIN users u ON u.id = m.user_id
       WHERE m.process_id = ? AND m.role = 'representative' AND m.category_id IS NOT NULL AND u.disabled_at IS NULL
       ORDER BY lower(u.display_name)`,
    processId,
  );
  const byCategory = new Map<string, Decider[]>();
  for (const r of rows) {
    const list = byCategory.get(r.category_id) ?? [];
    list.push({ userId: r.user_id, displayName: r.display_name, affiliation: r.affiliation });
    byCategory.set(r.category_id, list);
  }
  return byCategory;
}

// ---------------------------------------------------------------------------------------------
// Revisions

/** The document on the other side of an amendment, as the panel links to it. */
export interface RevisionLink {
  id: string;
  title: string;
  revision: number;
}

export interface RevisionLinks {
  revision: number;
  revisionOf: RevisionLink | null;
  amendedBy: RevisionLink | null;
}

export async function revisionLinks(db: Sql, documentId: string): Promise<RevisionLinks> {
  const row = (await db.get<{ revision: number; revision_of: string | null }>("SELECT revision, revision_of FROM documents WHERE id = ?", documentId))!;
  const link = async (sql: string, id: string | null) => (id ? ((await db.get<RevisionLink>(sql, id)) ?? null) : null);
  return {
    revision: row.revision,
    revisionOf: await link("SELECT id, title, revision FROM documents WHERE id = ?", row.revision_of),
    amendedBy: await link("SELECT id, title, revision FROM documents WHERE revision_of = ?", documentId),
  };
}
