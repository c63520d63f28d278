// Why a member reads a document without being able to change it, in the words the collab socket
// and the page use (ReadOnlyReason, app/core/collab-wire.ts): the policy gives the cause, the
// sign-off record the round and since when.
import type { Sql } from "../storage/sql.server.js";
import type { Visibility } from "../core/annotations/types.js";
import type { ReadOnlyReason } from "../core/collab-wire.js";
import { documentFacts, readOnlyCause, type Actor, type DocumentStatus } from "../core/policy.js";

export async function readOnlyReasonOf(
  db: Sql,
  actor: Actor,
  document: { id: string; status: DocumentStatus; visibility: Visibility },
  archived: boolean,
): Promise<ReadOnlyReason | null> {
  const cause = readOnlyCause(actor, { archived, ...documentFacts(document) });
  if (!cause) return null;
  if (cause === "lockedForSignOff") {
    const round = await db.get<{ number: number; opened_at: number }>(
      "SELECT number, opened_at FROM signoff_rounds WHERE document_id = ? AND status = 'open'",
      document.id,
    );
    // in_signoff without an open round cannot be stored (trigger); say "being frozen" rather than invent one.
    return round ? { kind: "lockedForSignOff", round: round.number, since: round.opened_at } : { kind: "freezing" };
  }
  if (cause === "adopted") {
    const round = await db.get<{ number: number; closed_at: number }>(
      "SELECT number, closed_at FROM signoff_rounds WHERE document_id = ? AND status = 'adopted'",
      document.id,
    );
    return round ? { kind: "adopted", round: round.number, since: round.closed_at } : { kind: "rightsChanged" };
  }
  if (cause === "archived") return { kind: "archived" };
  return { kind: "role", role: cause };
}
