// What resolving annotation anchors costs: the server resolves every thread of a document after
// changes, the browser those it shows. A 200-item roadmap with 500 range anchors (and a few item
// anchors), resolved with one call (one walk of the text), on CPU time (process.cpuUsage) and
// wall time, median of many runs:
//   - the walk alone (no anchors), then all anchors on the unchanged document;
//   - every item re-inserted (their order reversed): all anchors through the quote search;
//   - after concurrent edits that break the positions of many anchors (20 items moved; meanwhile
//     Enter inside or before 20 anchored ranges, typing in 20, 10 deleted, the first word of 10
//     others deleted), so the quote search and Yjs' own resolution run;
//   - the refreshed anchors the last resolution returned, resolved again.
// Edits are made as the editor makes them: a ProseMirror transaction, written into the fragment
// by y-tiptap's diff. Prints figures only.
// Run: npm run bench:annotations   (a few seconds)
import { pathToFileURL } from "node:url";
import { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, updateYFragment } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { anchorForItem, anchorForRange, resolveAnchors, type Resolution } from "../app/core/annotations/anchor.js";
import type { Anchor } from "../app/core/annotations/types.js";
import { DOCUMENT_FIELD, documentSchema } from "../app/core/schema/index.js";
import { prng } from "../test/support/structures.js";
import { freshCollabDbPath, openCollabDb } from "../test/support/collab.js";
import { encodeAnnotations } from "../app/core/collab-wire.js";
import { readableThreads } from "../app/domain/annotations/store.server.js";
import { createThread, readerOf, replyToThread } from "../app/domain/annotations/threads.server.js";
import { DomainEventBus } from "../app/domain/events.server.js";
import { QueryLayer } from "../app/storage/sql.server.js";
import { ANNOTATION_TYPES } from "../app/core/annotations/types.js";
import { gzipSync } from "node:zlib";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nProvider } from "~/core/i18n/react.js";
import { createI18n } from "../app/core/i18n/index.js";
import { AnnotationPanel } from "../app/editor/annotations/annotation-panel.js";

const schema = documentSchema();

// Sentences of a roadmap with slots, so that phrases recur (as they do) but whole passages rarely do.
const SENTENCES = [
  "The {actor} agree to a joint monitoring committee in {place} within {n} days of signature.",
  "Local observers report weekly to the mediation team and to the council of {place}.",
  "The {actor} nominate {n} delegates to every working group of the process.",
  "Women's organisations from {place} take part in each round of consultations.",
  "Armed groups withdraw heavy weapons from {place} to the agreed cantonment sites within {n} days.",
  "The {actor} publish their pledges each quarter on the common platform.",
  "Displaced families may return to {place} once the demining survey is complete.",
  "A grievance mechanism in {place} hears complaints about the distribution of humanitarian aid.",
  "Traditional authorities and the {actor} meet monthly in {place} to settle land disputes.",
  "The transitional government presents a budget of {n} million for the reintegration programme.",
  "Radio programmes explain the agreement in {place} in the four main languages of the region.",
  "Former combatants in {place} receive vocational training and a start-up grant.",
  "Polling stations open in {place} by the end of the year, with observers from the {actor}.",
  "The truth commission collects testimonies in {place} for {n} months.",
  "Checkpoints on the road to {place} are removed in {n} phases, each verified by the committee.",
];
const PLACES = [
  "Kanu",
  "the northern districts",
  "Ria Valley",
  "Port Selim",
  "the border villages",
  "Mabiri",
  "the capital",
  "Lower Tessa",
  "the eastern plateau",
  "Oduya",
  "the river towns",
  "Hale",
];
const ACTORS = ["parties", "youth councils", "donors", "women's groups", "elders", "district councils", "armed movements", "returnee committees"];

const ITEM_TITLES = [
  "Ceasefire monitoring",
  "Youth inclusion",
  "Land restitution",
  "Return of displaced people",
  "Budget",
  "Elections",
  "Reintegration",
  "Truth and reconciliation",
  "Security sector reform",
  "Humanitarian access",
];
const SECTIONS = ["Security", "Governance", "Development", "Reconciliation", "Implementation"];
const DOMAINS = ["security", "governance", "development", "reconciliation", "implementation"] as const;

type Json = Record<string, unknown>;

/** A roadmap as ProseMirror JSON: a section every `items / 5` items; each item a title and 2–4 paragraphs of 1–3 sentences. */
export function buildRoadmap(items = 200, seed = 1): Json {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const content: Json[] = [];
  const perSection = Math.max(1, Math.ceil(items / SECTIONS.length));
  for (let i = 0; i < items; i++) {
    if (i % perSection === 0)
      content.push({ type: "sectionTitle", attrs: { key: null }, content: [{ type: "text", text: SECTIONS[(i / perSection) % SECTIONS.length] }] });
    const paragraphs: Json[] = [];
    const count = 2 + Math.floor(rand() * 3);
    for (let p = 0; p < count; p++) {
      const sentences = Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
        pick(SENTENCES)
          .replace("{actor}", () => pick(ACTORS))
          .replace("{place}", () => pick(PLACES))
          .replace("{n}", () => String(2 + Math.floor(rand() * 88))),
      );
      paragraphs.push({ type: "paragraph", content: [{ type: "text", text: sentences.join(" ") }] });
    }
    content.push({
      type: "roadmapItem",
      attrs: { id: `item-${i}`, domain: DOMAINS[i % DOMAINS.length], status: "planned" },
      content: [{ type: "itemTitle", content: [{ type: "text", text: `${pick(ITEM_TITLES)} ${i + 1}` }] }, ...paragraphs],
    });
  }
  return { type: "doc", content };
}

/** A client as the editor sees it: the Y.Doc, and the PM document y-tiptap keeps in step with it. */
export class BenchPeer {
  readonly ydoc = new Y.Doc();
  readonly fragment = this.ydoc.getXmlFragment(DOCUMENT_FIELD);
  doc: PMNode;
  private meta: ReturnType<typeof initProseMirrorDoc>["meta"];

  constructor() {
    const { doc, meta } = initProseMirrorDoc(this.fragment, schema);
    this.doc = doc;
    this.meta = meta;
  }

  read(): void {
    const { doc, meta } = initProseMirrorDoc(this.fragment, schema);
    this.doc = doc;
    this.meta = meta;
  }

  edit(change: (tr: Transaction) => void): void {
    const tr = EditorState.create({ doc: this.doc }).tr;
    change(tr);
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.fragment, tr.doc, this.meta));
    this.doc = tr.doc;
  }
}

export function syncPeers(...peers: BenchPeer[]): void {
  for (const to of peers) for (const from of peers) if (from !== to) Y.applyUpdate(to.ydoc, Y.encodeStateAsUpdate(from.ydoc, Y.encodeStateVector(to.ydoc)));
  for (const p of peers) p.read();
}

/** Two peers holding the same roadmap. */
export function roadmapPeers(items = 200, seed = 1): [BenchPeer, BenchPeer] {
  const a = new BenchPeer();
  const b = new BenchPeer();
  a.edit((tr) => tr.replaceWith(0, tr.doc.content.size, PMNode.fromJSON(schema, buildRoadmap(items, seed)).content));
  syncPeers(a, b);
  return [a, b];
}

interface Place {
  from: number;
  to: number;
}

/** `count` ranges of 2–8 words in body paragraphs and titles, spread over the document. */
export function spreadRanges(doc: PMNode, count: number, seed = 2): Place[] {
  const rand = prng(seed);
  const words: Place[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return;
    for (const m of node.text!.matchAll(/\S+/g)) words.push({ from: pos + m.index!, to: pos + m.index! + m[0].length });
  });
  const places: Place[] = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor(((i + rand()) / count) * (words.length - 8));
    const length = 2 + Math.floor(rand() * 7);
    // Within one text node (one paragraph): the first word's paragraph is where the range ends.
    let last = at;
    while (last + 1 < at + length && words[last + 1].from === words[last].to + 1) last++;
    places.push({ from: words[at].from, to: words[last].to });
  }
  return places;
}

function topLevelItems(doc: PMNode): { id: string }[] {
  const out: { id: string }[] = [];
  doc.forEach((node) => {
    if (typeof node.attrs.id === "string") out.push({ id: node.attrs.id });
  });
  return out;
}

/** On one peer, moves `moves` items (each to a random top-level place); concurrently on the other, splits, typing and deletions in anchored ranges. */
export function concurrentEdits(
  a: BenchPeer,
  b: BenchPeer,
  places: Place[],
  { moves = 20, splits = 20, typing = 20, deletions = 10, seed = 3 } = {},
): { deleted: Place[] } {
  const rand = prng(seed);
  const items = topLevelItems(a.doc);
  for (let i = 0; i < moves; i++) {
    const { id } = items[Math.floor(rand() * items.length)];
    a.edit((tr) => {
      let from = -1;
      tr.doc.forEach((node, offset) => {
        if (node.attrs.id === id) from = offset;
      });
      const node = tr.doc.nodeAt(from)!;
      tr.delete(from, from + node.nodeSize);
      const index = Math.floor(rand() * tr.doc.childCount);
      let at = 0;
      for (let c = 0; c < index; c++) at += tr.doc.child(c).nodeSize;
      tr.insert(at, node);
    });
  }
  // On b (which has not seen the moves), each at a different anchored range: Enter inside or
  // just before it, typing inside it, deleting all of it or its first word. Applied from the end
  // of the document so the positions of the others stay valid.
  const inParagraphs = places.filter((p) => b.doc.resolve(p.from).parent.type.name === "paragraph");
  const step = Math.floor(inParagraphs.length / (splits + typing + deletions * 2));
  const pickNext = (() => {
    let i = 0;
    return () => inParagraphs[(i++ * step) % inParagraphs.length];
  })();
  const edits: { at: number; apply: (tr: Transaction) => void }[] = [];
  const deleted: Place[] = [];
  for (let i = 0; i < splits; i++) {
    const p = pickNext();
    const at = i % 2 === 0 ? p.from + Math.max(1, Math.floor((p.to - p.from) / 2)) : p.from;
    edits.push({ at, apply: (tr) => tr.split(at) });
  }
  for (let i = 0; i < typing; i++) {
    const p = pickNext();
    const at = p.from + Math.max(1, b.doc.textBetween(p.from, p.to).indexOf(" "));
    edits.push({ at, apply: (tr) => tr.insertText(" very", at) });
  }
  for (let i = 0; i < deletions; i++) {
    const whole = pickNext();
    deleted.push(whole);
    edits.push({ at: whole.from, apply: (tr) => tr.delete(whole.from, whole.to) });
    const head = pickNext();
    const word = b.doc.textBetween(head.from, head.to).indexOf(" ");
    edits.push({ at: head.from, apply: (tr) => tr.delete(head.from, head.from + word + 1) });
  }
  edits.sort((x, y) => y.at - x.at);
  for (const e of edits) b.edit(e.apply);
  syncPeers(a, b);
  return { deleted };
}

function measure(runs: number, work: () => void): { cpuMs: number; wallMs: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    work();
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

/** `measure` for work that awaits the query layer: the runs one after the other. */
async function measureAsync(runs: number, work: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await work();
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

function tally(results: Resolution[]): string {
  const anchored = results.filter((r) => r.state === "anchored");
  const refreshed = anchored.filter((r) => r.refreshed).length;
  return `${anchored.length - refreshed} in place, ${refreshed} refreshed, ${results.length - anchored.length} detached`;
}

async function main(): Promise<void> {
  const ITEMS = 200;
  const RANGES = 500;
  const RUNS = 41;
  const [a, b] = roadmapPeers(ITEMS);
  const places = spreadRanges(a.doc, RANGES);
  const anchors: Anchor[] = places.map((p) => anchorForRange(a.fragment, schema, p.from, p.to)!);
  // A few item anchors: every 20th item, from a position in its title.
  a.doc.forEach((node, offset, index) => {
    if (typeof node.attrs.id === "string" && index % 20 === 1) anchors.push(anchorForItem(a.fragment, schema, offset + 2)!);
  });
  const chars = a.doc.textContent.length;
  const stateKiB = Y.encodeStateAsUpdate(a.ydoc).byteLength / 1024;

  const rows: string[][] = [];
  /** Median figures of `work`; the resolutions it returns are tallied. */
  const row = (label: string, work: () => unknown) => {
    const result = work(); // warm up
    const m = measure(RUNS, work);
    rows.push([label, m.cpuMs.toFixed(2), m.wallMs.toFixed(2), Array.isArray(result) && result.length ? tally(result as Resolution[]) : ""]);
    return result;
  };

  row("anchorForRange (one range, one walk)", () => anchorForRange(a.fragment, schema, places[250].from, places[250].to));
  row("resolveAnchors, no anchors (the walk alone)", () => resolveAnchors(a.fragment, schema, []));
  row(`resolveAnchors, ${anchors.length} anchors, unchanged document`, () => resolveAnchors(a.fragment, schema, anchors));

  // Worst case for the quote search: every item re-inserted (the order of all items reversed).
  const [c] = roadmapPeers(ITEMS);
  c.edit((tr) => {
    const blocks: PMNode[] = [];
    tr.doc.forEach((node) => {
      blocks.push(node);
    });
    tr.replaceWith(0, tr.doc.content.size, blocks.reverse());
  });
  const reversed = row(`resolveAnchors, ${anchors.length} anchors, all items reversed (all re-inserted)`, () =>
    resolveAnchors(c.fragment, schema, anchors),
  ) as Resolution[];
  // Reversing keeps every text in its item, paragraph and offset: where a range should be found.
  const placeOf = (doc: PMNode, pos: number) => {
    const $pos = doc.resolve(pos);
    return `${$pos.node(1).attrs.id ?? `block ${$pos.index(0)}`} ${$pos.depth > 1 ? $pos.index(1) : 0} ${$pos.parentOffset}`;
  };
  const expected = places.map((p) => placeOf(a.doc, p.from));
  const same = places.filter((_, i) => reversed[i].state === "anchored" && placeOf(c.doc, reversed[i].from) === expected[i]).length;

  concurrentEdits(a, b, places);
  const after = row(`resolveAnchors, ${anchors.length} anchors, after concurrent edits`, () => resolveAnchors(a.fragment, schema, anchors)) as Resolution[];
  const refreshed = after.map((r, i) => r.refreshed ?? anchors[i]);
  row("resolveAnchors, the refreshed anchors", () => resolveAnchors(a.fragment, schema, refreshed));

  console.log(
    `Annotation anchors on a ${ITEMS}-item roadmap: ${a.doc.childCount} top-level blocks, ${chars.toLocaleString("en")} characters, Yjs state ${stateKiB.toFixed(0)} KiB; median of ${RUNS} runs, node ${process.version}\n`,
  );
  const header = ["case", "CPU ms", "wall ms", "resolutions"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log(
    `\nAll items reversed: ${same} of ${places.length} ranges found in the same item, paragraph and offset (the text repeats phrases, as roadmaps do).`,
  );
  console.log(
    "Concurrent edits: 20 items moved by one client; meanwhile another pressed Enter in or before 20 anchored ranges, typed in 20, deleted 10 whole and the first word of 10 others.",
  );
  await serverLoad(anchors.slice(0, RANGES), RUNS, a.fragment);
}

/**
 * What loading the threads costs the server: the same 500 anchors stored as threads (half team,
 * half shared, each with an opening message and two replies) in a real SQLite file, then the
 * per-reader views every page load and every socket connection makes, and the size of the
 * socket's "all" frame.
 */
async function serverLoad(anchors: Anchor[], runs: number, fragment: Y.XmlFragment): Promise<void> {
  const db = QueryLayer.sqlite(openCollabDb(freshCollabDbPath()));
  const now = Date.now();
  const user = (id: string, name: string) =>
    db.run(
      "INSERT INTO users (id, email, display_name, password_hash, preferred_language, created_at, updated_at) VALUES (?, ?, ?, 'x', 'en', ?, ?)",
      id,
      `${id}@example.org`,
      name,
      now,
      now,
    );
  await user("analyst", "Analyst");
  await user("mediator", "Mediator");
  await user("observer", "Observer");
  await db.run(
    "INSERT INTO processes (id, title, locality, languages, created_by, created_at, updated_at) VALUES ('p', 'Bench', 'Kanu', 'en', 'analyst', ?, ?)",
    now,
    now,
  );
  for (const [id, role] of [
    ["analyst", "analyst"],
    ["mediator", "mediator"],
    ["observer", "observer"],
  ]) {
    await db.run("INSERT INTO process_members (process_id, user_id, role, joined_at, updated_at) VALUES ('p', ?, ?, ?, ?)", id, role, now, now);
  }
  await db.run(
    "INSERT INTO documents (id, process_id, kind, title, status, created_by, created_at, updated_at, visibility) VALUES ('d', 'p', 'roadmap', 'Bench roadmap', 'drafting', 'analyst', ?, ?, 'shared')",
    now,
    now,
  );
  const services = { db, events: new DomainEventBus() };
  const analyst = { id: "analyst", isAdmin: false };
  const mediator = { id: "mediator", isAdmin: false };
  const rows: string[][] = [];
  const write = await measureAsync(1, async () => {
    for (const [i, anchor] of anchors.entries()) {
      const made = await createThread(services, analyst, "p", "d", {
        type: ANNOTATION_TYPES[i % ANNOTATION_TYPES.length],
        visibility: i % 2 ? "shared" : "team",
        body: `Who provides this function in practice? Interviews of ${i % 12} elders and the market committee disagree.`,
        anchor: JSON.stringify(anchor),
      });
      if (!made.ok) throw new Error(JSON.stringify(made.errors));
      for (const who of [mediator, analyst])
        await replyToThread(services, who, "p", "d", { threadId: made.value.threadId, body: "Source: field notes, second week." });
    }
  });
  rows.push([
    `store ${anchors.length} threads × 3 messages (per thread)`,
    (write.cpuMs / anchors.length).toFixed(3),
    (write.wallMs / anchors.length).toFixed(3),
    "",
  ]);
  for (const [label, who] of [
    ["a team member", "analyst"],
    ["an observer (shared threads only)", "observer"],
  ] as const) {
    const reader = await readerOf(db, "p", "d", { id: who, isAdmin: false });
    const views = await readableThreads(db, reader, "d");
    const frame = encodeAnnotations({ op: "all", threads: views });
    const m = await measureAsync(runs, () => readableThreads(db, reader, "d"));
    rows.push([
      `load the threads for ${label}: ${views.length} views`,
      m.cpuMs.toFixed(2),
      m.wallMs.toFixed(2),
      `"all" frame ${(frame.byteLength / 1024).toFixed(0)} KiB, ${(gzipSync(frame).byteLength / 1024).toFixed(0)} KiB gzip`,
    ]);
  }
  // The panel as the page renders it (every thread shown, in text order), with the placements one
  // resolution gives: what a team member's page costs to draw for 500 threads.
  const views = await readableThreads(db, await readerOf(db, "p", "d", analyst), "d");
  const placements = resolveAnchors(
    fragment,
    schema,
    views.map((v) => v.anchor),
  );
  const entries = views.map((thread, i) => ({ thread, placement: { ...placements[i]!, itemId: null } }));
  const i18n = createI18n("fr");
  const panel = () =>
    renderToString(
      createElement(
        I18nProvider,
        { i18n },
        createElement(AnnotationPanel, {
          entries,
          filter: { type: "all", visibility: "all", status: "all" },
          onFilterChange: () => {},
          showVisibilityFilter: true,
          actions: null,
        }),
      ),
    );
  const html = panel();
  const render = measure(Math.min(runs, 11), panel);
  rows.push([
    `render the panel (${views.length} threads, 3 messages each, server HTML)`,
    render.cpuMs.toFixed(2),
    render.wallMs.toFixed(2),
    `${(html.length / 1024).toFixed(0)} KiB HTML, ${(gzipSync(html).byteLength / 1024).toFixed(0)} KiB gzip`,
  ]);
  await db.close();
  console.log("\nServer: threads in SQLite (WAL, synchronous=FULL), views made per reader by the policy\n");
  const header = ["case", "CPU ms", "wall ms", "size"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
