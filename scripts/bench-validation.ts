// Validation cost for a 200-item roadmap: what the browser pays on every (debounced) change.
// Measures validate() alone and, as the editor does it, getJSON-equivalent + validate + outline,
// and the server path (stored Yjs state → ProseMirror JSON → validate).
//   npm run bench:validation [-- --items 200 --runs 500]
import { performance } from "node:perf_hooks";
import { DEFAULT_CATEGORIES } from "../app/core/categories.js";
import { DOMAINS } from "../app/core/domains.js";
import { getTemplate } from "../app/core/templates.js";
import { validate, type JsonNode } from "../app/core/validation.js";
import { outline } from "../app/editor/outline.js";
import { createDocumentCodec } from "../server/content/document-codec.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const ITEMS = arg("items", 200);
const RUNS = arg("runs", 500);

/** A realistic roadmap: 8 sections, items of every domain, a few missing fields (so rules fire). */
function roadmap(items: number): JsonNode {
  const content: JsonNode[] = [];
  const perSection = Math.ceil(items / 8);
  for (let i = 0; i < items; i++) {
    if (i % perSection === 0)
      content.push({ type: "sectionTitle", attrs: { key: `s${i}` }, content: [{ type: "text", text: `Section ${i / perSection + 1}` }] });
    const domain = DOMAINS[i % DOMAINS.length];
    content.push({
      type: "roadmapItem",
      attrs: {
        id: `item-${i}`,
        domain,
        responsibleParties:
          i % 17 === 0
            ? []
            : [
                { type: "category", ref: DEFAULT_CATEGORIES[i % DEFAULT_CATEGORIES.length].key },
                { type: "actor", name: "Comité local" },
              ],
        timeframe: i % 23 === 0 ? "" : "Sous 3 mois",
        indicators: ["Indicateur 1", "Indicateur 2"],
        status: "planned",
      },
      content: [
        { type: "itemTitle", content: i % 31 === 0 ? undefined : [{ type: "text", text: `Point ${i}: rouvrir la route Anéfis–Kidal` }] },
        {
          type: "paragraph",
          content: [{ type: "text", text: "Texte du point, avec des détails sur les engagements des parties et le calendrier. ".repeat(3) }],
        },
      ],
    });
  }
  return { type: "doc", content };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

function measure(label: string, fn: () => unknown) {
  for (let i = 0; i < 50; i++) fn(); // warm-up (JIT)
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const s = stats(samples);
  console.log(`${label.padEnd(58)} median ${s.median.toFixed(3)} ms   p95 ${s.p95.toFixed(3)} ms   max ${s.max.toFixed(3)} ms`);
}

const template = getTemplate("roadmap-anefis")!;
const categories = DEFAULT_CATEGORIES.map((c) => ({ ref: c.key, key: c.key }));
const doc = roadmap(ITEMS);
const codec = createDocumentCodec();
const stored = codec.encode(doc);

console.log(`Validation of a ${ITEMS}-item roadmap (${doc.content!.length} top-level blocks), ${RUNS} runs, Node ${process.version}`);
console.log(`findings: ${validate(template, doc, categories).length}; stored state: ${(stored.byteLength / 1024).toFixed(1)} KiB`);
measure("validate()", () => validate(template, doc, categories));
measure("validate() + outline() (the editor's debounced pass)", () => {
  validate(template, doc, categories);
  outline(doc);
});
measure("JSON.parse(JSON.stringify(doc)) + validate (≈ getJSON cost)", () => validate(template, JSON.parse(JSON.stringify(doc)) as JsonNode, categories));
measure("server: stored Yjs state → JSON → validate()", () => validate(template, codec.decode([stored]), categories));
