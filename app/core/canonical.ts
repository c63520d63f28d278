// Canonical content of a document and its version hash (sign-off, issue 6).
//
// The canonical form is a JSON text derived ONLY from the visible content of the Y.XmlFragment the
// editor binds to ("default"): element names, element attributes, text and its formatting marks.
// It does not depend on Yjs client ids, on the order edits happened in, on deleted content or on
// how Yjs split text into items, so two documents that show the same content have the same hash.
//
// Format (keys of every object sorted, no whitespace; see docs/decisions/021-canonical-content.md):
//   {"content":[NODE...],"type":"doc"}
//   element: {"attrs":{...},"content":[NODE...],"type":"<nodeName>"}   (attrs / content omitted when empty)
//   text:    {"marks":[{"attrs":{...},"type":"bold"}...],"text":"...","type":"text"}  (marks sorted by type,
//            omitted when none; adjacent runs with the same marks merged; empty runs dropped)
// Version hash = lowercase hex SHA-256 of the UTF-8 bytes of that JSON text.
//
// Pure: imports only yjs, a pure-JS SHA-256 and the fragment name (same result in the browser and on
// the server). The SHA-256 is lib0's (synchronous, no secure context needed): the editor's chunk already
// holds it for the Yjs binding, where @oslojs/crypto added its own copy (ADR 034).
import { digest } from "lib0/hash/sha256";
import * as Y from "yjs";
import { DOCUMENT_FIELD } from "./document-field.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CanonicalMark {
  type: string;
  attrs?: Record<string, Json>;
}
export type CanonicalNode = { type: "text"; text: string; marks?: CanonicalMark[] } | { type: string; attrs?: Record<string, Json>; content?: CanonicalNode[] };

/** Deterministic JSON: object keys sorted, undefined dropped, non-finite numbers as null. */
export function canonicalStringify(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (value instanceof Uint8Array) return JSON.stringify(Array.from(value));
  if (Array.isArray(value)) return `[${value.map((v) => canonicalStringify(v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalStringify(v)}`).join(",")}}`;
  }
  return "null";
}

function toJson(value: unknown): Json {
  return JSON.parse(canonicalStringify(value)) as Json;
}

function attrsOf(raw: Record<string, unknown>): Record<string, Json> | undefined {
  const keys = Object.keys(raw)
    .filter((k) => raw[k] !== undefined)
    .sort();
  if (!keys.length) return undefined;
  const out: Record<string, Json> = {};
  for (const k of keys) out[k] = toJson(raw[k]);
  return out;
}

/** y-prosemirror names overlapping marks `<type>--<hash>`: the type is what the reader sees. */
function markType(name: string): string {
  const i = name.indexOf("--");
  return i > 0 ? name.slice(0, i) : name;
}

function marksOf(attributes: Record<string, unknown> | undefined): CanonicalMark[] | undefined {
  if (!attributes) return undefined;
  const marks: CanonicalMark[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue; // a removed mark
    const attrs = typeof value === "object" && !Array.isArray(value) ? attrsOf(value as Record<string, unknown>) : undefined;
    marks.push(attrs ? { type: markType(name), attrs } : { type: markType(name) });
  }
  if (!marks.length) return undefined;
  return marks
    .map((m) => [canonicalStringify(m), m] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => m);
}

function textNodes(text: Y.XmlText): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    const marks = marksOf(op.attributes);
    if (typeof op.insert === "string") {
      if (!op.insert) continue;
      const last = out.at(-1);
      // Yjs may split one run into several delta ops (formatting history): merge equal neighbours.
      if (last && last.type === "text" && canonicalStringify((last as { marks?: CanonicalMark[] }).marks) === canonicalStringify(marks)) {
        (last as { text: string }).text += op.insert;
        continue;
      }
      out.push(marks ? { type: "text", text: op.insert, marks } : { type: "text", text: op.insert });
    } else if (op.insert instanceof Y.XmlElement) {
      out.push(elementNode(op.insert));
    } else if (op.insert !== undefined) {
      out.push({ type: "embed", attrs: { value: toJson(op.insert) } });
    }
  }
  return out;
}

function childrenOf(parent: Y.XmlFragment | Y.XmlElement): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...textNodes(child));
    else if (child instanceof Y.XmlElement) out.push(elementNode(child));
    else if (child instanceof Y.XmlHook) out.push({ type: "hook", attrs: { name: child.hookName } });
  }
  // Text runs from two adjacent XmlText nodes are the same text to a reader.
  const merged: CanonicalNode[] = [];
  for (const node of out) {
    const last = merged.at(-1);
    if (
      node.type === "text" &&
      last?.type === "text" &&
      canonicalStringify((last as { marks?: unknown }).marks) === canonicalStringify((node as { marks?: unknown }).marks)
    ) {
      (last as { text: string }).text += (node as { text: string }).text;
    } else merged.push(node);
  }
  return merged;
}

function elementNode(element: Y.XmlElement): CanonicalNode {
  const attrs = attrsOf(element.getAttributes() as Record<string, unknown>);
  const content = childrenOf(element);
  const node: { type: string; attrs?: Record<string, Json>; content?: CanonicalNode[] } = { type: element.nodeName };
  if (attrs) node.attrs = attrs;
  if (content.length) node.content = content;
  return node;
}

/** The canonical content tree of a document's fragment. */
export function canonicalTree(doc: Y.Doc, field = DOCUMENT_FIELD): { type: "doc"; content: CanonicalNode[] } {
  return { type: "doc", content: childrenOf(doc.getXmlFragment(field)) };
}

/** The canonical JSON text of a document (what the version hash is computed over). */
export function canonicalJson(doc: Y.Doc, field = DOCUMENT_FIELD): string {
  return canonicalStringify(canonicalTree(doc, field));
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of a canonical JSON text. */
export function versionHashOf(canonical: string): string {
  let hex = "";
  for (const byte of digest(new TextEncoder().encode(canonical))) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

export interface CanonicalVersion {
  /** Y.encodeStateAsUpdate of the merged state (what a round stores as its snapshot). */
  state: Uint8Array;
  canonical: string;
  hash: string;
}

/** Canonical version of a stored state given as Yjs updates (snapshot first, then the log). */
export function canonicalVersionOf(updates: Uint8Array[]): CanonicalVersion {
  const doc = new Y.Doc();
  try {
    for (const update of updates) Y.applyUpdate(doc, update);
    const canonical = canonicalJson(doc);
    return { state: Y.encodeStateAsUpdate(doc), canonical, hash: versionHashOf(canonical) };
  } finally {
    doc.destroy();
  }
}
