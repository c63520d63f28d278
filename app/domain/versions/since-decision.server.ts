// "What changed since your decision": when a round is open on a version, a representative who
// decided on an earlier round's version sees the comparison from that version to this one, with
// what they decided and why; the facilitator sees the comparison with the previous round. Both
// sides are rounds' stored canonical content, the very text their hashes are computed from.
import type { Sql } from "../../storage/sql.server.js";
import type { Decision } from "../../core/signoff.js";
import { compareVersions } from "../../core/versions/compare.js";
import type { Comparison } from "../../core/versions/types.js";
import type { ProcessAccess } from "../access.server.js";
import type { DocumentRecord } from "../documents.server.js";

export interface ChangesSinceDecision {
  /** Whose point of view: the member's own decision, or the facilitator's previous round. */
  basis: "myDecision" | "previousRound";
  fromRound: number;
  fromHash: string;
  toRound: number;
  toHash: string;
  /** The member's last decision on the earlier version (basis myDecision). */
  decision: Decision | null;
  reason: string | null;
  decidedAt: number | null;
  comparison: Comparison;
}

interface RoundRef {
  id: string;
  number: number;
  version_hash: string;
}

// Rounds never change once opened (storage triggers), so the comparison of two of them never does
// either: computed once, not on every load of the document page (which every decision revalidates).
const comparisons = new Map<string, Comparison>();
const MAX_CACHED = 64;

async function compareRounds(db: Sql, from: RoundRef, to: RoundRef): Promise<Comparison> {
  const key = `${from.id}>${to.id}`;
  const cached = comparisons.get(key);
  if (cached) return cached;
  const canonical = async (id: string) => (await db.get<{ canonical: string }>("SELECT canonical FROM signoff_rounds WHERE id = ?", id))!.canonical;
  const comparison = compareVersions(JSON.parse(await canonical(from.id)), JSON.parse(await canonical(to.id)));
  if (comparisons.size >= MAX_CACHED) comparisons.delete(comparisons.keys().next().value!);
  comparisons.set(key, comparison);
  return comparison;
}

export async function changesSinceDecision(
  db: Sql,
  access: Pick<ProcessAccess, "user" | "membership">,
  document: Pick<DocumentRecord, "id" | "status">,
): Promise<ChangesSinceDecision | null> {
  if (document.status !== "in_signoff") return null;
  const open = await db.get<RoundRef>("SELECT id, number, version_hash, canonical FROM signoff_rounds WHERE document_id = ? AND status = 'open'", document.id);
  if (!open || open.number < 2) return null;
  const role = access.membership.role;
  let from: RoundRef | undefined;
  let mine: { decision: Decision; reason: string | null; decided_at: number } | undefined;
  if (role === "representative") {
    // Their latest decision on an earlier round of this document, online or recorded for them in person.
    const row = await db.get<RoundRef & { decision: Decision; reason: string | null; decided_at: number }>(
      `SELECT r.id, r.number, r.version_hash, d.decision, d.reason, d.decided_at FROM signoff_decisions d
         JOIN signoff_rounds r ON r.id = d.round_id
         WHERE r.document_id = ? AND r.number < ? AND d.user_id = ? ORDER BY d.id DESC LIMIT 1`,
      document.id,
      open.number,
      access.user.id,
    );
    if (!row) return null;
    from = row;
    mine = row;
  } else if (role === "facilitator") {
    from = await db.get<RoundRef>("SELECT id, number, version_hash FROM signoff_rounds WHERE document_id = ? AND number = ?", document.id, open.number - 1);
  }
  if (!from || (from.version_hash === open.version_hash && !mine)) return null;
  return {
    basis: mine ? "myDecision" : "previousRound",
    fromRound: from.number,
    fromHash: from.version_hash,
    toRound: open.number,
    toHash: open.version_hash,
    decision: mine?.decision ?? null,
    reason: mine?.reason ?? null,
    decidedAt: mine?.decided_at ?? null,
    comparison: await compareRounds(db, from, open),
  };
}
