// Anchors of annotation threads: made from a ProseMirror range of the editor, resolved against
// the current Yjs state of the document (by the server for every thread, by the browser for the
// threads it shows). Pure: Yjs and the schema only, no I/O, no DOM, no Buffer.
//
// Positions are ProseMirror positions of the document bound to the fragment (as y-prosemirror
// maps them): walking the Y.XmlFragment, an element the schema knows counts 1 when it opens and 1
// when it closes, a leaf element (hardBreak, horizontalRule) counts 1, every character of a
// Y.XmlText counts 1; formatting items count nothing. Elements the schema does not know are left
// out, as the editor leaves them out.
//
// One walk of the fragment builds everything a resolution needs: the live characters of every
// client as sorted segments (clock, length, position), the text projection (textblocks joined by
// "\n", a hardBreak read as "\n": what the quote holds) and the items by their `id` attribute.
// A range anchor then resolves through the first tier that succeeds:
//   1. both characters still exist (found in the segments; a deleted character is not in them)
//      and the first is not after the last: [start, end + 1). Text typed inside the range makes
//      it grow (the range follows the text);
//   2. the quote is searched in the projection with all whitespace removed on both sides, so a
//      paragraph split by Enter, or joined, still matches. While the text the characters were in
//      still exists (a character of the anchor is left, or Yjs still places a deleted one in it),
//      only occurrences in its top-level block count (or, for a top-level paragraph, in the next
//      two, where Enter puts its tail): the words were edited there, and the same words elsewhere
//      are another text. Several occurrences: the one whose surroundings best match the stored
//      prefix and suffix, then the one nearest that place. A short quote without matching context
//      is not taken: it could be the same word somewhere else, while the annotated one was deleted;
//   3. Yjs' own resolution (a deleted character stays where it was while its text exists): a
//      range that still holds text is kept, shrunk to what is left;
//   4. detached: the thread is shown with its quote, never dropped.
// Tiers 2 and 3, and a range whose text is no longer its quote, return a fresh anchor for the
// server to store: the quote is the fallback of the next resolution, so it must stay current.
// y-prosemirror writes some edits by deleting and re-inserting text (Enter splits a paragraph by
// deleting its tail and inserting a new paragraph; a moved item is deleted and inserted again
// with the same attributes): that is what tier 2 is for. Item anchors find the item by its id,
// which a move keeps.
import * as Y from "yjs";
import type { Schema } from "@tiptap/pm/model";
import { ITEM_TYPES } from "../schema/items.js";
import { ANNOTATION_LIMITS, type Anchor } from "./types.js";

type RangeAnchor = Extract<Anchor, { kind: "range" }>;
type ItemAnchor = Extract<Anchor, { kind: "item" }>;

export interface Resolution {
  state: "anchored" | "detached";
  /** PM range now (item: the item node's [pos, pos + nodeSize)); both 0 when detached. */
  from: number;
  to: number;
  /** The text now at the anchor (item: its title); the stored quote when detached. */
  text: string;
  /**
   * A fresh Anchor the server should store instead, when the stored one no longer matches where
   * the text is (found through its quote, the range shrank) or its quote (item: title) is no
   * longer the text at the anchor; else null.
   */
  refreshed: Anchor | null;
}

const ITEM_NAMES: ReadonlySet<string> = new Set(ITEM_TYPES);
const BLOCK_SEPARATOR = "\n";
/** A hardBreak (any inline leaf) in the projection: it is a line break in the text people read. */
const INLINE_LEAF_TEXT = "\n";
/** A quote this long (whitespace left out) is taken without matching context; a shorter one needs some. */
const MIN_BARE_QUOTE = 12;
/** Characters of prefix plus suffix (whitespace left out) that must match around a short quote. */
const MIN_CONTEXT = 4;
/** How many top-level blocks after a top-level paragraph its text may have gone (Enter, and Enter again concurrently). */
const NEAR_BLOCKS = 2;
/** Occurrences of a quote weighed at most (a one-letter quote in a long roadmap would be everywhere). */
const MAX_OCCURRENCES = 2000;

// ---------------------------------------------------------------------------------------------
// base64 (standard alphabet) without Buffer, for the browser and Node alike.

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** null for anything that is not standard base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (typeof text !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

export function encodePosition(position: Y.RelativePosition): string {
  return bytesToBase64(Y.encodeRelativePosition(position));
}

/** null for garbage (not base64, too long, not a relative position). */
export function decodePosition(text: unknown): Y.RelativePosition | null {
  if (typeof text !== "string" || !text || text.length > ANNOTATION_LIMITS.position) return null;
  const bytes = base64ToBytes(text);
  if (!bytes || bytes.length === 0) return null;
  try {
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The walk.

interface ItemRecord {
  id: string | null;
  from: number;
  to: number;
  /** Projection indices of its title's text, [titleFrom, titleTo); -1 until its itemTitle is seen. */
  titleFrom: number;
  titleTo: number;
}

function isWhitespace(c: number): boolean {
  // Exactly JavaScript's \s, so the quote (normalized with a regular expression) and the
  // projection (normalized character by character) drop the same characters.
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const stripWhitespace = (s: string) => s.replace(/\s+/g, "");

/** Cut at `limit` UTF-16 units without leaving half a surrogate pair. */
function cut(s: string, limit: number): string {
  if (s.length <= limit) return s;
  const end = isHighSurrogate(s.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return s.slice(0, end);
}
function cutStart(s: string, limit: number): string {
  if (s.length <= limit) return s;
  const start = s.length - limit;
  return s.slice(isLowSurrogate(s.charCodeAt(start)) ? start + 1 : start);
}
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Last index i in the sorted `values` (stride `stride`, key at offset 0) with values[i] <= key, or -1. */
function floorIndex(values: readonly number[], stride: number, key: number): number {
  let lo = 0;
  let hi = values.length / stride - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid * stride] <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

class DocumentIndex {
  /** Textblocks joined by "\n", a hardBreak as "\n". */
  projection = "";
  /** The PM position of every projection character (a block separator: the textblock's opening); strictly increasing. */
  readonly projPos: number[] = [];
  /** Live text runs in document order: pos, length, client, clock. */
  readonly runs: number[] = [];
  /** Per client, live text runs sorted by clock: clock, length, pos. */
  readonly byClient = new Map<number, number[]>();
  /** The position of the first character of every live text of the document. */
  readonly textStart = new Map<Y.XmlText, number>();
  readonly items: ItemRecord[] = [];
  /** Where each top-level block starts. */
  readonly topStarts: number[] = [];
  readonly topIsTextblock: boolean[] = [];
  readonly itemsById = new Map<string, ItemRecord>();
  private key: { text: string; proj: Int32Array } | null = null;

  constructor(
    readonly fragment: Y.XmlFragment,
    schema: Schema,
  ) {
    const parts: string[] = [];
    let projLength = 0;
    let pos = 0;
    let anyTextblock = false;
    const openItems: ItemRecord[] = [];
    const push = (s: string, at: number, step: number) => {
      parts.push(s);
      for (let i = 0; i < s.length; i++) this.projPos.push(at + i * step);
      projLength += s.length;
    };

    const text = (t: Y.XmlText) => {
      this.textStart.set(t, pos);
      for (let item = t._start; item !== null; item = item.right) {
        if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
        const str = item.content.str;
        if (!str.length) continue;
        const { client, clock } = item.id;
        this.runs.push(pos, str.length, client, clock);
        let list = this.byClient.get(client);
        if (!list) this.byClient.set(client, (list = []));
        list.push(clock, str.length, pos);
        push(str, pos, 1);
        pos += str.length;
      }
    };

    const element = (el: Y.XmlElement) => {
      const type = schema.nodes[el.nodeName];
      if (!type) return; // y-prosemirror drops (and deletes) an element the schema does not know
      if (type.isLeaf) {
        if (type.isInline) push(INLINE_LEAF_TEXT, pos, 0);
        pos += 1;
        return;
      }
      if (type.isTextblock) {
        if (anyTextblock) push(BLOCK_SEPARATOR, pos, 0);
        anyTextblock = true;
      }
      let record: ItemRecord | null = null;
      if (ITEM_NAMES.has(el.nodeName)) {
        const id = el.getAttribute("id") as unknown;
        record = { id: typeof id === "string" && id ? id : null, from: pos, to: -1, titleFrom: -1, titleTo: -1 };
        this.items.push(record);
        if (record.id !== null && !this.itemsById.has(record.id)) this.itemsById.set(record.id, record);
        openItems.push(record);
      }
      const owner = openItems.length ? openItems[openItems.length - 1] : null;
      const title = el.nodeName === "itemTitle" && owner !== null && owner.titleFrom < 0 ? owner : null;
      if (title) title.titleFrom = projLength;
      pos += 1;
      children(el);
      pos += 1;
      if (title) title.titleTo = projLength;
      if (record) {
        record.to = pos;
        openItems.pop();
      }
    };

    const children = (parent: { _start: Y.Item | null }) => {
      for (let item = parent._start; item !== null; item = item.right) {
        if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
        const child = item.content.type;
        if (child instanceof Y.XmlText) text(child);
        else if (child instanceof Y.XmlElement) element(child);
      }
    };

    // Top-level blocks one by one, to know where each starts.
    for (let item = fragment._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.XmlElement)) continue;
      const start = pos;
      element(item.content.type);
      if (pos > start) {
        this.topStarts.push(start);
        this.topIsTextblock.push(schema.nodes[item.content.type.nodeName]?.isTextblock === true);
      }
    }
    this.projection = parts.join("");
    for (const list of this.byClient.values()) sortTriples(list);
  }

  /** The PM position of the live character with this id, or -1. */
  positionOfChar(id: Y.ID | null): number {
    if (!id || typeof id.client !== "number" || typeof id.clock !== "number") return -1;
    const list = this.byClient.get(id.client);
    if (!list) return -1;
    const i = floorIndex(list, 3, id.clock);
    if (i < 0) return -1;
    const clock = list[i * 3];
    const length = list[i * 3 + 1];
    return id.clock < clock + length ? list[i * 3 + 2] + (id.clock - clock) : -1;
  }

  /** Projection index of the character (or separator) at PM position `pos`, or of the next one. */
  private projIndex(pos: number): number {
    let lo = 0;
    let hi = this.projPos.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.projPos[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The text of [from, to) where `from` is a character: as doc.textBetween(from, to, "\n") with a hardBreak as "\n". */
  textOf(from: number, to: number): string {
    return this.projection.slice(this.projIndex(from), this.projIndex(to));
  }

  /** The first and last characters of text in [from, to), or null when it holds none. */
  private charsIn(from: number, to: number): { first: number; firstRun: number; last: number; lastRun: number } | null {
    const runs = this.runs;
    const count = runs.length / 4;
    // First run ending after `from`.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid * 4] + runs[mid * 4 + 1] <= from) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= count) return null;
    const first = Math.max(from, runs[lo * 4]);
    if (first >= to) return null;
    const lastRun = floorIndex(runs, 4, to - 1);
    if (lastRun < lo) return null;
    const last = Math.min(to, runs[lastRun * 4] + runs[lastRun * 4 + 1]) - 1;
    return { first, firstRun: lo, last, lastRun };
  }

  /** A range anchor for the text in [from, to), with the PM range of its characters; null when it holds none. */
  rangeAnchor(from: number, to: number): { anchor: RangeAnchor; from: number; to: number } | null {
    const chars = this.charsIn(from, to);
    if (!chars) return null;
    const runs = this.runs;
    const idOf = (run: number, pos: number) => Y.createID(runs[run * 4 + 2], runs[run * 4 + 3] + (pos - runs[run * 4]));
    // The bytes createRelativePositionFromTypeIndex(text, index, 0) and (text, index + 1, -1)
    // give (an encoded relative position holds the character's id and assoc only), without
    // counting the index in the text.
    const start = encodePosition(new Y.RelativePosition(null, null, idOf(chars.firstRun, chars.first), 0));
    const end = encodePosition(new Y.RelativePosition(null, null, idOf(chars.lastRun, chars.last), -1));
    const i0 = this.projIndex(chars.first);
    const i1 = this.projIndex(chars.last + 1);
    const limit = ANNOTATION_LIMITS.context;
    const anchor: RangeAnchor = {
      kind: "range",
      start,
      end,
      quote: cut(this.projection.slice(i0, i1), ANNOTATION_LIMITS.quote),
      prefix: cutStart(this.projection.slice(Math.max(0, i0 - limit - 1), i0), limit),
      suffix: cut(this.projection.slice(i1, i1 + limit + 1), limit),
    };
    return { anchor, from: chars.first, to: chars.last + 1 };
  }

  itemAt(pos: number): ItemRecord | null {
    let best: ItemRecord | null = null;
    for (const item of this.items) {
      if (item.from <= pos && pos < item.to && (best === null || item.from >= best.from)) best = item;
    }
    return best;
  }

  titleOf(item: ItemRecord): string {
    return item.titleFrom < 0 ? "" : this.projection.slice(item.titleFrom, item.titleTo);
  }

  /** The projection without whitespace, and the projection index of each of its characters. */
  private normalized(): { text: string; proj: Int32Array } {
    if (this.key) return this.key;
    const p = this.projection;
    const proj = new Int32Array(p.length);
    const parts: string[] = [];
    let n = 0;
    let runStart = -1;
    for (let i = 0; i <= p.length; i++) {
      const ws = i === p.length || isWhitespace(p.charCodeAt(i));
      if (ws) {
        if (runStart >= 0) parts.push(p.slice(runStart, i));
        runStart = -1;
      } else {
        if (runStart < 0) runStart = i;
        proj[n++] = i;
      }
    }
    this.key = { text: parts.join(""), proj: proj.subarray(0, n) };
    return this.key;
  }

  private topBlock(pos: number): number {
    return floorIndex(this.topStarts, 1, pos);
  }

  /**
   * Tier 2: the quote's best occurrence, as a PM range of characters, or null. `near`: positions of
   * the anchor's characters that still exist, or where Yjs puts deleted ones while the text they
   * were in exists (-1: neither). Such a place means the text was edited where it is, so the
   * occurrence must be there: in its top-level block (an item keeps the paragraphs Enter makes in
   * it), or just after a top-level paragraph (Enter re-inserts its tail as the next block); a copy
   * of the words elsewhere is another text. Without a place
   * (the characters' text is gone: their item or paragraph was moved, or deleted) any occurrence
   * may be it. Among those: the best context, then the nearest to a place.
   */
  search(anchor: RangeAnchor, near: { from: number; to: number }): { from: number; to: number } | null {
    const quote = stripWhitespace(anchor.quote);
    if (!quote) return null;
    const key = this.normalized();
    const prefix = stripWhitespace(anchor.prefix);
    const suffix = stripWhitespace(anchor.suffix);
    let best: { from: number; to: number; score: number; distance: number } | null = null;
    const blocks = [near.from, near.to].filter((p) => p >= 0).map((p) => this.topBlock(p));
    let seen = 0;
    for (let k = key.text.indexOf(quote); k >= 0 && seen < MAX_OCCURRENCES; k = key.text.indexOf(quote, k + 1), seen++) {
      const from = this.projPos[key.proj[k]];
      const to = this.projPos[key.proj[k + quote.length - 1]] + 1;
      if (blocks.length) {
        const block = this.topBlock(from);
        if (!blocks.some((b) => block >= b && block <= b + (this.topIsTextblock[b] ? NEAR_BLOCKS : 0))) continue;
      }
      const score = commonSuffix(prefix, key.text, k) + commonPrefix(suffix, key.text, k + quote.length);
      const distance = Math.min(near.from >= 0 ? Math.abs(from - near.from) : Infinity, near.to >= 0 ? Math.abs(to - near.to) : Infinity);
      if (!best || score > best.score || (score === best.score && distance < best.distance)) best = { from, to, score, distance };
    }
    if (!best) return null;
    const context = prefix.length + suffix.length;
    const trusted =
      quote.length >= MIN_BARE_QUOTE ||
      (context > 0 ? best.score >= Math.min(MIN_CONTEXT, context) : quote.length === key.text.length) ||
      best.from === near.from ||
      best.to === near.to;
    return trusted ? { from: best.from, to: best.to } : null;
  }

  /** Tier 3: where Yjs puts the position (a deleted character where it was), as a PM position, or -1. */
  yjsPosition(position: Y.RelativePosition | null): number {
    const doc = this.fragment.doc;
    // Only positions at a character: a position naming a root type by name would make Yjs create it.
    if (!doc || !position?.item) return -1;
    const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
    if (!absolute || !(absolute.type instanceof Y.XmlText)) return -1;
    const start = this.textStart.get(absolute.type);
    if (start === undefined) return -1;
    return start + Math.max(0, Math.min(absolute.index, absolute.type.length));
  }
}

function sortTriples(list: number[]): void {
  let sorted = true;
  for (let i = 3; i < list.length && sorted; i += 3) sorted = list[i - 3] <= list[i];
  if (sorted) return;
  const order = Array.from({ length: list.length / 3 }, (_, i) => i).sort((a, b) => list[a * 3] - list[b * 3]);
  const copy = list.slice();
  order.forEach((from, to) => {
    list[to * 3] = copy[from * 3];
    list[to * 3 + 1] = copy[from * 3 + 1];
    list[to * 3 + 2] = copy[from * 3 + 2];
  });
}

/** How many characters `a` ends with that `text` has just before `at`. */
function commonSuffix(a: string, text: string, at: number): number {
  let n = 0;
  while (n < a.length && at - n - 1 >= 0 && a.charCodeAt(a.length - n - 1) === text.charCodeAt(at - n - 1)) n++;
  return n;
}

/** How many characters `a` starts with that `text` has from `at`. */
function commonPrefix(a: string, text: string, at: number): number {
  let n = 0;
  while (n < a.length && at + n < text.length && a.charCodeAt(n) === text.charCodeAt(at + n)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// The API.

/** Anchor for PM range [from, to) of the document bound to `fragment`; null if the range holds no text. */
export function anchorForRange(fragment: Y.XmlFragment, schema: Schema, from: number, to: number): Anchor | null {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return null;
  return new DocumentIndex(fragment, schema).rangeAnchor(from, to)?.anchor ?? null;
}

/** Anchor of the whole item (agendaItem/roadmapItem) whose node contains PM position `pos` (its opening included); null if none or it has no id. */
export function anchorForItem(fragment: Y.XmlFragment, schema: Schema, pos: number): Anchor | null {
  if (!Number.isFinite(pos)) return null;
  const index = new DocumentIndex(fragment, schema);
  const item = index.itemAt(pos);
  if (!item || item.id === null) return null;
  return { kind: "item", itemId: item.id, quote: cut(index.titleOf(item), ANNOTATION_LIMITS.quote) };
}

/** Resolves many anchors with ONE walk of the text. Never throws: an anchor it cannot read is detached. */
export function resolveAnchors(fragment: Y.XmlFragment, schema: Schema, anchors: readonly Anchor[]): Resolution[] {
  const index = new DocumentIndex(fragment, schema);
  return anchors.map((anchor) => {
    try {
      if (anchor?.kind === "range") return resolveRange(index, anchor);
      if (anchor?.kind === "item") return resolveItem(index, anchor);
    } catch {
      // falls through: detached
    }
    return detached(anchor);
  });
}

function detached(anchor: unknown): Resolution {
  const quote = (anchor as { quote?: unknown } | null)?.quote;
  return { state: "detached", from: 0, to: 0, text: typeof quote === "string" ? quote : "", refreshed: null };
}

function resolveRange(index: DocumentIndex, stored: RangeAnchor): Resolution {
  const anchor: RangeAnchor = {
    kind: "range",
    start: stored.start,
    end: stored.end,
    quote: typeof stored.quote === "string" ? stored.quote : "",
    prefix: typeof stored.prefix === "string" ? stored.prefix : "",
    suffix: typeof stored.suffix === "string" ? stored.suffix : "",
  };
  const startPosition = decodePosition(anchor.start);
  const endPosition = decodePosition(anchor.end);
  const first = index.positionOfChar(startPosition?.item ?? null);
  const last = index.positionOfChar(endPosition?.item ?? null);

  // 1. Both characters exist.
  if (first >= 0 && last >= first) {
    const from = first;
    const to = last + 1;
    const text = index.textOf(from, to);
    const refreshed = cut(text, ANNOTATION_LIMITS.quote) === anchor.quote ? null : (index.rangeAnchor(from, to)?.anchor ?? null);
    return { state: "anchored", from, to, text, refreshed };
  }

  // Where the anchor's characters are now, or where Yjs places them: the hint for tier 2, the range of tier 3.
  const from3 = first >= 0 ? first : index.yjsPosition(startPosition);
  const to3 = last >= 0 ? last + 1 : index.yjsPosition(endPosition);

  // 2. The quote, in context.
  const found = index.search(anchor, { from: from3, to: to3 });
  if (found) return fresh(index, found.from, found.to) ?? detached(anchor);

  // 3. What Yjs keeps of the range.
  if (from3 >= 0 && to3 > from3) {
    const shrunk = fresh(index, from3, to3);
    if (shrunk) return shrunk;
  }
  return detached(anchor);
}

function fresh(index: DocumentIndex, from: number, to: number): Resolution | null {
  const made = index.rangeAnchor(from, to);
  if (!made) return null;
  return { state: "anchored", from: made.from, to: made.to, text: index.textOf(made.from, made.to), refreshed: made.anchor };
}

function resolveItem(index: DocumentIndex, anchor: ItemAnchor): Resolution {
  const item = typeof anchor.itemId === "string" ? index.itemsById.get(anchor.itemId) : undefined;
  if (!item) return detached(anchor);
  const text = index.titleOf(item);
  const quote = cut(text, ANNOTATION_LIMITS.quote);
  return {
    state: "anchored",
    from: item.from,
    to: item.to,
    text,
    refreshed: quote === anchor.quote ? null : { kind: "item", itemId: item.id!, quote },
  };
}
