// Sign-off rounds (issue 6): open (freeze a version), decide, record in person, reopen, adopt,
// amend, history. Integrity first: the version hash is recomputed from the STORED state inside
// every transaction that relies on it, the policy is asked inside every transaction, and the
// database triggers of migrations/0005_signoff.sql refuse what the code should never attempt.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../server/db/database.js";
import { readStoredState, seedStoredState } from "./stored-state.server.js";
import { canonicalVersionOf, type CanonicalVersion } from "../core/canonical.js";
import type { CategoryLabels } from "../core/categories.js";
import {
  currentDecisions,
  defaultSignoffCategoryKeys,
  evaluateRound,
  type CategoryState,
  type Decision,
  type RoundEvaluation,
  type RoundStatus,
} from "../core/signoff.js";
import { AccessDeniedError, authorize } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { getDocument, newDocumentId, type DocumentRecord } from "./documents.server.js";
import type { FieldErrors } from "./input.server.js";
import { fail, parseInput, type Outcome } from "./input.server.js";

/** A blocking validation finding (issue 5 produces them; see Services.signoffChecks). */
export interface BlockingFinding {
  ruleId: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

/** Seam for the templates/validation issue: no validation yet → nothing blocks. */
export const NO_SIGNOFF_CHECKS: Services["signoffChecks"] = { blockingFindings: async () => [] };
/** Seam for processes without a collab server (scripts, unit tests): nothing to freeze. */
export const NO_COLLAB_LOCK: Services["collabLock"] = { freeze: async () => {} };

export type SignoffOutcome<T> = Outcome<T> | { ok: false; status: number; errors: FieldErrors; findings: BlockingFinding[] };

type User = { id: string; isAdmin: boolean };
type RawInput = FormData | Record<string, string | string[] | undefined>;

// ---------------------------------------------------------------------------------------------
// Stored state → canonical version (synchronous: runs inside the caller's transaction, so what is
// hashed is exactly what is stored at that moment; the trigger collab_updates_locked keeps it so).

export function storedVersion(db: Db, documentId: string): CanonicalVersion {
  // The collab server loads through the same reader: what is hashed is what it serves.
  return canonicalVersionOf(readStoredState(db, documentId).updates);
}

// ---------------------------------------------------------------------------------------------
// Reading

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
}

export interface DecisionView {
  id: number;
  userId: string;
  userName: string;
  categoryId: string;
  decision: Decision;
  reason: string | null;
  versionHash: string;
  decidedAt: number;
  /** Set when a facilitator recorded a decision given in person. */
  recordedByName: string | null;
  witness: string | null;
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
  closedAt: number | null;
  closedByName: string | null;
  closeReason: string | null;
  categories: CategoryView[];
  /** Every decision, oldest first (history), superseded ones included. */
  decisions: DecisionView[];
  evaluation: RoundEvaluation;
}

export function getOpenRound(db: Db, documentId: string): RoundRow | null {
  return (db.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? AND status = 'open'").get(documentId) as RoundRow | undefined) ?? null;
}

function requiredCategories(db: Db, roundId: string): RequiredCategory[] {
  return (
    db
      .prepare(
        `SELECT rc.category_id, rc.source, c.key, c.label_en, c.label_fr FROM signoff_round_categories rc
         JOIN stakeholder_categories c ON c.id = rc.category_id WHERE rc.round_id = ? ORDER BY c.position, c.created_at`,
      )
      .all(roundId) as { category_id: string; source: "template" | "facilitator"; key: string | null; label_en: string | null; label_fr: string | null }[]
  ).map((r) => ({ categoryId: r.category_id, source: r.source, key: r.key, labelEn: r.label_en, labelFr: r.label_fr }));
}

function decisionsOf(db: Db, roundId: string): DecisionView[] {
  const rows = db
    .prepare(
      `SELECT d.*, u.display_name AS user_name, r.display_name AS recorded_by_name FROM signoff_decisions d
       JOIN users u ON u.id = d.user_id LEFT JOIN users r ON r.id = d.recorded_by
       WHERE d.round_id = ? ORDER BY d.id`,
    )
    .all(roundId) as {
    id: number;
    user_id: string;
    user_name: string;
    category_id: string;
    decision: Decision;
    reason: string | null;
    version_hash: string;
    decided_at: number;
    recorded_by_name: string | null;
    witness: string | null;
  }[];
  const views = rows.map(
    (r): DecisionView => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      categoryId: r.category_id,
      decision: r.decision,
      reason: r.reason,
      versionHash: r.version_hash,
      decidedAt: r.decided_at,
      recordedByName: r.recorded_by_name,
      witness: r.witness,
      superseded: false,
    }),
  );
  const current = new Set(currentDecisions(views).map((d) => d.id));
  for (const v of views) v.superseded = !current.has(v.id);
  return views;
}

function roundView(db: Db, row: RoundRow): RoundView {
  const categories = requiredCategories(db, row.id);
  const decisions = decisionsOf(db, row.id);
  const current = decisions.filter((d) => !d.superseded);
  const evaluation = evaluateRound(
    categories.map((c) => c.categoryId),
    current,
  );
  const name = (id: string | null) =>
    id ? ((db.prepare("SELECT display_name FROM users WHERE id = ?").get(id) as { display_name: string } | undefined)?.display_name ?? "") : null;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    versionHash: row.version_hash,
    openedAt: row.opened_at,
    openedByName: name(row.opened_by) ?? "",
    closedAt: row.closed_at,
    closedByName: name(row.closed_by),
    closeReason: row.close_reason,
    categories: categories.map((c, i) => ({
      ...c,
      state: evaluation.categories[i]!.state,
      decisions: current.filter((d) => d.categoryId === c.categoryId),
    })),
    decisions,
    evaluation,
  };
}

/** Every round of a document, newest first, with its decisions and outcome (the history). */
export function listRounds(db: Db, documentId: string): RoundView[] {
  return (db.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? ORDER BY number DESC").all(documentId) as RoundRow[]).map((r) =>
    roundView(db, r),
  );
}

export interface RevisionLinks {
  revision: number;
  revisionOf: { id: string; title: string; revision: number } | null;
  amendedBy: { id: string; title: string; revision: number } | null;
}

export function revisionLinks(db: Db, documentId: string): RevisionLinks {
  const row = db.prepare("SELECT revision, revision_of FROM documents WHERE id = ?").get(documentId) as { revision: number; revision_of: string | null };
  const link = (sql: string, id: string | null) =>
    id ? ((db.prepare(sql).get(id) as { id: string; title: string; revision: number } | undefined) ?? null) : null;
  return {
    revision: row.revision,
    revisionOf: link("SELECT id, title, revision FROM documents WHERE id = ?", row.revision_of),
    amendedBy: link("SELECT id, title, revision FROM documents WHERE revision_of = ?", documentId),
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations

function documentOf(db: Db, processId: string, documentId: string): DocumentRecord {
  const document = getDocument(db, documentId);
  // Another process's document answers like a missing one.
  if (!document || document.processId !== processId) throw new AccessDeniedError(404);
  return document;
}

const categoryIdsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter(Boolean)));

export const openRoundSchema = z.object({ categoryIds: categoryIdsField });

/**
 * Opens a round (facilitator): re-validates from the stored state (refusing with the findings),
 * freezes the live connections, then in ONE transaction snapshots the stored state (Yjs state,
 * canonical JSON, hash), fixes the required categories and sets the document in_signoff.
 */
export async function openRound(
  services: Services,
  user: User,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<SignoffOutcome<{ roundId: string; number: number; versionHash: string }>> {
  const parsed = parseInput(openRoundSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const before = documentOf(db, processId, documentId);
  authorize(db, processId, user, "signoff.open", { documentStatus: before.status });

  const findings = await services.signoffChecks.blockingFindings(documentId);
  if (findings.length) return { ok: false, status: 409, errors: { form: "signoff.errors.blockingFindings" }, findings };

  // Live editors go read-only and what they already sent is committed, so the snapshot below is the
  // last text anyone was shown. Whatever happens next, access is re-decided from the database.
  await services.collabLock.freeze(documentId);
  try {
    // Re-validate on the now stable stored state.
    const again = await services.signoffChecks.blockingFindings(documentId);
    if (again.length) return { ok: false, status: 409, errors: { form: "signoff.errors.blockingFindings" }, findings: again };
    const result = db.transaction((): Outcome<{ roundId: string; number: number; versionHash: string }> => {
      const document = documentOf(db, processId, documentId);
      authorize(db, processId, user, "signoff.open", { documentStatus: document.status });
      const categories = db.prepare("SELECT id, key, label_en, label_fr FROM stakeholder_categories WHERE process_id = ?").all(processId) as {
        id: string;
        key: string | null;
        label_en: string | null;
        label_fr: string | null;
      }[];
      const defaults = defaultSignoffCategoryKeys(document.templateId);
      const required = new Map<string, "template" | "facilitator">();
      for (const key of defaults) {
        const category = categories.find((c) => c.key === key);
        if (category) required.set(category.id, "template");
      }
      for (const id of parsed.data.categoryIds) {
        if (!categories.some((c) => c.id === id)) return fail(400, "categoryIds", "signoff.errors.categoryUnknown");
        if (!required.has(id)) required.set(id, "facilitator");
      }
      if (!required.size) return fail(400, "categoryIds", "signoff.errors.noCategories");

      const version = storedVersion(db, documentId);
      const number =
        (db.prepare("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM signoff_rounds WHERE document_id = ?").get(documentId) as { n: number }).n;
      const roundId = randomUUID();
      const now = Date.now();
      db.prepare(
        `INSERT INTO signoff_rounds (id, document_id, number, status, version_hash, snapshot, canonical, opened_by, opened_at)
         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
      ).run(roundId, documentId, number, version.hash, Buffer.from(version.state), version.canonical, user.id, now);
      const insertCategory = db.prepare("INSERT INTO signoff_round_categories (round_id, category_id, source) VALUES (?, ?, ?)");
      for (const [id, source] of required) insertCategory.run(roundId, id, source);
      db.prepare("UPDATE documents SET status = 'in_signoff', updated_at = ? WHERE id = ?").run(now, documentId);
      recordAudit(db, {
        actorUserId: user.id,
        action: "signoff.opened",
        processId,
        targetType: "document",
        targetId: documentId,
        details: {
          title: document.title,
          round: number,
          versionHash: version.hash,
          requiredCategories: [...required].map(([id, source]) => {
            const c = categories.find((x) => x.id === id)!;
            return { id, source, key: c.key, labelEn: c.label_en, labelFr: c.label_fr };
          }),
        },
      });
      return { ok: true, value: { roundId, number, versionHash: version.hash } };
    })();
    return result;
  } finally {
    // Opened: every connection downgrades for good. Refused: the frozen editors get their rights back.
    services.events.emit("document.changed", { documentId, processId });
  }
}

const HASH = /^[0-9a-f]{64}$/;
const reasonField = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .pipe(z.string().max(2000, { error: "signoff.errors.reasonTooLong" }));

export const decisionSchema = z
  .object({
    decision: z.enum(["approve", "object"], { error: "signoff.errors.decisionInvalid" }),
    reason: reasonField,
    // A missing or malformed hash is a version the server never showed: the same answer as a stale one.
    versionHash: z.string({ error: "signoff.errors.staleVersion" }).regex(HASH, { error: "signoff.errors.staleVersion" }),
    categoryId: z.string().optional(),
  })
  .refine((d) => d.decision !== "object" || d.reason.length > 0, { path: ["reason"], error: "signoff.errors.reasonRequired" });

export const recordSchema = z
  .object({
    memberUserId: z.string({ error: "signoff.errors.memberRequired" }).min(1, { error: "signoff.errors.memberRequired" }),
    decision: z.enum(["approve", "object"], { error: "signoff.errors.decisionInvalid" }),
    reason: reasonField,
    witness: z
      .string({ error: "signoff.errors.witnessRequired" })
      .trim()
      .min(1, { error: "signoff.errors.witnessRequired" })
      .max(200, { error: "signoff.errors.witnessTooLong" }),
    versionHash: z.string({ error: "signoff.errors.staleVersion" }).regex(HASH, { error: "signoff.errors.staleVersion" }),
  })
  .refine((d) => d.decision !== "object" || d.reason.length > 0, { path: ["reason"], error: "signoff.errors.reasonRequired" });

interface DecisionInsert {
  round: RoundRow;
  categoryId: string;
  userId: string;
  decision: Decision;
  reason: string;
  versionHash: string;
  recordedBy: string | null;
  witness: string | null;
}

export interface DecisionResult {
  adopted: boolean;
}

/**
 * Shared core of decide and record, inside their transaction: the round's category, the submitted
 * hash, the hash of the STORED state, the append-only insert, the audit, the rule, the adoption.
 */
function insertDecision(db: Db, actor: User, processId: string, document: DocumentRecord, d: DecisionInsert): Outcome<DecisionResult> {
  const required = requiredCategories(db, d.round.id);
  if (!required.some((c) => c.categoryId === d.categoryId)) return fail(409, "form", "signoff.errors.categoryNotRequired");
  if (d.versionHash !== d.round.version_hash) return fail(409, "form", "signoff.errors.staleVersion");
  const stored = storedVersion(db, document.id);
  if (stored.hash !== d.round.version_hash) return fail(409, "form", "signoff.errors.storedVersionChanged");
  const now = Date.now();
  const info = db
    .prepare(
      `INSERT INTO signoff_decisions (round_id, category_id, user_id, decision, reason, version_hash, recorded_by, witness, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.round.id, d.categoryId, d.userId, d.decision, d.reason || null, stored.hash, d.recordedBy, d.witness, now);
  const category = required.find((c) => c.categoryId === d.categoryId)!;
  const member = db.prepare("SELECT display_name FROM users WHERE id = ?").get(d.userId) as { display_name: string };
  recordAudit(db, {
    actorUserId: actor.id,
    action: d.recordedBy ? "signoff.recorded" : "signoff.decided",
    processId,
    targetType: "document",
    targetId: document.id,
    details: {
      title: document.title,
      round: d.round.number,
      versionHash: stored.hash,
      decisionId: Number(info.lastInsertRowid),
      decision: d.decision,
      reason: d.reason || null,
      member: member.display_name,
      memberUserId: d.userId,
      category: { key: category.key, labelEn: category.labelEn, labelFr: category.labelFr },
      recordedByFacilitator: !!d.recordedBy,
      witness: d.witness,
    },
  });

  const evaluation = evaluateRound(
    required.map((c) => c.categoryId),
    decisionsOf(db, d.round.id).filter((x) => !x.superseded),
  );
  if (!evaluation.adopted) return { ok: true, value: { adopted: false } };
  db.prepare("UPDATE signoff_rounds SET status = 'adopted', closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'").run(actor.id, now, d.round.id);
  db.prepare("UPDATE documents SET status = 'adopted', updated_at = ? WHERE id = ?").run(now, document.id);
  recordAudit(db, {
    actorUserId: actor.id,
    action: "signoff.adopted",
    processId,
    targetType: "document",
    targetId: document.id,
    details: { title: document.title, round: d.round.number, versionHash: stored.hash },
  });
  return { ok: true, value: { adopted: true } };
}

/** A representative approves or objects, for their own category only, on the open round's exact version. */
export function decide(services: Services, user: User, processId: string, documentId: string, raw: RawInput): Outcome<DecisionResult> {
  const parsed = parseInput(decisionSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const result = db.transaction((): Outcome<DecisionResult> => {
    const document = documentOf(db, processId, documentId);
    // A page left open after the round closed: say so plainly (members only; nothing is decided).
    const own = authorize(db, processId, user, "document.read", { documentStatus: document.status });
    if (document.status !== "in_signoff") return fail(409, "form", "signoff.errors.noOpenRound");
    // The category decided for: the one named by the form (checked by the policy), else one's own.
    const categoryId = parsed.data.categoryId || own.categoryId || null;
    authorize(db, processId, user, "signoff.decide", { documentStatus: document.status, categoryId });
    const round = getOpenRound(db, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");
    return insertDecision(db, user, processId, document, {
      round,
      categoryId: categoryId!,
      userId: user.id,
      decision: parsed.data.decision,
      reason: parsed.data.reason,
      versionHash: parsed.data.versionHash,
      recordedBy: null,
      witness: null,
    });
  })();
  // Every decision changes what the panel shows; adoption also changes everyone's rights.
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}

/** The facilitator records the decision of a representative present in person, naming a witness. */
export function recordInPerson(services: Services, user: User, processId: string, documentId: string, raw: RawInput): Outcome<DecisionResult> {
  const parsed = parseInput(recordSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const result = db.transaction((): Outcome<DecisionResult> => {
    const document = documentOf(db, processId, documentId);
    const member = db.prepare("SELECT role, category_id FROM process_members WHERE process_id = ? AND user_id = ?").get(processId, parsed.data.memberUserId) as
      | { role: string; category_id: string | null }
      | undefined;
    authorize(db, processId, user, "document.read", { documentStatus: document.status });
    if (document.status !== "in_signoff") return fail(409, "form", "signoff.errors.noOpenRound");
    // Check the facilitator's right first (a non-facilitator learns nothing about members).
    authorize(db, processId, user, "signoff.record", { documentStatus: document.status, categoryId: member?.category_id ?? "?" });
    if (!member || member.role !== "representative" || !member.category_id) return fail(400, "memberUserId", "signoff.errors.memberNotRepresentative");
    const round = getOpenRound(db, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");
    return insertDecision(db, user, processId, document, {
      round,
      categoryId: member.category_id,
      userId: parsed.data.memberUserId,
      decision: parsed.data.decision,
      reason: parsed.data.reason,
      versionHash: parsed.data.versionHash,
      recordedBy: user.id,
      witness: parsed.data.witness,
    });
  })();
  // Every decision changes what the panel shows; adoption also changes everyone's rights.
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}

export const reopenSchema = z.object({
  reason: z
    .string({ error: "signoff.errors.reopenReasonRequired" })
    .trim()
    .min(1, { error: "signoff.errors.reopenReasonRequired" })
    .max(2000, { error: "signoff.errors.reasonTooLong" }),
});

/** The facilitator closes the open round without adoption; the text returns to drafting. */
export function reopenRound(services: Services, user: User, processId: string, documentId: string, raw: RawInput): Outcome<null> {
  const parsed = parseInput(reopenSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const result = db.transaction((): Outcome<null> => {
    const document = documentOf(db, processId, documentId);
    authorize(db, processId, user, "signoff.reopen", { documentStatus: document.status });
    const round = getOpenRound(db, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");
    const now = Date.now();
    db.prepare("UPDATE signoff_rounds SET status = 'reopened', closed_by = ?, closed_at = ?, close_reason = ? WHERE id = ?").run(
      user.id,
      now,
      parsed.data.reason,
      round.id,
    );
    db.prepare("UPDATE documents SET status = 'drafting', updated_at = ? WHERE id = ?").run(now, documentId);
    recordAudit(db, {
      actorUserId: user.id,
      action: "signoff.reopened",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { title: document.title, round: round.number, versionHash: round.version_hash, reason: parsed.data.reason },
    });
    return { ok: true, value: null };
  })();
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}

/**
 * Amend (facilitator): a new document revision in drafting whose text starts as the adopted
 * snapshot. The adopted document, its stored text and its sign-off record are not touched.
 */
export function amendDocument(services: Services, user: User, processId: string, documentId: string): Outcome<{ id: string }> {
  const { db } = services;
  return db.transaction((): Outcome<{ id: string }> => {
    const document = documentOf(db, processId, documentId);
    authorize(db, processId, user, "signoff.amend", { documentStatus: document.status });
    const existing = db.prepare("SELECT id FROM documents WHERE revision_of = ?").get(documentId) as { id: string } | undefined;
    if (existing) return fail(409, "form", "signoff.errors.alreadyAmended");
    const round = db.prepare("SELECT * FROM signoff_rounds WHERE document_id = ? AND status = 'adopted'").get(documentId) as RoundRow | undefined;
    if (!round) return fail(409, "form", "signoff.errors.notAdopted");
    const { revision } = document;
    const id = newDocumentId();
    const now = Date.now();
    db.prepare(
      `INSERT INTO documents (id, process_id, kind, title, status, template_id, created_by, created_at, updated_at, revision_of, revision)
       VALUES (?, ?, ?, ?, 'drafting', ?, ?, ?, ?, ?, ?)`,
    ).run(id, processId, document.kind, document.title, document.templateId, user.id, now, now, documentId, revision + 1);
    // The adopted snapshot becomes the first stored update of the new revision.
    seedStoredState(db, id, round.snapshot, user.id, now);
    recordAudit(db, {
      actorUserId: user.id,
      action: "document.amended",
      processId,
      targetType: "document",
      targetId: id,
      details: { title: document.title, revisionOf: documentId, revision: revision + 1, versionHash: round.version_hash },
    });
    return { ok: true, value: { id } };
  })();
}
