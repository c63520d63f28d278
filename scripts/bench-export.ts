// Benchmark: exporting a 200-item roadmap in each format, from stored Yjs state to file bytes
// (decode through the shared schema, build the model, render), as the export route does.
// Prints the first (cold) call, then the median and spread of wall and CPU time over warm runs.
// Targets (issue 11): DOCX < 1 s, PDF < 2 s, Markdown < 100 ms on this machine.
//
//   npm run bench:export [-- --items 200 --runs 11 --write /tmp]   (--write: keep one file of each format there)
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createDocumentCodec } from "../server/content/document-codec.js";
import { buildExportModel, type BuildInput, type PmNode } from "../app/domain/exports/build.server.js";
import { renderExport } from "../app/domain/exports/export.server.js";
import type { ExportFormat } from "../app/core/exports.js";
import type { ExportModel } from "../app/domain/exports/model.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg("items", 200);
const RUNS = arg("runs", 11);
const OUT = process.argv.includes("--write") ? process.argv[process.argv.indexOf("--write") + 1] : null;

const DOMAINS = ["governance", "development", "security", "reconciliation", "land"];

function roadmap(items: number): PmNode {
  const content: PmNode[] = [];
  for (let i = 0; i < items; i++) {
    if (i % 20 === 0)
      content.push({
        type: "sectionTitle",
        attrs: { key: null },
        content: [{ type: "text", text: `Axe ${i / 20 + 1} — gouvernance locale et développement` }],
      });
    content.push({
      type: "roadmapItem",
      attrs: {
        id: `item-${i}`,
        domain: DOMAINS[i % DOMAINS.length],
        responsibleParties: [
          { type: "category", ref: "local_administration" },
          { type: "category", ref: "women" },
          { type: "actor", name: i % 7 === 0 ? "محمد أغ عثمان" : "Comité de suivi de Tessalit" },
        ],
        timeframe: "Premier semestre 2027",
        indicators: ["Nombre de comités réunis", "Part des femmes et des jeunes ≥ 30 %"],
        status: "planned",
      },
      content: [
        { type: "itemTitle", content: [{ type: "text", text: `Point ${i + 1} : réouverture du marché hebdomadaire et sécurité des routes` }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Les autorités coutumières, les " },
            { type: "text", text: "associations de femmes", marks: [{ type: "bold" }] },
            { type: "text", text: " et les jeunes désignent ensemble un comité de gestion, qui rend compte chaque mois à la population réunie." },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Réhabiliter le forage de Tin-Essako" }] }] },
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Former douze gestionnaires" }] }] },
          ],
        },
      ],
    });
  }
  return { type: "doc", content };
}

const codec = createDocumentCodec();
const state = codec.encode(roadmap(ITEMS) as never);
const hash = "a3f91c0277de0b41c9d2e5f60718293a4b5c6d7e8f901a2b3c4d5e6f70819203";

function model(format: ExportFormat): ExportModel {
  const input: BuildInput = {
    language: "fr",
    format,
    process: { title: "Dialogue de Tessalit", locality: "Tessalit", region: "Kidal" },
    document: { title: "Feuille de route de Tessalit", kind: "roadmap", status: "in_signoff", revision: 1 },
    version: { kind: "frozen", round: 1, hash },
    json: codec.decode([state]),
    categories: [
      { ref: "local_administration", key: "local_administration", labelEn: null, labelFr: null },
      { ref: "women", key: "women", labelEn: null, labelFr: null },
    ],
    rounds: [
      {
        id: "r1",
        number: 1,
        status: "open",
        versionHash: hash,
        openedAt: Date.now(),
        openedByName: "Ibrahim Maïga",
        closedAt: null,
        closedByName: null,
        closeReason: null,
        categories: ["youth", "women", "customary_authorities", "local_administration"].map((key) => ({
          categoryId: key,
          source: "template" as const,
          inPerson: false,
          key,
          labelEn: null,
          labelFr: null,
          state: "pending" as const,
          decisions: [],
        })),
        decisions: [],
        lastDecisionId: 0,
        evaluation: { categories: [], satisfied: 0, required: 4, ruleSatisfied: false },
      },
    ],
    notes: null,
    now: Date.now(),
  };
  return buildExportModel(input);
}

async function once(format: ExportFormat): Promise<{ wall: number; cpu: number; bytes: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await renderExport(format, model(format));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, bytes: bytes.byteLength };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

console.log(`export benchmark: ${ITEMS}-item roadmap, ${RUNS} warm runs per format (node ${process.version})`);
console.log("| format | first call | median wall | min–max wall | median CPU | file size | target |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
const targets: Record<ExportFormat, string> = { md: "< 100 ms", docx: "< 1 s", pdf: "< 2 s", signatures: "(none)" };
for (const format of ["md", "docx", "pdf", "signatures"] as ExportFormat[]) {
  const first = await once(format);
  if (OUT) writeFileSync(`${OUT}/bench-export.${format === "signatures" ? "signatures.pdf" : format}`, await renderExport(format, model(format)));
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(format));
  const walls = runs.map((r) => r.wall);
  console.log(
    `| ${format} | ${ms(first.wall)} | ${ms(median(walls))} | ${ms(Math.min(...walls))}–${ms(Math.max(...walls))} | ${ms(median(runs.map((r) => r.cpu)))} | ${(first.bytes / 1024).toFixed(0)} KB | ${targets[format]} |`,
  );
}
