// The comparison of two versions of a document (issue 12), from their canonical content
// (JSON.parse of a version's canonical text, see ../canonical.ts).
//
// - Items (agendaItem / roadmapItem, also when nested in a list or quote) are matched by their `id`
//   attribute; an item without one, or with an id already seen in its version, has no counterpart.
// - Sections (top-level sectionTitle) are matched by their `key`, then by title (longest common
//   subsequence), then the ones left between two matched neighbours are paired as renames.
// - An item moved when its section (after renames) is another one, or when it is outside the
//   longest common subsequence of the order of the items both versions have: moving one item up
//   moves that item only.
// - Titles, bodies and the text outside items are compared word by word (./words.ts), whitespace
//   normalised: a double space or an empty paragraph is not a change. Marks are not compared.
//
// Pure and tolerant: never throws on odd content (unknown nodes are read for their text). No
// Tiptap here: the server compares versions without the editor's code.
import { canonicalStringify, type CanonicalNode } from "../canonical.js";
import { isDomain } from "../domains.js";
import { normalizeIndicators, normalizeParties, ROADMAP_STATUSES, type ResponsibleParty, type RoadmapStatus } from "../item-fields.js";
import type { Comparison, FieldChange, ItemChange, ItemSide, WordRun } from "./types.js";
import { diffWords } from "./words.js";

export type CanonicalDoc = { type?: string; content?: CanonicalNode[] };

// The names of schema/items.ts' ITEM_TYPES (importing that module would bring Tiptap in).
const ITEM_TYPES: ReadonlySet<string> = new Set(["agendaItem", "roadmapItem"]);

/** A top-level section heading as the comparison reads it. */
export interface SectionSide {
  key: string | null;
  title: string;
}

interface ReadItem {
  side: ItemSide;
  /** Index of its section in `sections` (-1: before any section). */
  section: number;
  /** Its `id` attribute when it has one, "" otherwise. */
  id: string;
}

/** What a version holds for the comparison. */
export interface VersionContent {
  items: ItemSide[];
  sections: SectionSide[];
  /** Text outside items and sections, blocks separated by "\n" (normalised). */
  otherText: string;
}

interface Read {
  items: ReadItem[];
  sections: SectionSide[];
  other: string[];
}

// --- Reading canonical content -----------------------------------------------------------------

function typeOf(node: unknown): string {
  return node && typeof node === "object" && typeof (node as { type?: unknown }).type === "string" ? (node as { type: string }).type : "";
}

function childrenOf(node: unknown): unknown[] {
  const content = node && typeof node === "object" ? (node as { content?: unknown }).content : undefined;
  return Array.isArray(content) ? content : [];
}

function attrsOf(node: unknown): Record<string, unknown> {
  const attrs = node && typeof node === "object" ? (node as { attrs?: unknown }).attrs : undefined;
  return attrs && typeof attrs === "object" && !Array.isArray(attrs) ? (attrs as Record<string, unknown>) : {};
}

/** The text of a node and everything in it; a hard break is a line break. */
function inlineText(node: unknown): string {
  const type = typeOf(node);
  if (type === "text") {
    const text = (node as { text?: unknown }).text;
    return typeof text === "string" ? text : "";
  }
  if (type === "hardBreak") return "\n";
  let out = "";
  for (const child of childrenOf(node)) out += inlineText(child);
  return out;
}

/** Whitespace as a reader sees it: runs of it are one space, none at the ends. */
function normalizeSpace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Blocks' texts, each normalised, empty ones dropped (an empty paragraph is not content), one a line. */
function joinBlocks(blocks: string[]): string {
  return blocks.map(normalizeSpace).filter(Boolean).join("\n");
}

/** Attributes arrive as stored; an array attribute written as JSON text is read too. */
function arrayAttr(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return [];
  }
}

function readVersion(doc: CanonicalDoc): Read {
  const read: Read = { items: [], sections: [], other: [] };
  let section = -1;
  for (const node of childrenOf(doc)) {
    if (typeOf(node) === "sectionTitle") {
      const key = attrsOf(node).key;
      read.sections.push({ key: typeof key === "string" && key ? key : null, title: normalizeSpace(inlineText(node)) });
      section = read.sections.length - 1;
    } else collect(node, section, read, read.other);
  }
  return read;
}

/**
 * Reads a block: an item becomes an item (its text is its own), a textblock (it holds text) adds
 * its text to `blocks`, a container (list, quote, unknown node) is read child by child.
 */
function collect(node: unknown, section: number, read: Read, blocks: string[]): void {
  const type = typeOf(node);
  if (ITEM_TYPES.has(type)) {
    readItem(node, type, section, read);
    return;
  }
  const children = childrenOf(node);
  if (type === "text" || children.some((c) => typeOf(c) === "text" || typeOf(c) === "hardBreak")) blocks.push(inlineText(node));
  else for (const child of children) collect(child, section, read, blocks);
}

function readItem(node: unknown, type: string, section: number, read: Read): void {
  const attrs = attrsOf(node);
  const id = typeof attrs.id === "string" ? attrs.id : "";
  const status = attrs.status;
  const side: ItemSide = {
    id,
    number: read.items.length + 1,
    section: section >= 0 ? read.sections[section].title : null,
    title: "",
    domain: isDomain(attrs.domain) ? attrs.domain : "governance",
    responsibleParties: normalizeParties(arrayAttr(attrs.responsibleParties)),
    timeframe: typeof attrs.timeframe === "string" ? attrs.timeframe.trim() : "",
    indicators: normalizeIndicators(arrayAttr(attrs.indicators))
      .map((s) => s.trim())
      .filter(Boolean),
    // The schema's default when a roadmap item's status is missing or unknown.
    status: type === "roadmapItem" ? ((ROADMAP_STATUSES as readonly unknown[]).includes(status) ? (status as RoadmapStatus) : "planned") : null,
    body: "",
  };
  // Pushed before its body is read: an item nested in its body (rare) comes after it.
  read.items.push({ side, section, id });
  let title: string | null = null;
  const body: string[] = [];
  for (const child of childrenOf(node)) {
    if (title === null && typeOf(child) === "itemTitle") title = inlineText(child);
    else collect(child, section, read, body);
  }
  side.title = normalizeSpace(title ?? "");
  side.body = joinBlocks(body);
}

/** The items, sections and other text of a version, as the comparison reads them. */
export function readVersionContent(doc: CanonicalDoc): VersionContent {
  const read = readVersion(doc);
  return { items: read.items.map((i) => i.side), sections: read.sections, otherText: joinBlocks(read.other) };
}

/** The items of a version in document order (nested ones included). */
export function readItems(doc: CanonicalDoc): ItemSide[] {
  return readVersion(doc).items.map((i) => i.side);
}

// --- Matching ----------------------------------------------------------------------------------

/** Indices (into seq) of a longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = []; // tails[l]: index of the smallest last value of an increasing run of length l+1
  const prev = new Int32Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.add(i);
  return out;
}

const MAX_LCS_CELLS = 1_000_000;

/** Two different template keys are two different sections; otherwise a title may pair them. */
function compatible(a: SectionSide, b: SectionSide): boolean {
  return a.key === null || b.key === null || a.key === b.key;
}

/** For each section of `before`, the index of its counterpart in `after` (-1: removed). */
export function matchSections(before: SectionSide[], after: SectionSide[]): Int32Array {
  const toAfter = new Int32Array(before.length).fill(-1);
  const taken = new Uint8Array(after.length);

  // 1. By key (the first section with a key claims it).
  const byKey = new Map<string, number>();
  after.forEach((s, j) => {
    if (s.key !== null && !byKey.has(s.key)) byKey.set(s.key, j);
  });
  before.forEach((s, i) => {
    const j = s.key === null ? undefined : byKey.get(s.key);
    if (j !== undefined && !taken[j]) {
      toAfter[i] = j;
      taken[j] = 1;
    }
  });

  // 2. By title among the others: longest common subsequence (sections are few: O(n·m) is fine;
  // past MAX_LCS_CELLS, a document with thousands of headings, equal titles are paired in order).
  const bs = before.map((_, i) => i).filter((i) => toAfter[i] < 0);
  const as = after.map((_, j) => j).filter((j) => !taken[j]);
  const same = (i: number, j: number) => before[i].title === after[j].title && compatible(before[i], after[j]);
  const pair = (i: number, j: number) => {
    toAfter[i] = j;
    taken[j] = 1;
  };
  if (bs.length * as.length > MAX_LCS_CELLS) {
    for (let x = 0, y = 0; x < bs.length && y < as.length; x++) {
      let at = y;
      while (at < as.length && !same(bs[x], as[at])) at++;
      if (at === as.length) continue;
      pair(bs[x], as[at]);
      y = at + 1;
    }
  } else {
    const w = as.length + 1;
    const lcs = new Int32Array((bs.length + 1) * w);
    for (let x = bs.length - 1; x >= 0; x--) {
      for (let y = as.length - 1; y >= 0; y--) {
        lcs[x * w + y] = same(bs[x], as[y]) ? lcs[(x + 1) * w + y + 1] + 1 : Math.max(lcs[(x + 1) * w + y], lcs[x * w + y + 1]);
      }
    }
    for (let x = 0, y = 0; x < bs.length && y < as.length; ) {
      if (same(bs[x], as[y])) pair(bs[x++], as[y++]);
      else if (lcs[(x + 1) * w + y] >= lcs[x * w + y + 1]) x++;
      else y++;
    }
  }

  // 3. Renames: between two matched neighbours, the unmatched ones paired in order.
  let prevAfter = -1;
  let gap: number[] = [];
  const pairGap = (nextAfter: number) => {
    if (nextAfter > prevAfter) {
      let g = 0;
      for (let j = prevAfter + 1; j < nextAfter && g < gap.length; j++) {
        if (taken[j] || !compatible(before[gap[g]], after[j])) continue;
        pair(gap[g++], j);
      }
    }
    gap = [];
  };
  for (let i = 0; i < before.length; i++) {
    if (toAfter[i] < 0) {
      gap.push(i);
      continue;
    }
    pairGap(toAfter[i]);
    prevAfter = toAfter[i];
  }
  pairGap(after.length);
  return toAfter;
}

/**
 * The order to list changes in: the later version's entries, each removed entry of the earlier
 * version right after the closest entry before it that is still there (at the start if none).
 */
function mergedOrder(toAfter: Int32Array, afterCount: number): ({ after: number } | { before: number })[] {
  const removedAfter = new Map<number, number[]>(); // after index (-1: the start) → removed before indices
  let anchor = -1;
  for (let i = 0; i < toAfter.length; i++) {
    if (toAfter[i] >= 0) anchor = toAfter[i];
    else {
      const list = removedAfter.get(anchor);
      if (list) list.push(i);
      else removedAfter.set(anchor, [i]);
    }
  }
  const out: ({ after: number } | { before: number })[] = [];
  for (const i of removedAfter.get(-1) ?? []) out.push({ before: i });
  for (let j = 0; j < afterCount; j++) {
    out.push({ after: j });
    for (const i of removedAfter.get(j) ?? []) out.push({ before: i });
  }
  return out;
}

// --- Comparing ---------------------------------------------------------------------------------

/** Word runs between two normalised texts; null when they read the same (a line break is a space). */
function diffText(before: string, after: string): WordRun[] | null {
  if (before === after || before.replace(/\n/g, " ") === after.replace(/\n/g, " ")) return null;
  return diffWords(before, after);
}

function partyText(p: ResponsibleParty): string {
  return p.type === "category" ? `category:${p.ref}` : `actor:${p.name}`;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function fieldChanges(before: ItemSide, after: ItemSide): FieldChange[] {
  const out: FieldChange[] = [];
  const partiesFrom = before.responsibleParties.map(partyText);
  const partiesTo = after.responsibleParties.map(partyText);
  // Who carries an item is a set: listing the same parties in another order changes nothing.
  if (!sameList([...partiesFrom].sort(), [...partiesTo].sort())) out.push({ field: "responsibleParties", from: partiesFrom, to: partiesTo });
  if (before.timeframe !== after.timeframe) {
    out.push({ field: "timeframe", from: before.timeframe ? [before.timeframe] : [], to: after.timeframe ? [after.timeframe] : [] });
  }
  if (!sameList(before.indicators, after.indicators)) out.push({ field: "indicators", from: before.indicators, to: after.indicators });
  if (before.status !== after.status) out.push({ field: "status", from: before.status ? [before.status] : [], to: after.status ? [after.status] : [] });
  return out;
}

/** The first item of each id; later ones with the same id (and items without one) have no counterpart. */
function firstById(items: ReadItem[]): Map<string, ReadItem> {
  const out = new Map<string, ReadItem>();
  for (const item of items) if (item.id && !out.has(item.id)) out.set(item.id, item);
  return out;
}

function unmatched(kind: "added" | "removed", item: ReadItem): ItemChange {
  return {
    id: item.id,
    kind,
    moved: false,
    before: kind === "removed" ? item.side : null,
    after: kind === "added" ? item.side : null,
    title: null,
    body: null,
    domain: null,
    fields: [],
  };
}

/** A value as canonicalStringify writes a scalar: undefined, non-finite numbers, functions… as null. */
function scalar(value: unknown): unknown {
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return null;
  return value === null || typeof value === "object" || typeof value === "string" || typeof value === "boolean" || typeof value === "number" ? value : null;
}

/**
 * Whether canonicalStringify(x) === canonicalStringify(y), without writing the two texts: for
 * 200 items that is 2 × 250 KB of JSON and most of the comparison's time, while walking the trees
 * stops at the first difference. Same rules: key order ignored, undefined members dropped.
 */
export function sameCanonical(x: unknown, y: unknown): boolean {
  const a = scalar(x);
  const b = scalar(y);
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  // Binary arrays (never in parsed JSON) are written as arrays of numbers: let the writer decide.
  if (a instanceof Uint8Array || b instanceof Uint8Array) return canonicalStringify(a) === canonicalStringify(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameCanonical(a[i], b[i])) return false;
    return true;
  }
  const ea = Object.entries(a).filter(([, v]) => v !== undefined);
  const rb = b as Record<string, unknown>;
  if (ea.length !== Object.values(rb).filter((v) => v !== undefined).length) return false;
  for (const [k, v] of ea) if (!Object.hasOwn(rb, k) || !sameCanonical(v, rb[k])) return false;
  return true;
}

function emptyComparison(identical: boolean): Comparison {
  return { identical, summary: { changed: 0, added: 0, removed: 0, moved: 0, sectionsRenamed: 0 }, items: [], sections: [], otherText: null };
}

/** What changed from `before` to `after` (both canonical content trees). */
export function compareVersions(before: CanonicalDoc, after: CanonicalDoc): Comparison {
  if (sameCanonical(before, after)) return emptyComparison(true);
  const b = readVersion(before);
  const a = readVersion(after);
  const result = emptyComparison(false);

  // Sections: renames where the later version has them, removed ones where they were.
  const sectionToAfter = matchSections(b.sections, a.sections);
  const sectionFrom = new Int32Array(a.sections.length).fill(-1); // after index → before index
  sectionToAfter.forEach((j, i) => {
    if (j >= 0) sectionFrom[j] = i;
  });
  for (const entry of mergedOrder(sectionToAfter, a.sections.length)) {
    if ("before" in entry) {
      result.sections.push({ kind: "removed", from: b.sections[entry.before].title, to: null });
      continue;
    }
    const to = a.sections[entry.after].title;
    const i = sectionFrom[entry.after];
    if (i < 0) result.sections.push({ kind: "added", from: null, to });
    else if (b.sections[i].title !== to) result.sections.push({ kind: "renamed", from: b.sections[i].title, to });
  }

  // Items: the pairs, and the order of the items both versions have.
  const bById = firstById(b.items);
  const aById = firstById(a.items);
  const pairOf = (item: ReadItem, mine: Map<string, ReadItem>, other: Map<string, ReadItem>) =>
    item.id && mine.get(item.id) === item ? other.get(item.id) : undefined;
  const afterIndex = new Map<ReadItem, number>(a.items.map((item, j) => [item, j]));
  const itemToAfter = new Int32Array(b.items.length).fill(-1);
  const beforeRank = new Map<string, number>(); // id → rank among the common items, earlier order
  b.items.forEach((item, i) => {
    const pair = pairOf(item, bById, aById);
    if (pair) {
      itemToAfter[i] = afterIndex.get(pair)!;
      beforeRank.set(item.id, beforeRank.size);
    }
  });
  const commonAfter = a.items.filter((item) => pairOf(item, aById, bById));
  const inOrder = longestIncreasing(commonAfter.map((item) => beforeRank.get(item.id)!));
  const keptOrder = new Set<string>();
  for (const i of inOrder) keptOrder.add(commonAfter[i].id);

  for (const entry of mergedOrder(itemToAfter, a.items.length)) {
    if ("before" in entry) {
      result.items.push(unmatched("removed", b.items[entry.before]));
      continue;
    }
    const now = a.items[entry.after];
    const then = pairOf(now, aById, bById);
    if (!then) {
      result.items.push(unmatched("added", now));
      continue;
    }
    // Its earlier section as the later version numbers them (-1: none, -2: a section that is gone).
    const sectionThen = then.section < 0 ? -1 : sectionToAfter[then.section] >= 0 ? sectionToAfter[then.section] : -2;
    const moved = sectionThen !== now.section || !keptOrder.has(now.id);
    const title = diffText(then.side.title, now.side.title);
    const body = diffText(then.side.body, now.side.body);
    const domain = then.side.domain !== now.side.domain ? { from: then.side.domain, to: now.side.domain } : null;
    const fields = fieldChanges(then.side, now.side);
    const changed = title !== null || body !== null || domain !== null || fields.length > 0;
    if (!changed && !moved) continue;
    result.items.push({ id: now.id, kind: changed ? "changed" : "moved", moved, before: then.side, after: now.side, title, body, domain, fields });
  }

  for (const item of result.items) result.summary[item.kind]++;
  result.summary.sectionsRenamed = result.sections.filter((s) => s.kind === "renamed").length;
  result.otherText = diffText(joinBlocks(b.other), joinBlocks(a.other));
  return result;
}
