// A readable outline of a collaborative document, computed from its Yjs state.
//
// Why: on a slow link the editor bundle (Tiptap + Yjs) takes a while to arrive. The server renders
// this outline in the first HTML paint so people can read the agenda at once; the editor replaces
// it after hydration. Also usable for search snippets, exports and audit summaries.
//
// Server-usable: imports only `yjs` (no Tiptap, no React, no DOM). It reads the XmlFragment the
// Collaboration extension (y-prosemirror) writes: one Y.XmlElement per ProseMirror node, named
// after the node type, node attributes as element attributes, and text as Y.XmlText with marks as
// formatting attributes (ignored here: the outline is plain text).
import * as Y from "yjs";
import { DOCUMENT_FIELD } from "./document-field.js";

export type TextBlock =
  | { type: "heading"; level: number; text: string }
  | { type: "paragraph"; text: string }
  | { type: "listItem"; ordered: boolean; depth: number; text: string }
  /** A structured agenda/roadmap item: its title, domain and timeframe; its body follows as blocks. */
  | { type: "item"; domain: string; text: string; timeframe: string };

export interface DocumentTextOptions {
  /** XmlFragment name; defaults to "default". */
  field?: string;
  /** Stop after this many blocks (a very long document needs no more for a first paint). */
  maxBlocks?: number;
}

/** Outline of the document held by `source`: a live Y.Doc or an encoded update (v1). */
export function documentText(source: Y.Doc | Uint8Array, options: DocumentTextOptions = {}): TextBlock[] {
  let doc: Y.Doc;
  let temporary = false;
  if (source instanceof Y.Doc) {
    doc = source;
  } else {
    doc = new Y.Doc();
    temporary = true;
    Y.applyUpdate(doc, source);
  }
  try {
    const fragment = doc.getXmlFragment(options.field ?? DOCUMENT_FIELD);
    const out: TextBlock[] = [];
    const limit = options.maxBlocks ?? Number.POSITIVE_INFINITY;
    walkBlocks(fragment.toArray(), out, limit, 0);
    return out;
  } finally {
    if (temporary) doc.destroy();
  }
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

const LIST_TYPES: Record<string, boolean> = { bulletList: false, orderedList: true, taskList: false };
// Container nodes whose children are blocks (blockquote now; template "item" blocks later).
const TEXTBLOCK_TYPES = new Set(["paragraph", "codeBlock"]);
/**
 * Nesting read at most (deeper content is left out). The collab server refuses deeper structures;
 * this bounds the recursion on state stored before it did (100 000 nested blocks would overflow).
 */
const MAX_DEPTH = 64;

function walkBlocks(nodes: Node[], out: TextBlock[], limit: number, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const node of nodes) {
    if (out.length >= limit) return;
    if (node instanceof Y.XmlText) {
      // Text directly under a container (not a valid ProseMirror shape, but never drop words).
      pushParagraph(out, textOf(node));
      continue;
    }
    if (!(node instanceof Y.XmlElement)) continue;
    const name = node.nodeName;
    if (name === "sectionTitle") {
      // Template sections read as top-level headings.
      const text = inlineText(node, depth);
      if (text) out.push({ type: "heading", level: 1, text });
    } else if (name === "agendaItem" || name === "roadmapItem") {
      const children = node.toArray();
      const title = children.find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === "itemTitle");
      const domain = node.getAttribute("domain");
      const timeframe = node.getAttribute("timeframe");
      out.push({
        type: "item",
        domain: typeof domain === "string" ? domain : "",
        text: title ? inlineText(title, depth) : "",
        timeframe: typeof timeframe === "string" ? timeframe : "",
      });
      walkBlocks(
        children.filter((c) => c !== title),
        out,
        limit,
        depth + 1,
      );
    } else if (name === "heading") {
      const text = inlineText(node, depth);
      if (text) out.push({ type: "heading", level: headingLevel(node.getAttribute("level")), text });
    } else if (TEXTBLOCK_TYPES.has(name)) {
      pushParagraph(out, inlineText(node, depth));
    } else if (name in LIST_TYPES) {
      walkList(node, LIST_TYPES[name]!, 0, out, limit, depth + 1);
    } else if (name === "horizontalRule" || name === "image") {
      // nothing to read
    } else {
      walkBlocks(node.toArray(), out, limit, depth + 1);
    }
  }
}

function walkList(list: Y.XmlElement, ordered: boolean, depth: number, out: TextBlock[], limit: number, nesting: number): void {
  if (nesting > MAX_DEPTH) return;
  for (const item of list.toArray()) {
    if (out.length >= limit) return;
    if (!(item instanceof Y.XmlElement)) continue;
    // A list item holds paragraphs and possibly nested lists: its own text first, then its sub-items.
    const own: string[] = [];
    const nested: [Y.XmlElement, boolean][] = [];
    for (const child of item.toArray()) {
      if (child instanceof Y.XmlElement && child.nodeName in LIST_TYPES) nested.push([child, LIST_TYPES[child.nodeName]]);
      else if (child instanceof Y.XmlElement) own.push(inlineText(child, nesting));
      else if (child instanceof Y.XmlText) own.push(textOf(child));
    }
    const text = own.filter(Boolean).join(" ");
    if (text) out.push({ type: "listItem", ordered, depth, text });
    for (const [sub, subOrdered] of nested) walkList(sub, subOrdered, depth + 1, out, limit, nesting + 2);
  }
}

function pushParagraph(out: TextBlock[], text: string): void {
  // Empty paragraphs are spacing in the editor, noise in an outline.
  if (text) out.push({ type: "paragraph", text });
}

/** Text of an inline container; a hard break becomes a space-separated newline. */
function inlineText(element: Y.XmlElement, depth: number): string {
  if (depth > MAX_DEPTH) return "";
  let text = "";
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) text += textOf(child);
    else if (child instanceof Y.XmlElement) text += child.nodeName === "hardBreak" ? "\n" : inlineText(child, depth + 1);
  }
  return text.trim();
}

function textOf(text: Y.XmlText): string {
  // toString() would render marks as XML tags; the delta gives the bare characters.
  let s = "";
  for (const op of text.toDelta() as { insert?: unknown }[]) {
    if (typeof op.insert === "string") s += op.insert;
  }
  return s;
}

function headingLevel(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : 1;
}
