// What a document's Yjs state may hold: exactly the structures the shared editor schema can show.
//
// Why: the text of a document is a Y.XmlFragment that any editing client writes to. Yjs accepts any
// structure (text directly in the root, hooks, maps, unknown element names, 100 000 levels of
// nesting); the editor and the server's reader cannot show such a text, and a text nobody can see
// cannot be signed. Two guards, one set of rules derived from the schema:
//   checkUpdateStructure — the collab server refuses an update that would add a structure the
//     schema does not allow, BEFORE it is applied or stored (cost: one pass over the update's
//     items, with lookups of their parents);
//   readDocument — the one reader of stored state: it builds the ProseMirror document from what
//     the schema can represent and lists what it had to leave out, and never throws (state
//     stored before the guard existed, or written to the database by other means).
// Rules, in the terms of y-prosemirror's mapping (one Y.XmlElement per node, named after its type;
// node attributes as element attributes; text as Y.XmlText with marks as formatting attributes):
//   - only the fragment DOCUMENT_FIELD holds content;
//   - an element's name is a node of the schema that its parent's content expression can hold;
//   - text only in nodes whose content is inline; marks are marks of the schema that node allows;
//   - element attributes are declared attributes with JSON values; mark attributes likewise;
//   - no hooks, maps, arrays, plain texts, embeds, binaries or sub-documents;
//   - nesting depth and the number of nodes one update creates are capped.
// Content ORDER (an item's title first, a list holding items) needs the state AFTER the update:
// contentProblemAfter checks it on a copy of the document (the collab server keeps one, see
// server/collab/structure-guard.ts) for the elements an update inserted into, and blames the
// update only when its own insertions broke the order: concurrent deletions by honest people can
// leave a list empty, and y-prosemirror drops such empty containers itself.
import * as Y from "yjs";
import { Fragment, type Mark, type Node as PMNode, type NodeType, type Schema } from "@tiptap/pm/model";
import { DOCUMENT_FIELD } from "../document-field.js";

export const STRUCTURE_LIMITS = {
  /** Nesting depth of elements (a top-level block is at depth 1). Ten levels of nested lists in an item stay far below. */
  maxDepth: 48,
  /** Elements and texts one update may create (a pasted 200-item roadmap is about 2 000). */
  maxNodesPerUpdate: 20_000,
};
export type StructureLimits = typeof STRUCTURE_LIMITS;

export const STRUCTURE_PROBLEMS = [
  /** Content in a shared type other than the document's text. */
  "unknownRoot",
  /** A Yjs type the editor never makes: hook, map, array, plain text, nested fragment. */
  "foreignType",
  /** An element whose name is no node of the schema. */
  "unknownNode",
  /** A node of the schema where its parent cannot hold it. */
  "misplacedNode",
  /** Text where the schema allows none (the document root, between blocks). */
  "textNotAllowed",
  "unknownMark",
  /** A mark on text that may not carry it (e.g. bold in an item title). */
  "markNotAllowed",
  "unknownAttribute",
  "badAttributeValue",
  /** Raw values, embeds, binary data or sub-documents inside the text. */
  "foreignContent",
  /** Children in an order the node's content expression does not allow (an item without its title first). */
  "invalidContent",
  "tooDeep",
  "tooManyNodes",
  /** A stored update that cannot be decoded or integrated (damaged storage, not a structure). */
  "damagedStorage",
] as const;
export type StructureProblemCode = (typeof STRUCTURE_PROBLEMS)[number];

export interface StructureProblem {
  code: StructureProblemCode;
  /** The node, mark, attribute or shared-type name involved, when there is one. */
  name?: string;
}

interface NodeRule {
  /** Element names its content expression can hold (anywhere, in any order). */
  children: ReadonlySet<string>;
  /** Holds inline content: text (and inline nodes) may appear in it. */
  text: boolean;
  /** Marks its text may carry; null = every mark. */
  marks: ReadonlySet<string> | null;
  attrs: ReadonlySet<string>;
}

export interface StructureRules {
  schema: Schema;
  field: string;
  top: ReadonlySet<string>;
  nodes: ReadonlyMap<string, NodeRule>;
  /** Mark name → its declared attributes. */
  marks: ReadonlyMap<string, ReadonlySet<string>>;
  limits: StructureLimits;
}

const rulesCache = new WeakMap<Schema, StructureRules>();

function reachableTypes(schemaNode: Schema["topNodeType"]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const stack = [schemaNode.contentMatch];
  while (stack.length) {
    const match = stack.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      names.add(edge.type.name);
      stack.push(edge.next);
    }
  }
  return names;
}

/** The rules of a schema (computed once per schema). */
export function structureRules(schema: Schema): StructureRules {
  const cached = rulesCache.get(schema);
  if (cached) return cached;
  const nodes = new Map<string, NodeRule>();
  for (const [name, type] of Object.entries(schema.nodes)) {
    if (type.isText || type === schema.topNodeType) continue;
    const reachable = reachableTypes(type);
    const children = new Set([...reachable].filter((n) => n !== "text"));
    nodes.set(name, {
      children,
      text: type.inlineContent,
      marks: type.markSet ? new Set(type.markSet.map((m) => m.name)) : null,
      attrs: new Set(Object.keys(type.spec.attrs ?? {})),
    });
  }
  const marks = new Map<string, ReadonlySet<string>>();
  for (const [name, type] of Object.entries(schema.marks)) marks.set(name, new Set(Object.keys(type.spec.attrs ?? {})));
  const top = new Set([...reachableTypes(schema.topNodeType)].filter((n) => n !== "text"));
  const rules: StructureRules = { schema, field: DOCUMENT_FIELD, top, nodes, marks, limits: STRUCTURE_LIMITS };
  rulesCache.set(schema, rules);
  return rules;
}

/** y-prosemirror names a mark that may overlap itself `<type>--<8 base64 chars>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;
function markTypeName(attributeName: string): string {
  return HASHED_MARK.exec(attributeName)?.[1] ?? attributeName;
}

function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 8) return false;
  if (value === null || typeof value === "boolean" || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as Record<string, unknown>).every((v) => isJsonValue(v, depth + 1));
  }
  return false; // undefined, bigint, Uint8Array, Yjs types, class instances
}

/** Problem with a mark set on text held by `element`, or null. `value` null removes the mark. */
function markProblem(rules: StructureRules, element: string | null, attributeName: string, value: unknown): StructureProblem | null {
  const name = markTypeName(attributeName);
  const declared = rules.marks.get(name);
  if (!declared) return { code: "unknownMark", name };
  if (value === null) return null;
  const allowed = element === null ? new Set<string>() : rules.nodes.get(element)?.marks;
  if (allowed && !allowed.has(name)) return { code: "markNotAllowed", name };
  if (typeof value !== "object" || Array.isArray(value) || !isJsonValue(value)) return { code: "badAttributeValue", name };
  for (const key of Object.keys(value as object)) if (!declared.has(key)) return { code: "unknownAttribute", name: `${name}.${key}` };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Checking one update against the document it is about to be applied to.

/** Where an item of an update lands. */
type Container =
  | { kind: "root"; name: string }
  | { kind: "element"; name: string; depth: number }
  | { kind: "text"; element: string | null; depth: number }
  /** A hook, map, array, plain text or nested fragment: nothing may be added to it. */
  | { kind: "foreign" }
  /** A parent that is not a type at all (a frame pointing into text as if it were a node). */
  | { kind: "invalid" }
  /** Integrates as garbage (its neighbour or parent was garbage-collected): harmless. */
  | { kind: "gone" }
  /** Nested deeper than the cap within the update itself. */
  | { kind: "tooDeep" };

interface Placement {
  container: Container;
  /** Map key (attribute name) when the item is an attribute, null for a child. */
  sub: string | null;
}

const GONE: Placement = { container: { kind: "gone" }, sub: null };

type Struct = Y.Item | Y.GC | Y.Skip;
// yjs's own types are generic over their events.
// biome-ignore lint/suspicious/noExplicitAny: any shared type
type AnyType = Y.AbstractType<any>;
type ItemContent = Y.Item["content"];

export interface UpdateVerdict {
  problem: StructureProblem | null;
  /** The update inserts elements or texts into a list of children: its order needs contentProblemAfter. */
  structural: boolean;
}

/**
 * The first structure `update` (already decoded; its dependencies already checked to exist in
 * `doc` or in the update itself) would add that the rules do not allow, or null. Deletions are
 * always allowed.
 */
export function checkUpdateStructure(doc: Y.Doc, decoded: { structs: Struct[] }, rules: StructureRules): StructureProblem | null {
  return judgeUpdate(doc, decoded, rules).problem;
}

/** checkUpdateStructure, and whether the update changes a list of children (see contentProblemAfter). */
export function judgeUpdate(doc: Y.Doc, decoded: { structs: Struct[] }, rules: StructureRules): UpdateVerdict {
  return new UpdateJudge(doc, decoded.structs, rules).verdict();
}

/**
 * One update against one document. A class, not closures: it runs for every keystroke, and
 * per-call function objects (named by the TypeScript loader on top) showed in profiles.
 */
class UpdateJudge {
  private readonly byClient = new Map<number, Struct[]>();
  private readonly placements = new Map<Y.Item, Placement>();
  private readonly docDepth = new Map<AnyType, number>();
  /** Parents created by the same update resolve recursively: stopped at the depth cap, not the stack's. */
  private nesting = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: Struct[],
    private readonly rules: StructureRules,
  ) {
    for (const struct of structs) {
      let list = this.byClient.get(struct.id.client);
      if (!list) this.byClient.set(struct.id.client, (list = []));
      list.push(struct);
    }
  }

  verdict(): UpdateVerdict {
    let created = 0;
    let structural = false;
    for (const struct of this.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const content = struct.content;
      if (content instanceof Y.ContentDeleted) continue;
      if (content instanceof Y.ContentType && ++created > this.rules.limits.maxNodesPerUpdate) return { problem: { code: "tooManyNodes" }, structural };
      const { container, sub } = this.placementOf(struct);
      const problem = itemProblem(this.rules, container, sub, content);
      if (problem) return { problem, structural };
      if (content instanceof Y.ContentType && sub === null && (container.kind === "root" || container.kind === "element")) structural = true;
    }
    return { problem: null, structural };
  }

  private findInUpdate(id: Y.ID): Struct | undefined {
    const list = this.byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  private findInDoc(id: Y.ID): Y.Item | Y.GC | undefined {
    const store = this.doc.store;
    if (!store.clients.has(id.client) || id.clock >= Y.getState(store, id.client)) return undefined;
    try {
      return Y.getItem(store, id) as Y.Item | Y.GC;
    } catch {
      return undefined;
    }
  }

  private depthOfDocType(type: AnyType): number {
    const chain: AnyType[] = [];
    let t: AnyType = type;
    let base = 0;
    while (t._item !== null) {
      const known = this.docDepth.get(t);
      if (known !== undefined) {
        base = known;
        break;
      }
      chain.push(t);
      t = t._item.parent as AnyType;
    }
    for (let i = chain.length - 1; i >= 0; i--) this.docDepth.set(chain[i]!, ++base);
    return this.docDepth.get(type) ?? 0;
  }

  private containerOfDocType(type: AnyType): Container {
    if (type._item === null) return { kind: "root", name: Y.findRootTypeKey(type) };
    if (type instanceof Y.XmlElement) return { kind: "element", name: type.nodeName, depth: this.depthOfDocType(type) };
    if (type instanceof Y.XmlText) {
      const parent = type._item.parent;
      return { kind: "text", element: parent instanceof Y.XmlElement ? parent.nodeName : null, depth: this.depthOfDocType(type) };
    }
    return { kind: "foreign" };
  }

  /** The container a type created by an update item is, given where that item lands. */
  private containerOfNewType(type: AnyType, at: Placement): Container {
    const c = at.container;
    if (c.kind !== "root" && c.kind !== "element" && c.kind !== "text") return c;
    const depth = c.kind === "root" ? 0 : c.depth;
    if (type instanceof Y.XmlElement) return { kind: "element", name: type.nodeName, depth: depth + 1 };
    if (type instanceof Y.XmlText) return { kind: "text", element: c.kind === "element" ? c.name : null, depth: depth + 1 };
    return { kind: "foreign" };
  }

  /** The type whose item has id `id` (an explicit parent reference). */
  private containerAt(id: Y.ID): Container {
    if (this.nesting > this.rules.limits.maxDepth) return { kind: "tooDeep" };
    this.nesting++;
    try {
      const own = this.findInUpdate(id);
      if (own) {
        if (!(own instanceof Y.Item)) return { kind: "gone" };
        if (!(own.content instanceof Y.ContentType)) return own.content instanceof Y.ContentDeleted ? { kind: "gone" } : { kind: "invalid" };
        return this.containerOfNewType(own.content.type as AnyType, this.placementOf(own));
      }
      const item = this.findInDoc(id);
      if (!item || !(item instanceof Y.Item)) return { kind: "gone" };
      if (!(item.content instanceof Y.ContentType)) return item.content instanceof Y.ContentDeleted ? { kind: "gone" } : { kind: "invalid" };
      return this.containerOfDocType(item.content.type as AnyType);
    } finally {
      this.nesting--;
    }
  }

  /**
   * Where an update item lands. Items with a left or right origin carry no parent on the wire:
   * they inherit their neighbour's (long typed runs chain thousands of them, so this walks the
   * chain iteratively and remembers every step).
   */
  private placementOf(start: Y.Item): Placement {
    const pending: Y.Item[] = [];
    const inChain = new Set<Y.Item>();
    let item: Y.Item = start;
    let result: Placement | undefined;
    for (;;) {
      const known = this.placements.get(item);
      if (known) {
        result = known;
        break;
      }
      const parent = item.parent as unknown;
      if (typeof parent === "string") {
        result = { container: { kind: "root", name: parent }, sub: item.parentSub };
        pending.push(item);
        break;
      }
      if (parent instanceof Y.ID) {
        pending.push(item);
        // Placeholder against cycles through containerAt (a hostile update can point anywhere).
        this.placements.set(item, GONE);
        result = { container: this.containerAt(parent), sub: item.parentSub };
        break;
      }
      const neighbourId = item.origin ?? item.rightOrigin;
      pending.push(item);
      inChain.add(item);
      if (!neighbourId) {
        result = GONE;
        break;
      }
      const neighbour = this.findInUpdate(neighbourId);
      if (neighbour instanceof Y.Item) {
        if (inChain.has(neighbour)) {
          result = GONE; // a cycle of origins never integrates
          break;
        }
        item = neighbour;
        continue;
      }
      if (neighbour) {
        result = GONE;
        break;
      }
      const inDoc = this.findInDoc(neighbourId);
      if (!inDoc || !(inDoc instanceof Y.Item) || !inDoc.parent) {
        result = GONE; // next to garbage: Yjs turns the item into garbage too
        break;
      }
      result = { container: this.containerOfDocType(inDoc.parent as AnyType), sub: inDoc.parentSub };
      break;
    }
    for (const p of pending) this.placements.set(p, result);
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// Content order, on the state after an update.

/** Whether `children` (in order) are a valid content of node `name`. Inline content is always valid here. */
function contentValid(rules: StructureRules, name: string, children: readonly unknown[]): boolean {
  const type = rules.schema.nodes[name];
  if (!type) return false;
  if (type.inlineContent) return true; // text and inline nodes in any order: placement is checked per item
  let match = type.contentMatch;
  for (const child of children) {
    if (!(child instanceof Y.XmlElement)) return false;
    const childType = rules.schema.nodes[child.nodeName];
    const next = childType ? match.matchType(childType) : null;
    if (!next) return false;
    match = next;
  }
  return match.validEnd;
}

function subtreeOrderProblem(rules: StructureRules, element: Y.XmlElement, depth: number): StructureProblem | null {
  if (depth > rules.limits.maxDepth) return { code: "tooDeep" };
  const children = element.toArray();
  if (!contentValid(rules, element.nodeName, children)) return { code: "invalidContent", name: element.nodeName };
  for (const child of children) {
    if (!(child instanceof Y.XmlElement)) continue;
    const problem = subtreeOrderProblem(rules, child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * Content order after a transaction (`transaction` of the document the update was applied to):
 * every element the update inserted into must still hold a valid content unless it was already
 * invalid without the insertions (honest concurrent deletions), and every subtree it created must
 * be valid throughout (nobody else can have touched a subtree that did not exist). Walks only what
 * the transaction created (and the children of the elements it inserted into), never the whole text.
 */
export function contentProblemAfter(transaction: Y.Transaction, rules: StructureRules): StructureProblem | null {
  const before = transaction.beforeState;
  const isNew = (type: AnyType) => type._item !== null && type._item.id.clock >= (before.get(type._item.id.client) ?? 0);
  const parentsChecked = new Set<AnyType>();
  for (const [client, after] of transaction.afterState) {
    const start = before.get(client) ?? 0;
    if (after <= start) continue;
    const structs = transaction.doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, start); i < structs.length && structs[i]!.id.clock < after; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.deleted || !(item.content instanceof Y.ContentType) || item.parentSub !== null) continue;
      const created = item.content.type as AnyType;
      const parent = item.parent as AnyType;
      // Only the top of each new subtree: its inner elements are checked with it.
      if (isNew(parent)) continue;
      if (created instanceof Y.XmlElement) {
        const problem = subtreeOrderProblem(rules, created, 1);
        if (problem) return problem;
      }
      if (parent instanceof Y.XmlElement && !parentsChecked.has(parent)) {
        parentsChecked.add(parent);
        const children = parent.toArray();
        if (!contentValid(rules, parent.nodeName, children)) {
          const without = children.filter((c) => !isNew(c as AnyType));
          if (contentValid(rules, parent.nodeName, without)) return { code: "invalidContent", name: parent.nodeName };
        }
      }
    }
  }
  return null;
}

function childProblem(rules: StructureRules, parent: NodeRule | null, content: ItemContent, depth: number): StructureProblem | null {
  if (!(content instanceof Y.ContentType)) return { code: "foreignContent" };
  const type = content.type;
  if (type instanceof Y.XmlElement) {
    if (!rules.nodes.has(type.nodeName)) return { code: "unknownNode", name: type.nodeName };
    const allowed = parent ? parent.children : rules.top;
    if (!allowed.has(type.nodeName)) return { code: "misplacedNode", name: type.nodeName };
  } else if (type instanceof Y.XmlText) {
    if (!parent?.text) return { code: "textNotAllowed" };
  } else {
    return { code: "foreignType", name: type instanceof Y.XmlHook ? "hook" : type.constructor.name };
  }
  if (depth > rules.limits.maxDepth) return { code: "tooDeep" };
  return null;
}

function itemProblem(rules: StructureRules, container: Container, sub: string | null, content: ItemContent): StructureProblem | null {
  switch (container.kind) {
    case "gone":
      return null;
    case "tooDeep":
      return { code: "tooDeep" };
    case "invalid":
      return { code: "foreignContent" };
    case "foreign":
      return { code: "foreignType" };
    case "root":
      if (container.name !== rules.field) return { code: "unknownRoot", name: container.name };
      if (sub !== null) return { code: "foreignType", name: "map" };
      return childProblem(rules, null, content, 1);
    case "element": {
      const rule = rules.nodes.get(container.name);
      if (!rule) return { code: "unknownNode", name: container.name };
      if (sub === null) return childProblem(rules, rule, content, container.depth + 1);
      if (!rule.attrs.has(sub)) return { code: "unknownAttribute", name: `${container.name}.${sub}` };
      if (!(content instanceof Y.ContentAny) || !content.arr.every((v) => isJsonValue(v))) {
        return { code: "badAttributeValue", name: `${container.name}.${sub}` };
      }
      return null;
    }
    case "text":
      if (sub !== null) return { code: "unknownAttribute", name: sub };
      if (content instanceof Y.ContentString) return null;
      if (content instanceof Y.ContentFormat) return markProblem(rules, container.element, content.key, content.value);
      return { code: "foreignContent" };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a whole stored state.

export interface DocumentReading {
  /** The ProseMirror document made of everything the schema can represent. */
  doc: PMNode;
  /** What was left out (distinct problems, at most MAX_REPORTED). Empty: the state reads cleanly. */
  problems: StructureProblem[];
}

const MAX_REPORTED = 20;

/**
 * Builds the ProseMirror document of `ydoc`'s text the way the editor's binding does (unchecked
 * `schema.node`, so content order is kept as is), leaving out what the rules do not allow and
 * reporting it. Never throws and never writes to `ydoc`. Recursion stops at the depth cap.
 */
export function readDocument(ydoc: Y.Doc, schema: Schema, rules: StructureRules = structureRules(schema)): DocumentReading {
  const problems: StructureProblem[] = [];
  const seen = new Set<string>();
  const report = (problem: StructureProblem) => {
    const key = `${problem.code}:${problem.name ?? ""}`;
    if (seen.has(key) || problems.length >= MAX_REPORTED) return;
    seen.add(key);
    problems.push(problem);
  };

  const textNodes = (text: Y.XmlText, element: string): PMNode[] => {
    const out: PMNode[] = [];
    if (Object.keys(text.getAttributes()).length) report({ code: "unknownAttribute", name: Object.keys(text.getAttributes())[0] });
    for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
      if (typeof op.insert !== "string") {
        report({ code: "foreignContent" });
        continue;
      }
      if (!op.insert) continue;
      const marks: Mark[] = [];
      for (const [attributeName, value] of Object.entries(op.attributes ?? {})) {
        if (value === null || value === undefined) continue;
        const problem = markProblem(rules, element, attributeName, value);
        if (problem) {
          report(problem);
          continue;
        }
        try {
          marks.push(schema.mark(markTypeName(attributeName), value as Record<string, unknown>));
        } catch {
          report({ code: "badAttributeValue", name: markTypeName(attributeName) });
        }
      }
      try {
        out.push(schema.text(op.insert, marks));
      } catch {
        report({ code: "foreignContent" });
      }
    }
    return out;
  };

  const children = (parent: Y.XmlFragment, rule: NodeRule | null, name: string | null, depth: number): PMNode[] => {
    const out: PMNode[] = [];
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText) {
        if (!rule?.text || name === null) {
          report({ code: "textNotAllowed" });
          continue;
        }
        out.push(...textNodes(child, name));
        continue;
      }
      if (!(child instanceof Y.XmlElement)) {
        report({ code: "foreignType", name: child instanceof Y.XmlHook ? "hook" : "type" });
        continue;
      }
      const node = element(child, rule, depth + 1);
      if (node) out.push(node);
    }
    return out;
  };

  const element = (el: Y.XmlElement, parent: NodeRule | null, depth: number): PMNode | null => {
    const rule = rules.nodes.get(el.nodeName);
    if (!rule) {
      report({ code: "unknownNode", name: el.nodeName });
      return null;
    }
    if (!(parent ? parent.children : rules.top).has(el.nodeName)) {
      report({ code: "misplacedNode", name: el.nodeName });
      return null;
    }
    if (depth > rules.limits.maxDepth) {
      report({ code: "tooDeep" });
      return null;
    }
    const attrs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(el.getAttributes() as Record<string, unknown>)) {
      if (!rule.attrs.has(key)) report({ code: "unknownAttribute", name: `${el.nodeName}.${key}` });
      else if (!isJsonValue(value)) report({ code: "badAttributeValue", name: `${el.nodeName}.${key}` });
      else attrs[key] = value;
    }
    const content = children(el, rule, el.nodeName, depth);
    const type = schema.nodes[el.nodeName]!;
    try {
      return type.createChecked(attrs, content);
    } catch {
      // An empty container (a list whose items were all deleted at once by two people): the
      // editor's binding drops it, and nothing is lost. Anything else is read as well as it fits.
      if (!content.length) return null;
      report({ code: "invalidContent", name: el.nodeName });
      return fitted(type, attrs, content);
    }
  };

  /** The children that fit the content expression, in order, completed with what it requires. */
  const fitted = (type: NodeType, attrs: Record<string, unknown>, content: PMNode[]): PMNode | null => {
    const kept: PMNode[] = [];
    let match = type.contentMatch;
    for (const child of content) {
      let next = match.matchType(child.type);
      if (!next) {
        const before = match.fillBefore(Fragment.from(child));
        if (before) {
          before.forEach((n) => {
            kept.push(n);
          });
          next = match.matchFragment(before)?.matchType(child.type) ?? null;
        }
      }
      if (!next) continue; // cannot stand here at all (a second item title)
      kept.push(child);
      match = next;
    }
    match.fillBefore(Fragment.empty, true)?.forEach((n) => {
      kept.push(n);
    });
    try {
      return type.createChecked(attrs, kept);
    } catch {
      return type.createAndFill(attrs);
    }
  };

  for (const [name, type] of ydoc.share) {
    if (name === rules.field) continue;
    if (hasContent(type)) report({ code: "unknownRoot", name });
  }
  const content = children(ydoc.getXmlFragment(rules.field), null, null, 0);
  let doc: PMNode;
  try {
    doc = schema.topNodeType.create(null, content);
  } catch {
    doc = schema.topNodeType.create(null, []);
    report({ code: "foreignContent" });
  }
  return { doc, problems };
}

/** Whether a shared type holds anything not deleted (list items or map entries). */
function hasContent(type: AnyType): boolean {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) return true;
  for (const item of type._map.values()) if (!item.deleted) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The guard a document keeps: every update checked before it is applied.

export interface StructureGuard {
  /** The problem that makes `update` unacceptable for the guarded document, or null. Call before applying it. */
  check(update: Uint8Array, decoded: { structs: Struct[] }): StructureProblem | null;
  /** `update` was applied to the guarded document (keeps the copy in step). */
  applied(update: Uint8Array): void;
  destroy(): void;
}

/** Updates the kept copy may fall behind by; past that it is dropped and made again when next needed. */
const MAX_BEHIND = 1000;

/**
 * Guards `doc`: per-item rules on every update (cheap), and for updates that insert into a list
 * of children, the content order on a copy of the document with the update applied. The copy is
 * made on the first such update; the updates applied meanwhile are kept and applied to it, merged,
 * just before the next order check (typing between two Enters costs one merged integration, not
 * one per keystroke), and a copy that falls far behind is dropped and made again when needed. A
 * refused update taints the copy, which is dropped too.
 */
export function createStructureGuard(doc: Y.Doc, rules: StructureRules): StructureGuard {
  let copy: Y.Doc | null = null;
  let copyHas: Uint8Array | null = null;
  let behind: Uint8Array[] = [];
  const dropCopy = () => {
    copy?.destroy();
    copy = null;
    copyHas = null;
    behind = [];
  };
  const upToDateCopy = (): Y.Doc => {
    if (copy && behind.length) {
      Y.applyUpdate(copy, behind.length === 1 ? behind[0]! : Y.mergeUpdates(behind));
      behind = [];
    }
    if (!copy) {
      copy = new Y.Doc();
      // Typed before anything integrates: a root that is only referenced by updates stays a
      // generic shared type, whose insertions the order check would not recognise.
      copy.getXmlFragment(rules.field);
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    }
    return copy;
  };
  return {
    check(update, decoded) {
      const verdict = judgeUpdate(doc, decoded, rules);
      if (verdict.problem || !verdict.structural) return verdict.problem;
      let problem: StructureProblem | null = null;
      const onTransaction = (transaction: Y.Transaction) => {
        problem = contentProblemAfter(transaction, rules);
      };
      let target: Y.Doc;
      try {
        target = upToDateCopy();
      } catch {
        // The copy could not catch up (it cannot be this update's fault): start it again.
        dropCopy();
        target = upToDateCopy();
      }
      target.on("afterTransaction", onTransaction);
      try {
        Y.applyUpdate(target, update);
      } catch {
        problem = { code: "foreignContent" };
      } finally {
        target.off("afterTransaction", onTransaction);
      }
      if (problem) dropCopy();
      else copyHas = update;
      return problem;
    },
    applied(update) {
      if (!copy) return;
      if (copyHas === update) {
        copyHas = null;
        return;
      }
      behind.push(update);
      if (behind.length > MAX_BEHIND) dropCopy();
    },
    destroy: dropCopy,
  };
}
