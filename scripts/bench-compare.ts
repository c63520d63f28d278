// What comparing two versions costs (issue 12): the server compares two versions' canonical
// content when someone opens a comparison. A 200-item roadmap (10 sections; each item a title,
// 3 parties, a timeframe, 2 indicators, a 40-word paragraph and a 3-entry list), against:
//   - a version with 20 changes: 5 titles edited, 5 bodies edited, 3 items moved, 2 removed,
//     2 added, 2 domains changed, 1 section renamed (also timed with both JSON.parse included,
//     as the server reads a version's stored canonical text);
//   - the worst case: every body rewritten; and one item with a 5000-word body rewritten;
//   - the same content (the identical path).
// The trees are built as plain objects of the shape canonicalTree gives. Wall time per call,
// 200 runs after a warm-up. Prints a markdown table and the summaries.
// Run: npm run bench:compare   (a few seconds)
import { canonicalStringify, type CanonicalNode } from "../app/core/canonical.js";
import { DOMAINS } from "../app/core/domains.js";
import { compareVersions, type CanonicalDoc } from "../app/core/versions/compare.js";
import type { Comparison } from "../app/core/versions/types.js";

const RUNS = 200;
const WARMUP = 30;

/** Seeded (xorshift32): the same documents on every run. */
function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
const random = seeded(2024);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];

const WORDS = (
  "les parties le comité de suivi observateurs locaux conseil district cessez-le-feu retour des familles déplacées marché " +
  "réouverture routes points de contrôle femmes jeunes autorités traditionnelles commission vérité budget élections bureaux " +
  "de vote formation professionnelle anciens combattants terres couloirs de transhumance eau puits semaines mois rapport " +
  "mensuel plateforme commune engagements publiés chaque trimestre médiation équipe radio langues région accord signature"
).split(" ");
const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
const sentence = (n: number) => {
  const t = words(n);
  return t[0].toUpperCase() + t.slice(1) + ".";
};

const text = (t: string): CanonicalNode => ({ type: "text", text: t });
const paragraph = (t: string): CanonicalNode => ({ type: "paragraph", content: [text(t)] });
const bulletList = (entries: string[]): CanonicalNode => ({ type: "bulletList", content: entries.map((e) => ({ type: "listItem", content: [paragraph(e)] })) });

interface Item {
  id: string;
  title: string;
  domain: string;
  parties: { type: string; ref?: string; name?: string }[];
  timeframe: string;
  indicators: string[];
  paragraph: string;
  list: string[];
}

function itemNode(i: Item): CanonicalNode {
  return {
    type: "roadmapItem",
    attrs: { domain: i.domain, id: i.id, indicators: i.indicators, responsibleParties: i.parties, status: "planned", timeframe: i.timeframe },
    content: [{ type: "itemTitle", content: [text(i.title)] }, paragraph(i.paragraph), bulletList(i.list)],
  } as CanonicalNode;
}

function newItem(n: number): Item {
  return {
    id: `item-${n}`,
    title: sentence(5).slice(0, -1),
    domain: pick(DOMAINS),
    parties: [
      { type: "category", ref: pick(["youth", "women", "elders", "parties"]) },
      { type: "category", ref: "donors" },
      { type: "actor", name: `Comité ${n}` },
    ],
    timeframe: `${1 + (n % 12)} mois`,
    indicators: [sentence(4), sentence(3)],
    paragraph: sentence(40),
    list: [sentence(6), sentence(5), sentence(7)],
  };
}

interface Layout {
  sections: { key: string | null; title: string; items: Item[] }[];
}

function docOf(layout: Layout): CanonicalDoc {
  const content: CanonicalNode[] = [{ type: "heading", attrs: { level: 1 }, content: [text("Feuille de route de Kanu")] }];
  for (const s of layout.sections) {
    content.push({ type: "sectionTitle", attrs: { key: s.key }, content: [text(s.title)] });
    for (const i of s.items) content.push(itemNode(i));
  }
  return { type: "doc", content };
}

// The earlier version: 10 sections of 20 items.
let next = 0;
const before: Layout = {
  sections: Array.from({ length: 10 }, (_, s) => ({
    key: s < 7 ? `section-${s}` : null,
    title: `Section ${s + 1} : ${words(2)}`,
    items: Array.from({ length: 20 }, () => newItem(++next)),
  })),
};
const clone = (l: Layout): Layout => ({ sections: l.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, list: [...i.list] })) })) });

/** Replaces a few words of a text (what an edit of a title or a body looks like). */
function editWords(t: string, edits: number): string {
  const parts = t.split(" ");
  for (let e = 0; e < edits; e++) parts.splice(Math.floor(random() * parts.length), 1, words(1 + Math.floor(random() * 2)));
  return parts.join(" ");
}

// The later version with 20 changes.
const changed = clone(before);
const all = () => changed.sections.flatMap((s) => s.items);
for (const i of all()
  .slice(3, 200)
  .filter((_, n) => n % 40 === 0))
  i.title = editWords(i.title, 1); // 5 titles
for (const i of all()
  .slice(10, 200)
  .filter((_, n) => n % 38 === 0))
  i.paragraph = editWords(i.paragraph, 3); // 5 bodies
for (const [from, to] of [
  [0, 5],
  [3, 3],
  [8, 1],
] as const) {
  // 3 moved: one item of section `from` to the start of section `to` (one stays in its section, moved up).
  const [moved] = changed.sections[from].items.splice(7, 1);
  changed.sections[to].items.unshift(moved);
}
changed.sections[2].items.splice(4, 1); // 2 removed
changed.sections[6].items.splice(12, 1);
changed.sections[1].items.splice(9, 0, newItem(++next)); // 2 added
changed.sections[9].items.push(newItem(++next));
changed.sections[4].items[2].domain = changed.sections[4].items[2].domain === "land" ? "security" : "land"; // 2 domains
changed.sections[7].items[5].domain = changed.sections[7].items[5].domain === "land" ? "security" : "land";
changed.sections[8].title += " (révisée)"; // 1 section renamed (an unkeyed one)

// The worst case: every body rewritten.
const rewritten = clone(before);
for (const i of rewritten.sections.flatMap((s) => s.items)) {
  i.paragraph = sentence(40);
  i.list = [sentence(6), sentence(5), sentence(7)];
}

const beforeDoc = docOf(before);
const beforeJson = canonicalStringify(beforeDoc);
const changedDoc = docOf(changed);
const changedJson = canonicalStringify(changedDoc);
const rewrittenDoc = docOf(rewritten);
const sameDoc = JSON.parse(beforeJson) as CanonicalDoc; // equal content, another object

// One item with a 5000-word body, rewritten: the word diff gives up at MAX_EDITS (all removed, all added).
const longItem = { ...newItem(++next), id: "long", paragraph: sentence(5000) };
const longBefore = docOf({ sections: [{ key: null, title: "Annexe", items: [longItem] }] });
const longAfter = docOf({ sections: [{ key: null, title: "Annexe", items: [{ ...longItem, paragraph: sentence(5000) }] }] });

function time(run: () => Comparison): { median: number; p95: number; max: number; last: Comparison } {
  let last = run();
  for (let n = 0; n < WARMUP; n++) last = run();
  const times: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const start = performance.now();
    last = run();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return { median: times[Math.floor(RUNS / 2)], p95: times[Math.ceil(RUNS * 0.95) - 1], max: times[RUNS - 1], last };
}

const cases: [string, () => Comparison][] = [
  ["20 changes", () => compareVersions(beforeDoc, changedDoc)],
  ["20 changes, JSON.parse of both included", () => compareVersions(JSON.parse(beforeJson), JSON.parse(changedJson))],
  ["every body rewritten (worst case)", () => compareVersions(beforeDoc, rewrittenDoc)],
  ["one 5000-word body rewritten (the word diff gives up)", () => compareVersions(longBefore, longAfter)],
  ["same content (identical)", () => compareVersions(beforeDoc, sameDoc)],
];

const ms = (x: number) => x.toFixed(2);
const rows: string[] = [];
const summaries: string[] = [];
for (const [name, run] of cases) {
  const r = time(run);
  rows.push(`| ${name} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.max)} |`);
  const s = r.last.summary;
  summaries.push(
    `- ${name}: identical ${r.last.identical}; changed ${s.changed}, added ${s.added}, removed ${s.removed}, moved ${s.moved}, sections renamed ${s.sectionsRenamed}; ` +
      `items listed ${r.last.items.length} (moved and changed: ${r.last.items.filter((i) => i.kind === "changed" && i.moved).length})`,
  );
}

console.log(`Comparison of two 200-item roadmap versions (${(beforeJson.length / 1024).toFixed(0)} KiB of canonical JSON each), ${RUNS} runs, ms per call`);
console.log("");
console.log("| case | median | p95 | max |");
console.log("| --- | ---: | ---: | ---: |");
for (const row of rows) console.log(row);
console.log("");
for (const line of summaries) console.log(line);
