// Random Yjs structures against the structure check: whatever two clients write, concurrently, the
// server copy (which applies only what the check accepts) always reads cleanly, and edits of the
// shapes the editor makes are never refused. Seeded, so a failure replays; FUZZ_SEEDS=700 runs more.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentSchema } from "./index.js";
import { createStructureGuard, readDocument, structureRules } from "./structure.js";

const schema = documentSchema();
const rules = structureRules(schema);

function prng(seed: number) {
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

type Op = (doc: Y.Doc, rand: () => number) => void;
const pick = <T,>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Shapes the editor makes. */
const VALID: Op[] = [
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
const HOSTILE: Op[] = [
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

function run(seed: number, steps: number, ops: Op[]) {
  const rand = prng(seed);
  const server = new Y.Doc();
  const guard = createStructureGuard(server, rules);
  const clients = [new Y.Doc(), new Y.Doc()];
  const refused: string[] = [];
  const queues: Uint8Array[][] = [[], []];
  clients.forEach((c, i) => c.on("update", (u: Uint8Array, origin: unknown) => origin !== "server" && queues[i]!.push(u)));
  const deliver = (i: number) => {
    // What the client sent, checked against the server copy; what the server has goes back.
    let refusedNow = false;
    for (const update of queues[i]!.splice(0)) {
      const problem = guard.check(update, Y.decodeUpdate(update));
      if (problem) {
        refused.push(`${problem.code}:${problem.name ?? ""}`);
        refusedNow = true;
        break; // the socket closes: nothing after it arrives
      }
      Y.applyUpdate(server, update);
      guard.applied(update);
    }
    // A refused client starts over from the server's state (as a reconnect after 1008 would).
    if (refusedNow) {
      queues[i]!.length = 0;
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server), "server");
      fresh.on("update", (u: Uint8Array, origin: unknown) => origin !== "server" && queues[i]!.push(u));
      clients[i]!.destroy();
      clients[i] = fresh;
    } else {
      Y.applyUpdate(clients[i]!, Y.encodeStateAsUpdate(server, Y.encodeStateVector(clients[i]!)), "server");
    }
  };
  for (let step = 0; step < steps; step++) {
    const i = rand() < 0.5 ? 0 : 1;
    pick(rand, ops)(clients[i]!, rand);
    // Deliver sometimes only: the two clients edit concurrently in between.
    if (rand() < 0.4) deliver(i);
    const reading = readDocument(server, schema);
    expect(reading.problems, `seed ${seed}, step ${step}`).toEqual([]);
  }
  return refused;
}

describe("random structures (seeded)", () => {
  it("edits of the editor's shapes, by two concurrent clients, are never refused", () => {
    for (let seed = 1; seed <= Number(process.env.FUZZ_SEEDS ?? 20); seed++) expect(run(seed, 120, VALID), `seed ${seed}`).toEqual([]);
  }, 120_000);

  it("whatever two clients write, the server copy always reads cleanly (and hostile shapes are refused)", () => {
    let refusedTotal = 0;
    for (let seed = 100; seed < Number(process.env.FUZZ_SEEDS ?? 130); seed++) refusedTotal += run(seed, 120, [...VALID, ...HOSTILE]).length;
    expect(refusedTotal).toBeGreaterThan(0);
  }, 120_000);
});
