// TEMPORARY stand-in for app/core/annotations/anchor.ts (written in parallel), with its signatures,
// so the panel and highlights can be built and tried before it lands. Removed once it does.
import * as Y from "yjs";
import { fromBase64, toBase64 } from "lib0/buffer";
import type { Schema } from "@tiptap/pm/model";
import { ANNOTATION_LIMITS, type Anchor } from "../../core/annotations/types.js";

export interface Resolution {
  state: "anchored" | "detached";
  from: number;
  to: number;
  text: string;
  refreshed: Anchor | null;
}

interface Seg {
  type: Y.XmlText;
  pos: number;
  value: string;
  flat: number;
}
interface Walk {
  segs: Seg[];
  flat: string;
  items: { id: string; pos: number; size: number; title: string }[];
}

const textOf = (t: Y.XmlText): string => t.toDelta().map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : "")).join("");

function walk(fragment: Y.XmlFragment, schema: Schema): Walk {
  const segs: Seg[] = [];
  const items: Walk["items"] = [];
  let flat = "";
  const visit = (el: Y.XmlElement | Y.XmlFragment, start: number): number => {
    let pos = start;
    for (const child of el.toArray()) {
      if (child instanceof Y.XmlText) {
        const text = textOf(child);
        segs.push({ type: child, pos, value: text, flat: flat.length });
        flat += text;
        pos += child.length;
      } else if (child instanceof Y.XmlElement) {
        const nodeType = schema.nodes[child.nodeName];
        if (nodeType?.isLeaf) {
          pos += 1;
          continue;
        }
        if (nodeType?.isTextblock && flat.length && !flat.endsWith("\n")) flat += "\n";
        const end = visit(child, pos + 1) + 1;
        if (child.nodeName === "agendaItem" || child.nodeName === "roadmapItem") {
          const title = child.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName === "itemTitle") as Y.XmlElement | undefined;
          items.push({ id: String(child.getAttribute("id") ?? ""), pos, size: end - pos, title: title ? title.toArray().map((t) => (t instanceof Y.XmlText ? textOf(t) : "")).join("") : "" });
        }
        pos = end;
      }
    }
    return pos;
  };
  visit(fragment, 0);
  return { segs, flat, items };
}

function segAt(w: Walk, pos: number): { seg: Seg; offset: number } | null {
  for (const seg of w.segs) if (pos >= seg.pos && pos < seg.pos + seg.value.length) return { seg, offset: pos - seg.pos };
  return null;
}

const enc = (rel: Y.RelativePosition) => toBase64(Y.encodeRelativePosition(rel));

export function anchorForRange(fragment: Y.XmlFragment, schema: Schema, from: number, to: number): Anchor | null {
  const w = walk(fragment, schema);
  const a = segAt(w, from);
  const b = segAt(w, to - 1);
  if (!a || !b || to <= from) return null;
  const flatFrom = a.seg.flat + a.offset;
  const flatTo = b.seg.flat + b.offset + 1;
  return {
    kind: "range",
    start: enc(Y.createRelativePositionFromTypeIndex(a.seg.type, a.offset, 0)),
    end: enc(Y.createRelativePositionFromTypeIndex(b.seg.type, b.offset, -1)),
    quote: w.flat.slice(flatFrom, flatTo).slice(0, ANNOTATION_LIMITS.quote),
    prefix: w.flat.slice(Math.max(0, flatFrom - ANNOTATION_LIMITS.context), flatFrom),
    suffix: w.flat.slice(flatTo, flatTo + ANNOTATION_LIMITS.context),
  };
}

export function anchorForItem(fragment: Y.XmlFragment, schema: Schema, pos: number): Anchor | null {
  const w = walk(fragment, schema);
  const item = w.items.find((i) => pos > i.pos && pos < i.pos + i.size && i.id);
  return item ? { kind: "item", itemId: item.id, quote: item.title } : null;
}

export function resolveAnchors(fragment: Y.XmlFragment, schema: Schema, anchors: readonly Anchor[]): Resolution[] {
  const w = walk(fragment, schema);
  const doc = fragment.doc!;
  const detached = (): Resolution => ({ state: "detached", from: 0, to: 0, text: "", refreshed: null });
  return anchors.map((anchor) => {
    if (anchor.kind === "item") {
      const item = w.items.find((i) => i.id === anchor.itemId);
      return item ? { state: "anchored", from: item.pos, to: item.pos + item.size, text: item.title, refreshed: null } : detached();
    }
    try {
      const s = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.start)), doc);
      const e = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.end)), doc);
      const sa = s && w.segs.find((g) => g.type === s.type);
      const ea = e && w.segs.find((g) => g.type === e.type);
      if (s && e && sa && ea) {
        const from = sa.pos + s.index;
        const to = ea.pos + e.index + 1;
        if (to > from) return { state: "anchored", from, to, text: w.flat.slice(sa.flat + s.index, ea.flat + e.index + 1), refreshed: null };
      }
    } catch {
      // fall back to the quote
    }
    return detached();
  });
}
