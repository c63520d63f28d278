// Changes a frozen version did not include: what a drafter typed (or typed offline) that had not
// reached the server when the facilitator froze the text for sign-off. The page shows exactly the
// frozen text; these changes are set aside on the device, shown to their author to copy, and
// offered for re-insertion, by an explicit action, once the text can change again.
//
// Kept as a Yjs update (what the device had beyond the frozen state): re-inserting it merges the
// author's own edits where they were made, like any late edit. Browser storage only (localStorage:
// small, synchronous, erased with the rest of the site's data on sign-out).
import { fromBase64, toBase64 } from "lib0/buffer";
import * as Y from "yjs";
import { canonicalJson } from "../core/canonical.js";
import { HELD_BACK_PREFIX } from "../core/offline.js";
import { documentText } from "../core/document-text.js";

export interface HeldBack {
  /** Y.encodeStateAsUpdate of what the device had beyond the frozen state. */
  update: Uint8Array;
  /** The round it was not included in, when known. */
  round: number | null;
  savedAt: number;
}

export interface HeldBackView {
  /** Paragraphs (and titles) as the author had them, where they differ from the current text. */
  added: string[];
  /** Text the author had deleted that the current text still holds. */
  removed: string[];
  round: number | null;
}

export function heldBackKey(documentId: string): string {
  return `${HELD_BACK_PREFIX}${documentId}`;
}

export function readHeldBack(documentId: string): HeldBack | null {
  try {
    const raw = window.localStorage.getItem(heldBackKey(documentId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { update?: unknown; round?: unknown; savedAt?: unknown };
    if (typeof parsed.update !== "string") return null;
    return {
      update: fromBase64(parsed.update),
      round: typeof parsed.round === "number" ? parsed.round : null,
      savedAt: typeof parsed.savedAt === "number" ? parsed.savedAt : Date.now(),
    };
  } catch {
    return null;
  }
}

export function writeHeldBack(documentId: string, held: HeldBack | null): void {
  try {
    if (!held) window.localStorage.removeItem(heldBackKey(documentId));
    else window.localStorage.setItem(heldBackKey(documentId), JSON.stringify({ update: toBase64(held.update), round: held.round, savedAt: held.savedAt }));
  } catch {
    // storage disabled or full: the box still shows this session's changes
  }
}

/** What `device` holds beyond `frozen`, as an update, or null when it adds nothing visible. */
export function changesBeyond(device: Y.Doc, frozen: Y.Doc): Uint8Array | null {
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(frozen));
  return differs(frozen, update) ? update : null;
}

/** Whether applying `update` on top of `doc` would change the visible text. */
function differs(doc: Y.Doc, update: Uint8Array): boolean {
  const probe = withUpdate(doc, update);
  try {
    return canonicalJson(probe) !== canonicalJson(doc);
  } finally {
    probe.destroy();
  }
}

function withUpdate(doc: Y.Doc, update: Uint8Array): Y.Doc {
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(probe, update);
  return probe;
}

/** Adds `more` to what is already held back (two freezes in a row while the device kept its changes). */
export function mergeHeldBack(existing: HeldBack | null, more: Uint8Array, round: number | null): HeldBack {
  return { update: existing ? Y.mergeUpdates([existing.update, more]) : more, round: round ?? existing?.round ?? null, savedAt: Date.now() };
}

/** The held-back changes as text, against the current text; null when nothing differs any more. */
export function viewHeldBack(doc: Y.Doc, held: HeldBack): HeldBackView | null {
  let after: Y.Doc;
  try {
    after = withUpdate(doc, held.update);
  } catch {
    return null;
  }
  try {
    const now = documentText(doc)
      .map((b) => b.text)
      .filter(Boolean);
    const then = documentText(after)
      .map((b) => b.text)
      .filter(Boolean);
    const added = minus(then, now);
    const removed = minus(now, then);
    if (!added.length && !removed.length) return null;
    return { added, removed, round: held.round };
  } finally {
    after.destroy();
  }
}

/** Multiset difference, keeping the order of `a`. */
function minus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else out.push(x);
  }
  return out;
}
