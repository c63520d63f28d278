// Decisions in an open round: a representative's own (decide), or one given in person and recorded
// by the facilitator with a witness and a method, for a member representative or for a person
// without an account (recordInPerson). Decisions never adopt anything: the facilitator declares
// the adoption (rounds.server.ts). Append-only: a changed decision is a new row.
import type { Sql } from "../../storage/sql.server.js";
import { normalizePersonName, type Decision, type InPersonMethod } from "../../core/signoff.js";
import { authorize, type UserRef } from "../access.server.js";
import { recordAudit } from "../audit.server.js";
import type { Services } from "../context.server.js";
import type { DocumentRecord } from "../documents.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "../input.server.js";
import { documentOf, type SignoffOutcome } from "./common.server.js";
import { getOpenRound, requiredCategories, storedVersion, type RoundRow } from "./read.server.js";
import { decisionSchema, recordMemberSchema, recordPersonSchema } from "./schemas.server.js";
import { documentFacts } from "../../core/policy.js";

interface DecisionInsert {
  round: RoundRow;
  categoryId: string;
  decision: Decision;
  reason: string;
  versionHash: string;
  /** A member; or, for a person without an account, their name and affiliation. */
  who: { userId: string } | { personName: string; personAffiliation: string };
  /** Given in person: the facilitator who recorded it, the witness and how it was expressed. */
  inPerson: { recordedBy: string; witness: string; method: InPersonMethod } | null;
}

export interface DecisionResult {
  decisionId: number;
}

/**
 * Shared core of decide and record, inside their transaction: the round's category, the submitted
 * hash, the hash of the STORED state, the append-only insert, the audit.
 */
async function insertDecision(db: Sql, actor: UserRef, processId: string, document: DocumentRecord, d: DecisionInsert): Promise<Outcome<DecisionResult>> {
  const required = await requiredCategories(db, d.round.id);
  const category = required.find((c) => c.categoryId === d.categoryId);
  if (!category) return fail(409, "form", "signoff.errors.categoryNotRequired");
  if (d.versionHash !== d.round.version_hash) return fail(409, "form", "signoff.errors.staleVersion");
  const stored = await storedVersion(db, document.id);
  if (stored.hash !== d.round.version_hash) return fail(409, "form", "signoff.errors.storedVersionChanged");
  const userId = "userId" in d.who ? d.who.userId : null;
  const person = "personName" in d.who ? d.who : null;
  const now = Date.now();
  const info = await db.get<{ id: number }>(
    `INSERT INTO signoff_decisions (round_id, category_id, user_id, person_name, person_affiliation, decision, reason, version_hash, recorded_by, witness, method, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    d.round.id,
    d.categoryId,
    userId,
    person?.personName ?? null,
    person?.personAffiliation ?? null,
    d.decision,
    d.reason || null,
    stored.hash,
    d.inPerson?.recordedBy ?? null,
    d.inPerson?.witness ?? null,
    d.inPerson?.method ?? null,
    now,
  );
  const memberName = userId ? (await db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", userId))!.display_name : null;
  await recordAudit(db, {
    actorUserId: actor.id,
    action: person ? "signoff.recorded_without_account" : d.inPerson ? "signoff.recorded" : "signoff.decided",
    processId,
    targetType: "document",
    targetId: document.id,
    details: {
      title: document.title,
      round: d.round.number,
      versionHash: stored.hash,
      decisionId: Number(info!.id),
      decision: d.decision,
      reason: d.reason || null,
      member: memberName ?? person!.personName,
      memberUserId: userId,
      withoutAccount: !!person,
      affiliation: person?.personAffiliation ?? undefined,
      category: { key: category.key, labelEn: category.labelEn, labelFr: category.labelFr },
      recordedByFacilitator: !!d.inPerson,
      method: d.inPerson?.method ?? null,
      witness: d.inPerson?.witness ?? null,
    },
  });
  return { ok: true, value: { decisionId: Number(info!.id) } };
}

/** A representative approves or objects, for their own category only, on the open round's exact version. */
export async function decide(services: Services, user: UserRef, processId: string, documentId: string, raw: RawInput): Promise<Outcome<DecisionResult>> {
  const parsed = parseInput(decisionSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const result = await db.transaction(async (tx): Promise<Outcome<DecisionResult>> => {
    const document = await documentOf(tx, processId, documentId);
    // A page left open after the round closed: say so plainly (members only; nothing is decided).
    const own = await authorize(tx, processId, user, "document.read", documentFacts(document));
    if (document.status !== "in_signoff") return fail(409, "form", "signoff.errors.noOpenRound");
    // The category decided for: the one named by the form (checked by the policy), else one's own.
    const categoryId = parsed.data.categoryId || own.categoryId || null;
    await authorize(tx, processId, user, "signoff.decide", { ...documentFacts(document), categoryId });
    const round = await getOpenRound(tx, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");
    return await insertDecision(tx, user, processId, document, {
      round,
      categoryId: categoryId!,
      who: { userId: user.id },
      decision: parsed.data.decision,
      reason: parsed.data.reason,
      versionHash: parsed.data.versionHash,
      inPerson: null,
    });
  });
  // Every decision changes what the panel shows, on every open page.
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}

/**
 * The facilitator records a decision given in person (paper signature, thumbprint, oral assent),
 * naming a witness: for a member representative (`kind` "member") or for a person without an
 * account (`kind` "person": name, community or affiliation, one of the round's categories). Never replaces a representative's own decision in the round: once they decided
 * themselves, only they can change it.
 */
export async function recordInPerson(
  services: Services,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
  kind: "member" | "person" = "member",
): Promise<SignoffOutcome<DecisionResult>> {
  const { db } = services;
  const result = await db.transaction(async (tx): Promise<SignoffOutcome<DecisionResult>> => {
    const document = await documentOf(tx, processId, documentId);
    await authorize(tx, processId, user, "document.read", documentFacts(document));
    if (document.status !== "in_signoff") return fail(409, "form", "signoff.errors.noOpenRound");
    // The facilitator's right first, for some category (none is read from the form yet): a
    // non-facilitator learns nothing about members or the form.
    await authorize(tx, processId, user, "signoff.record", { ...documentFacts(document), someCategory: true });
    const round = await getOpenRound(tx, documentId);
    if (!round) return fail(409, "form", "signoff.errors.noOpenRound");

    if (kind === "person") {
      const parsed = parseInput(recordPersonSchema, raw);
      if (!parsed.ok) return parsed;
      const p = parsed.data;
      if (!(await requiredCategories(tx, round.id)).some((c) => c.categoryId === p.categoryId))
        return fail(400, "categoryId", "signoff.errors.categoryNotRequired");
      // Then for the category this decision is for, as for a member's decision below.
      await authorize(tx, processId, user, "signoff.record", { ...documentFacts(document), categoryId: p.categoryId });
      // Someone with an account in this category is recorded as the member they are (so their own
      // decision, if they gave one, cannot be overwritten under another guise).
      const reps = await tx.all<{ display_name: string }>(
        "SELECT u.display_name FROM process_members m JOIN users u ON u.id = m.user_id WHERE m.process_id = ? AND m.role = 'representative' AND m.category_id = ?",
        processId,
        p.categoryId,
      );
      const member = reps.find((r) => normalizePersonName(r.display_name) === normalizePersonName(p.personName));
      if (member) return { ok: false, status: 409, errors: { form: "signoff.errors.personIsMember" }, params: { name: member.display_name } };
      return await insertDecision(tx, user, processId, document, {
        round,
        categoryId: p.categoryId,
        who: { personName: p.personName, personAffiliation: p.personAffiliation },
        decision: p.decision,
        reason: p.reason,
        versionHash: p.versionHash,
        inPerson: { recordedBy: user.id, witness: p.witness, method: p.method },
      });
    }

    const parsed = parseInput(recordMemberSchema, raw);
    if (!parsed.ok) return parsed;
    const m = parsed.data;
    const member = await tx.get<{ role: string; category_id: string | null; display_name: string }>(
      "SELECT m.role, m.category_id, u.display_name FROM process_members m JOIN users u ON u.id = m.user_id WHERE m.process_id = ? AND m.user_id = ?",
      processId,
      m.memberUserId,
    );
    if (member?.role !== "representative" || !member.category_id) return fail(400, "memberUserId", "signoff.errors.memberNotRepresentative");
    await authorize(tx, processId, user, "signoff.record", { ...documentFacts(document), categoryId: member.category_id });
    const own = await tx.get("SELECT 1 FROM signoff_decisions WHERE round_id = ? AND user_id = ? AND recorded_by IS NULL LIMIT 1", round.id, m.memberUserId);
    if (own) return { ok: false, status: 409, errors: { form: "signoff.errors.ownDecisionStands" }, params: { name: member.display_name } };
    return await insertDecision(tx, user, processId, document, {
      round,
      categoryId: member.category_id,
      who: { userId: m.memberUserId },
      decision: m.decision,
      reason: m.reason,
      versionHash: m.versionHash,
      inPerson: { recordedBy: user.id, witness: m.witness, method: m.method },
    });
  });
  // Every decision changes what the panel shows, on every open page.
  if (result.ok) services.events.emit("document.changed", { documentId, processId });
  return result;
}
