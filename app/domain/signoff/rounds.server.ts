// Round transitions: open (freeze a version), reopen (close without adoption), adopt (the
// facilitator's declaration). Integrity first: the version hash is recomputed from the STORED state
// inside every transaction that relies on it, the policy is asked inside every transaction, and the
// database triggers (migrations 0005 and 0006) refuse what the code should never attempt.
import { randomUUID } from "node:crypto";
import { statement, type Sql } from "../../storage/sql.server.js";
import type { CategoryRef } from "../../core/categories.js";
import { categoriesWithoutDecider, defaultSignoffCategoryKeys } from "../../core/signoff.js";
import { authorize, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import type { DocumentRecord } from "../documents.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { documentOf, type SignoffOutcome } from "./common.server.js";
import { decidersByCategory, evaluateStoredRound, getOpenRound, storedVersion, type Decider } from "./read.server.js";
import { adoptSchema, openRoundSchema, reopenSchema } from "./schemas.server.js";
import { documentFacts } from "../../core/policy.js";

interface PlannedCategory extends CategoryRef {
  source: "template" | "facilitator";
  inPerson: boolean;
  deciders: Decider[];
}

/**
 * The categories a new round will require: the template's defaults (always) plus the facilitator's
 * choice; each with who can decide for it. Refused when one has nobody to decide for it and the
 * facilitator did not confirm it will be decided in person.
 */
async function planCategories(
  db: Sql,
  processId: string,
  document: DocumentRecord,
  input: { categoryIds: string[]; inPersonCategoryIds: string[] },
): Promise<SignoffOutcome<PlannedCategory[]>> {
  const categories = await db.all<{
    id: string;
    key: string | null;
    label_en: string | null;
    label_fr: string | null;
  }>("SELECT id, key, label_en, label_fr FROM stakeholder_categories WHERE process_id = ? ORDER BY position, created_at", processId);
  const defaults = defaultSignoffCategoryKeys(document.templateId);
  const sources = new Map<string, "template" | "facilitator">();
  for (const c of categories) if (c.key !== null && defaults.includes(c.key)) sources.set(c.id, "template");
  for (const id of input.categoryIds) {
    if (!categories.some((c) => c.id === id)) return fail(400, "categoryIds", "signoff.errors.categoryUnknown");
    if (!sources.has(id)) sources.set(id, "facilitator");
  }
  if (!sources.size) return fail(400, "categoryIds", "signoff.errors.noCategories");
  const deciders = await decidersByCategory(db, processId);
  // In process order, as the form lists them.
  const planned = categories
    .filter((c) => sources.has(c.id))
    .map((c): PlannedCategory => {
      const who = deciders.get(c.id) ?? [];
      return {
        id: c.id,
        key: c.key,
        labelEn: c.label_en,
        labelFr: c.label_fr,
        source: sources.get(c.id)!,
        deciders: who,
        // Only meaningful for a category nobody represents: the others are decided by their representatives.
        inPerson: who.length === 0 && input.inPersonCategoryIds.includes(c.id),
      };
    });
  const unrepresented = categoriesWithoutDecider(planned, deciders).filter((c) => !c.inPerson);
  if (unrepresented.length) {
    return {
      ok: false,
      status: 409,
      errors: { form: "signoff.errors.unrepresented" },
      unrepresented: unrepresented.map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr })),
    };
  }
  return { ok: true, value: planned };
}

/**
 * Opens a round (facilitator): checks who can decide for each required category and re-validates
 * from the stored state (refusing with the categories or the findings), freezes the live
 * connections, then in ONE transaction snapshots the stored state (Yjs state, canonical JSON, hash),
 * fixes the required categories and sets the document in_signoff.
 */
export async function openRound(
  services: Services,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<SignoffOutcome<{ roundId: string; number: number; versionHash: string }>> {
  const parsed = parseInput(openRoundSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const before = await documentOf(db, processId, documentId);
  await authorize(db, processId, user, "signoff.open", documentFacts(before));
  // Representatives cannot sign a text they cannot see.
  if (before.visibility !== "shared") return fail(409, "form", "documents.visibility.mustShareFirst");
  // Before anything freezes: a refused opening leaves the editors alone.
  const plan = await planCategories(db, processId, before, parsed.data);
  if (!plan.ok) return plan;

  const findings = await services.signoffChecks.blockingFindings(documentId);
  if (findings.length) return { ok: false, status: 409, errors: { form: "signoff.errors.blockingFindings" }, findings };

  // Live editors go read-only and what they already sent is committed, so the snapshot below is the
  // last text anyone was shown. Whatever happens next, access is re-decided from the database.
  await services.collabLock.freeze(documentId);
  try {
    // Re-validate on the now stable stored state.
    const again = await services.signoffChecks.blockingFindings(documentId);
    if (again.length) return { ok: false, status: 409, errors: { form: "signoff.errors.blockingFindings" }, findings: again };
    return await db.transaction(async (tx): Promise<SignoffOutcome<{ roundId: string; number: number; versionHash: string }>> => {
      const document = await documentOf(tx, processId, documentId);
      await authorize(tx, processId, user, "signoff.open", documentFacts(document));
      if (document.visibility !== "shared") return fail(409, "form", "documents.visibility.mustShareFirst");
      // Again inside the transaction: membership may have changed while the editors froze.
      const planned = await planCategories(tx, processId, document, parsed.data);
      if (!planned.ok) return planned;

      const version = await storedVersion(tx, documentId);
      const number = (await tx.get<{ n: number }>("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM signoff_rounds WHERE document_id = ?", documentId))!.n;
      const roundId = randomUUID();
      const now = Date.now();
      await tx.run(
        `INSERT INTO signoff_rounds (id, document_id, number, status, version_hash, snapshot, canonical, opened_by, opened_at)
         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
        roundId,
        documentId,
        number,
        version.hash,
        Buffer.from(version.state),
        version.canonical,
        user.id,
        now,
      );
      const insertCategory = statement(tx, "INSERT INTO signoff_round_categories (round_id, category_id, source, in_person) VALUES (?, ?, ?, ?)");
      for (const c of planned.value) await insertCategory.run(roundId, c.id, c.source, c.inPerson ? 1 : 0);
      await tx.run("UPDATE documents SET status = 'in_signoff', updated_at = ? WHERE id = ?", now, documentId);
      await recordAudit(tx, {
        actorUserId: user.id,
        action: "signoff.opened",
        processId,
        targetType: "document",
        targetId: documentId,
        details: {
          title: document.title,
          round: number,
          versionHash: version.hash,
          requiredCategories: planned.value.map((c) => ({
            id: c.id,
            source: c.source,
            key: c.key,
            labelEn: c.labelEn,
            labelFr: c.labelFr,
            deciders: c.deciders.map((d) => d.displayName),
            inPerson: c.inPerson,
          })),
        },
      });
      return { ok: true, value: { roundId, number, versionHash: version.hash } };
    });
  } finally {
    // Opened: every connection downgrades for good. Refused: the frozen editors get their rights back.
    services.events.emit("document.changed", { documentId, processId });
  }
}

/** The facilitator closes the open round without adoption; the text returns to drafting. */
export async function reopenRound(services: Services, user: UserRef, processId: string, documentId: string, raw: RawInput): Promise<Outcome<null>> {
  const parsed = parseInput(reopenSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const result = await db.transaction(async (tx): Promise<Outcome<null>> => {
    const document = await documentOf(tx, processId, documentId);
    await authorize(tx, processId, user, "signoff.reopen", documentFacts(document));
    const round = await getOpenRound(tx, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");
    const now = Date.now();
    await tx.run(
      "UPDATE signoff_rounds SET status = 'reopened', closed_by = ?, closed_at = ?, close_reason = ? WHERE id = ?",
      user.id,
      now,
      parsed.data.reason,
      round.id,
    );
    await tx.run("UPDATE documents SET status = 'drafting', updated_at = ? WHERE id = ?", now, documentId);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "signoff.reopened",
      processId,
      targetType: "document",
      targetId: documentId,
      details: { title: document.title, round: round.number, versionHash: round.version_hash, reason: parsed.data.reason },
    });
    return { ok: true, value: null };
  });
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}

/**
 * Adoption is a deliberate act: the facilitator declares it from a confirmation that showed the
 * version and who approved. In ONE transaction: the round is open, the rule is satisfied, no
 * decision arrived since the confirmation was shown, the submitted hash is the round's and the hash
 * recomputed from the stored state is too; then the round and the document are adopted.
 */
export async function adoptRound(
  services: Services,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ versionHash: string }>> {
  const { db } = services;
  const result = await db.transaction(async (tx): Promise<Outcome<{ versionHash: string }>> => {
    const document = await documentOf(tx, processId, documentId);
    // A page left open after the round closed: say so plainly (members only; nothing changes).
    await authorize(tx, processId, user, "document.read", documentFacts(document));
    if (document.status !== "in_signoff") return fail(409, "form", "signoff.errors.noOpenRound");
    await authorize(tx, processId, user, "signoff.adopt", documentFacts(document));
    const parsed = parseInput(adoptSchema, raw);
    if (!parsed.ok) return parsed;
    const round = await getOpenRound(tx, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");
    const { required, current, evaluation } = await evaluateStoredRound(tx, round.id);
    const last = (await tx.get<{ id: number }>("SELECT COALESCE(MAX(id), 0) AS id FROM signoff_decisions WHERE round_id = ?", round.id))!.id;
    // A decision arrived (or changed) after the confirmation was shown: what it listed is not what
    // would be adopted.
    if (parsed.data.decisionsSeen !== last) return fail(409, "form", "signoff.errors.decisionsChanged");
    if (!evaluation.ruleSatisfied) return fail(409, "form", "signoff.errors.ruleNotSatisfied");
    if (parsed.data.versionHash !== round.version_hash) return fail(409, "form", "signoff.errors.staleVersion");
    const stored = await storedVersion(tx, documentId);
    if (stored.hash !== round.version_hash) return fail(409, "form", "signoff.errors.storedVersionChanged");
    const now = Date.now();
    await tx.run("UPDATE signoff_rounds SET status = 'adopted', closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'", user.id, now, round.id);
    await tx.run("UPDATE documents SET status = 'adopted', updated_at = ? WHERE id = ?", now, documentId);
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "signoff.adopted",
      processId,
      targetType: "document",
      targetId: documentId,
      details: {
        title: document.title,
        round: round.number,
        versionHash: stored.hash,
        // Per required category, who approved the adopted version and how.
        approvals: required.map((c) => ({
          category: { key: c.key, labelEn: c.labelEn, labelFr: c.labelFr },
          approvedBy: current
            .filter((d) => d.categoryId === c.categoryId && d.decision === "approve")
            .map((d) => ({
              decisionId: d.id,
              name: d.userName,
              withoutAccount: d.withoutAccount,
              inPerson: d.inPerson,
              method: d.method,
              witness: d.witness,
            })),
        })),
      },
    });
    return { ok: true, value: { versionHash: stored.hash } };
  });
  // Adoption changes everyone's rights and what every open page shows.
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}
