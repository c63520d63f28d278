// Yjs structures for the structure-check tests (unit, random and against the real server): what
// the editor writes, and what a hostile editor could write instead.
import * as Y from "yjs";
import { documentSchema } from "../../app/core/schema/index.js";
import { STRUCTURE_LIMITS, structureRules, type StructureProblemCode } from "../../app/core/schema/structure.js";

const rules = structureRules(documentSchema());

/** The first agenda or roadmap item of a document (its title first, then a body paragraph). */
export function firstItem(f: Y.XmlFragment): Y.XmlElement {
  const item = f.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && (n.nodeName === "agendaItem" || n.nodeName === "roadmapItem"));
  if (!item) throw new Error("the document has no item");
  return item;
}

/** One malformed change per row: what it adds, and the problem it must be refused for. */
export const MALFORMED: { name: string; code: StructureProblemCode; write(doc: Y.Doc, fragment: Y.XmlFragment): void }[] = [
  { name: "text directly in the root fragment", code: "textNotAllowed", write: (_d, f) => f.insert(0, [new Y.XmlText("loose")]) },
  { name: "a Y.XmlHook in the root fragment", code: "foreignType", write: (_d, f) => f.insert(0, [new Y.XmlHook("hook") as unknown as Y.XmlElement]) },
  { name: "an element the schema does not have", code: "unknownNode", write: (_d, f) => f.insert(0, [new Y.XmlElement("script")]) },
  { name: "a list item at the top level", code: "misplacedNode", write: (_d, f) => f.insert(0, [new Y.XmlElement("listItem")]) },
  {
    name: "a paragraph inside an item title",
    code: "misplacedNode",
    write: (_d, f) => (firstItem(f).get(0) as Y.XmlElement).insert(0, [new Y.XmlElement("paragraph")]),
  },
  { name: "text directly in an item (between its blocks)", code: "textNotAllowed", write: (_d, f) => firstItem(f).insert(1, [new Y.XmlText("x")]) },
  { name: "an undeclared attribute", code: "unknownAttribute", write: (_d, f) => firstItem(f).setAttribute("onclick", "alert(1)") },
  {
    name: "a Yjs type as an attribute value",
    code: "badAttributeValue",
    write: (_d, f) => firstItem(f).setAttribute("domain", new Y.Map() as unknown as string),
  },
  {
    name: "binary as an attribute value",
    code: "badAttributeValue",
    write: (_d, f) => firstItem(f).setAttribute("timeframe", new Uint8Array([1, 2]) as unknown as string),
  },
  {
    name: "an unknown mark",
    code: "unknownMark",
    write: (_d, f) => ((firstItem(f).get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { blink: {} }),
  },
  {
    name: "bold in an item title (marks not allowed there)",
    code: "markNotAllowed",
    write: (_d, f) => ((firstItem(f).get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { bold: {} }),
  },
  {
    name: "an undeclared mark attribute",
    code: "unknownAttribute",
    write: (_d, f) => ((firstItem(f).get(1) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { link: { href: "x", onclick: "y" } }),
  },
  {
    name: "an embed inside text",
    code: "foreignContent",
    write: (_d, f) => ((firstItem(f).get(1) as Y.XmlElement).get(0) as Y.XmlText).insertEmbed(0, { image: "x" }),
  },
  {
    name: "a Y.Map inside text",
    code: "foreignContent",
    write: (_d, f) => ((firstItem(f).get(1) as Y.XmlElement).get(0) as Y.XmlText).insertEmbed(0, new Y.Map() as unknown as object),
  },
  {
    name: "an attribute on a text",
    code: "unknownAttribute",
    write: (_d, f) => ((firstItem(f).get(1) as Y.XmlElement).get(0) as Y.XmlText).setAttribute("x", "y"),
  },
  { name: "another root type (a map)", code: "unknownRoot", write: (d) => d.getMap("evil").set("k", "v") },
  { name: "another root type (an array)", code: "unknownRoot", write: (d) => d.getArray("evil").insert(0, [1]) },
  { name: "a second XmlFragment", code: "unknownRoot", write: (d) => d.getXmlFragment("other").insert(0, [new Y.XmlElement("paragraph")]) },
  {
    name: "nesting deeper than the cap (blockquotes)",
    code: "tooDeep",
    write: (_d, f) => {
      let node = new Y.XmlElement("blockquote");
      const top = node;
      for (let i = 0; i < STRUCTURE_LIMITS.maxDepth + 5; i++) {
        const inner = new Y.XmlElement("blockquote");
        node.insert(0, [inner]);
        node = inner;
      }
      f.insert(0, [top]);
    },
  },
  {
    name: "absurdly deep nesting in one update (100 000 levels)",
    code: "tooDeep",
    write: (d, f) => {
      // Each level inserted into an already integrated parent, all in one transaction (one update):
      // Yjs integrates a prepared nested tree recursively, but such a frame arrives flat on the wire.
      d.transact(() => {
        let parent: Y.XmlFragment = f;
        for (let i = 0; i < 100_000; i++) {
          const inner = new Y.XmlElement("blockquote");
          parent.insert(0, [inner]);
          parent = inner;
        }
      });
    },
  },
  {
    name: "more nodes than one update may create",
    code: "tooManyNodes",
    write: (_d, f) =>
      f.insert(
        0,
        Array.from({ length: STRUCTURE_LIMITS.maxNodesPerUpdate + 1 }, () => new Y.XmlElement("horizontalRule")),
      ),
  },
];

export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NODE_NAMES = [...rules.nodes.keys()];
const GARBAGE_NAMES = ["script", "div", "doc", "text", "", "agendaitem", "__proto__"];
const MARKS = [...rules.marks.keys()];

function allElements(root: Y.XmlFragment): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const stack: Y.XmlFragment[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) {
        out.push(child);
        stack.push(child);
      }
    }
  }
  return out;
}

function allTexts(root: Y.XmlFragment): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const stack: Y.XmlFragment[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) out.push(child);
      else if (child instanceof Y.XmlElement) stack.push(child);
    }
  }
  return out;
}

function textElement(name: string, text: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  const t = new Y.XmlText();
  t.insert(0, text);
  el.insert(0, [t]);
  return el;
}

export type Op = (doc: Y.Doc, rand: () => number) => void;
export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Shapes the editor makes. */
export const VALID: Op[] = [
  (doc, rand) => {
    const f = doc.getXmlFragment("default");
    f.insert(Math.floor(rand() * (f.length + 1)), [textElement(pick(rand, ["paragraph", "sectionTitle", "heading"]), "mot ")]);
  },
  (doc, rand) => {
    const f = doc.getXmlFragment("default");
    const item = new Y.XmlElement(pick(rand, ["agendaItem", "roadmapItem"]));
    item.setAttribute("domain", pick(rand, ["security", "governance", "development"]));
    item.insert(0, [textElement("itemTitle", "titre"), textElement("paragraph", "corps")]);
    f.insert(Math.floor(rand() * (f.length + 1)), [item]);
  },
  (doc, rand) => {
    const texts = allTexts(doc.getXmlFragment("default"));
    if (!texts.length) return;
    const t = pick(rand, texts);
    t.insert(Math.floor(rand() * (t.length + 1)), pick(rand, ["a", "é", "ceasefire ", "🙂"]));
  },
  (doc, rand) => {
    const texts = allTexts(doc.getXmlFragment("default"));
    if (!texts.length) return;
    const t = pick(rand, texts);
    if (t.length < 2) return;
    const at = Math.floor(rand() * (t.length - 1));
    t.delete(at, 1 + Math.floor(rand() * Math.min(3, t.length - at - 1)));
  },
  (doc, rand) => {
    // A mark the text's node allows (none in item titles and code blocks).
    const texts = allTexts(doc.getXmlFragment("default"));
    if (!texts.length) return;
    const t = pick(rand, texts);
    const holder = (t.parent as Y.XmlElement).nodeName;
    const allowed = rules.nodes.get(holder)?.marks;
    const choices = allowed === null ? MARKS : [...(allowed ?? [])];
    if (!choices.length || t.length < 1) return;
    const mark = pick(rand, choices);
    t.format(0, Math.max(1, Math.floor(rand() * t.length)), { [mark]: rand() < 0.2 ? null : mark === "link" ? { href: "https://example.org" } : {} });
  },
  (doc, rand) => {
    const f = doc.getXmlFragment("default");
    if (f.length) f.delete(Math.floor(rand() * f.length), 1);
  },
  (doc, rand) => {
    const items = allElements(doc.getXmlFragment("default")).filter((e) => e.nodeName === "agendaItem" || e.nodeName === "roadmapItem");
    if (!items.length) return;
    const item = pick(rand, items);
    item.setAttribute("timeframe", `${Math.floor(rand() * 12)} mois`);
    const list = new Y.XmlElement("bulletList");
    const li = new Y.XmlElement("listItem");
    li.insert(0, [textElement("paragraph", "indicateur")]);
    list.insert(0, [li]);
    item.insert(item.length, [list]);
  },
];

/** Anything at all. */
export const HOSTILE: Op[] = [
  (doc, rand) => {
    const targets: Y.XmlFragment[] = [doc.getXmlFragment("default"), ...allElements(doc.getXmlFragment("default"))];
    const target = pick(rand, targets);
    const name = rand() < 0.5 ? pick(rand, NODE_NAMES) : pick(rand, GARBAGE_NAMES);
    target.insert(Math.floor(rand() * (target.length + 1)), [rand() < 0.5 ? new Y.XmlElement(name) : textElement(name, "x")]);
  },
  (doc, rand) => {
    const targets: Y.XmlFragment[] = [doc.getXmlFragment("default"), ...allElements(doc.getXmlFragment("default"))];
    const target = pick(rand, targets);
    target.insert(Math.floor(rand() * (target.length + 1)), [rand() < 0.5 ? new Y.XmlText("loose") : (new Y.XmlHook("h") as unknown as Y.XmlElement)]);
  },
  (doc, rand) => {
    const texts = allTexts(doc.getXmlFragment("default"));
    if (!texts.length) return;
    const t = pick(rand, texts);
    if (rand() < 0.5) t.format(0, Math.max(1, t.length), { [pick(rand, [...MARKS, "blink", "bold--AAAAAAAA"])]: { x: 1 } });
    else t.insertEmbed(0, rand() < 0.5 ? { image: "x" } : new Y.Map());
  },
  (doc, rand) => {
    const els = allElements(doc.getXmlFragment("default"));
    if (!els.length) return;
    const el = pick(rand, els);
    const value = pick(rand, [1, "x", [1, 2], { a: 1 }, new Uint8Array([1]), new Y.Map(), null]);
    el.setAttribute(pick(rand, ["domain", "id", "level", "onclick", "style"]), value as unknown as string);
  },
  (doc, rand) => {
    if (rand() < 0.5) doc.getMap("m").set("k", rand());
    else doc.getArray("a").insert(0, [rand()]);
  },
];
