// A document's text that the editor cannot show (stored before the collab server checked every
// update against the schema, or put in the database by other means): what is wrong with it, the
// last version that read cleanly, and the facilitator's restore. The collab server refuses such
// structures today; this is how a document already holding one gets back to normal.
import { z } from "zod";
import { readStoredLog } from "../storage/collab-store.server.js";
import type { StructureProblem } from "../core/schema/structure.js";
import type { JsonNode } from "../core/validation.js";
import { authorize, type UserRef } from "./access.server.js";
import { recordAudit } from "./audit.server.js";
import type { Services } from "./context.server.js";
import { getDocument } from "./documents.server.js";
import { AccessDeniedError } from "./access.server.js";
import { fail, parseInput, type Outcome, type RawInput } from "./input.server.js";
import { documentFacts } from "../core/policy.js";

/** The most recent stored version whose text reads cleanly. */
export type CleanVersion = { kind: "log"; seq: number; at: number; byName: string | null } | { kind: "round"; round: number; at: number };

/** A log this long is not scanned for a clean prefix (each step reads the whole text). */
const MAX_SCANNED_UPDATES = 2000;

/** The newest clean version and the updates that make it, or null. */
async function findCleanVersion(
  services: Pick<Services, "db" | "content">,
  documentId: string,
): Promise<{ version: CleanVersion; updates: Uint8Array[] } | null> {
  const { db, content } = services;
  const log = await readStoredLog(db, documentId);
  const scanned = log.rows.slice(-MAX_SCANNED_UPDATES);
  const skipped = log.rows.length - scanned.length;
  const base = skipped ? [...log.base, ...log.rows.slice(0, skipped).map((r) => r.update)] : log.base;
  const k = content.cleanPrefix(
    base,
    scanned.map((r) => r.update),
  );
  // k = 0 with nothing before it is the empty document: not a version anyone wrote.
  if (k > 0 || (k === 0 && base.length)) {
    const last = k > 0 ? scanned[k - 1]! : null;
    const byName = last?.userId
      ? ((await db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", last.userId))?.display_name ?? null)
      : null;
    return {
      version: { kind: "log", seq: last?.seq ?? (skipped ? log.rows[skipped - 1]!.seq : 0), at: last?.at ?? log.baseAt ?? 0, byName },
      updates: [...base, ...scanned.slice(0, k).map((r) => r.update)],
    };
  }
  const rounds = await db.all<{
    number: number;
    snapshot: Buffer;
    opened_at: number;
  }>("SELECT number, snapshot, opened_at FROM signoff_rounds WHERE document_id = ? ORDER BY number DESC", documentId);
  for (const round of rounds) {
    const updates = [new Uint8Array(round.snapshot)];
    if (content.read(updates).problems.length === 0) return { version: { kind: "round", round: round.number, at: round.opened_at }, updates };
  }
  return null;
}

export interface DocumentHealth {
  /** What the schema could not represent; empty when the text reads cleanly. */
  problems: StructureProblem[];
  /** For those who may restore: the newest version that reads cleanly (null: none found). */
  cleanVersion: CleanVersion | null;
}

/**
 * The health of a stored text, from updates the caller already read. The clean version is only
 * looked for when something is wrong and the caller may restore (it scans the log).
 */
export async function documentHealth(
  services: Pick<Services, "db" | "content">,
  documentId: string,
  problems: StructureProblem[],
  mayRestore: boolean,
): Promise<DocumentHealth> {
  if (!problems.length || !mayRestore) return { problems, cleanVersion: null };
  return { problems, cleanVersion: (await findCleanVersion(services, documentId))?.version ?? null };
}

export const restoreSchema = z.object({
  // "version": the newest version that reads cleanly; "readable": what can be read of the text now.
  source: z.enum(["version", "readable"], { error: "integrity.errors.sourceInvalid" }),
});

/**
 * The facilitator restores a text the editor cannot show: the newest clean version, or what can be
 * read of the current text. A new change (every open page receives it live), never a rewrite of
 * the stored history; audited.
 */
export async function restoreReadableText(
  services: Services,
  user: UserRef,
  processId: string,
  documentId: string,
  raw: RawInput,
): Promise<Outcome<{ source: "version" | "readable" }>> {
  const parsed = parseInput(restoreSchema, raw);
  if (!parsed.ok) return parsed;
  const { db } = services;
  const document = await getDocument(db, documentId);
  if (!document || document.processId !== processId) throw new AccessDeniedError(404);
  await authorize(db, processId, user, "document.repair", documentFacts(document));
  const current = services.content.read((await services.documentContent.load(documentId)).updates);
  if (!current.problems.length) return fail(409, "form", "integrity.errors.alreadyClean");
  let json: JsonNode;
  let from: CleanVersion | null = null;
  if (parsed.data.source === "version") {
    const clean = await findCleanVersion(services, documentId);
    if (!clean) return fail(409, "form", "integrity.errors.noCleanVersion");
    json = services.content.read(clean.updates).json;
    from = clean.version;
  } else {
    json = current.json;
  }
  try {
    await services.collabWrite.replaceContent(documentId, user.id, json);
  } catch {
    // Storage refused the change (the text was frozen meanwhile, the disk is full; the collab server
    // logs why): nothing changed.
    return fail(503, "form", "integrity.errors.restoreFailed");
  }
  await recordAudit(db, {
    actorUserId: user.id,
    action: "document.restored",
    processId,
    targetType: "document",
    targetId: documentId,
    details: {
      title: document.title,
      source: parsed.data.source,
      ...(from?.kind === "log" ? { fromSeq: from.seq, fromAt: from.at } : {}),
      ...(from?.kind === "round" ? { round: from.round } : {}),
      problems: current.problems.map((p) => (p.name ? `${p.code}:${p.name}` : p.code)),
    },
  });
  services.events.emit("document.changed", { documentId, processId });
  return { ok: true, value: { source: parsed.data.source } };
}
