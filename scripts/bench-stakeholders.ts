// What the stakeholder map costs to render on the server with 500 actors (issue 13: target
// < 100 ms median). Realistic actors: names, categories, communities, governance functions,
// illicit links, and about one in six represented by one of 12 representatives.
//
// 1. End to end, on the real built server (`npm run build` first) with a real SQLite file: GET of
//    the actors table (/processes/:p/stakeholders, if that route is in this build), the Map view
//    (/processes/:p/stakeholders/map) and the two exports; 30 timed requests each after a warm-up,
//    one at a time, wall time seen by the client (the whole HTML document, root layout included).
// 2. In this process, the pure parts of the Map view: the layout of the 500 actors, and that plus
//    React's server rendering of the SVG (renderToStaticMarkup); and the CSV; 200 runs each.
// Prints markdown tables.
//
//   npm run bench:stakeholders [-- --actors 500 --requests 30 --write /tmp]   (--write: keep the map page and both files there)
//   ONLY="table page" BENCH_SERVER_PROFILE=/tmp/prof npm run bench:stakeholders   (one request kind; a CPU profile of the server)
// Server CPU per request is read from /proc/<pid>/stat of the server process (all its threads).
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { mapTexts, StakeholderMapSvg, stakeholderMapSvgFile } from "../app/components/stakeholders/map-svg.js";
import { DEFAULT_CATEGORIES } from "../app/core/categories.js";
import { translator } from "../app/core/i18n/index.js";
import { csvLabels, stakeholderCsv } from "../app/core/stakeholders/csv.js";
import { layoutStakeholderMap, mapOfTableView } from "../app/core/stakeholders/map-layout.js";
import { DEFAULT_QUERY } from "../app/core/stakeholders/table.js";
import { GOVERNANCE_FUNCTIONS, type GovernanceFunction, type IllicitLink, isRepresented, type StakeholderActor } from "../app/core/stakeholders/types.js";
import { openDatabase } from "../app/storage/database.server.js";
import { HttpClient } from "../test/support/http.js";
import { freePort, startProcess, stopProcess } from "./bench-support.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ACTORS = arg("actors", 500);
const REQUESTS = arg("requests", 30);
const WARMUP = 5;
const RUNS = 200;
const REPRESENTATIVES = 12;
const OUT = process.argv.includes("--write") ? process.argv[process.argv.indexOf("--write") + 1] : null;

/** Seeded (mulberry32): the same map on every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(13);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
/** Scores lean to the middle, as analysts' do. */
const score = () => Math.min(5, Math.max(1, Math.round(1 + random() * 2 + random() * 2)));

const PLACES = ["Ber", "Tombouctou", "Gao", "Kidal", "Tessalit", "Anéfis", "Ménaka", "Léré", "Goundam", "Niafunké", "Bourem", "Ansongo", "Aguelhok", "Rharous"];
const COMMUNITIES = ["Kel Ansar", "Songhaï", "Peul", "Arabe (Bérabiche)", "Imghad", "Ifoghas", "Daoussak", "Bambara", "Bozo", "Kounta"];
const GROUPS: [string, string][] = [
  ["customary_authorities", "Chefferie de {place}"],
  ["customary_authorities", "Conseil des notables de {place}"],
  ["religious_leaders", "Imam de la grande mosquée de {place}"],
  ["religious_leaders", "Cadi de {place}"],
  ["youth", "Association des jeunes de {place}"],
  ["youth", "Comité de vigilance des jeunes de {place}"],
  ["women", "Groupement des femmes de {place}"],
  ["women", "Coopérative des femmes maraîchères de {place}"],
  ["armed_movements", "Fraction armée de {place}"],
  ["armed_movements", "Groupe d'autodéfense de {place}"],
  ["local_administration", "Conseil communal de {place}"],
  ["local_administration", "Préfecture de {place}"],
  ["economic_actors", "Transporteurs de la route {place}–{other}"],
  ["economic_actors", "Commerçants du marché de {place}"],
  ["economic_actors", "Éleveurs transhumants de {place}"],
  ["civil_society", "Radio communautaire de {place}"],
  ["displaced_people", "Déplacés de {place} à {other}"],
];
const PERSONS = [
  "Mohamed Ag Intalla",
  "Fatoumata Maïga",
  "Oumar Touré",
  "Aminata Cissé",
  "Alhassane Ag Acharatoumane",
  "Mariam Walet Mohamed",
  "Hamadoun Dicko",
];

interface Generated {
  name: string;
  kind: "group" | "person";
  category: string | null;
  community: string | null;
  functions: GovernanceFunction[];
  illicit: IllicitLink;
  illicitSource: string | null;
  influence: number;
  legitimacy: number;
  notes: string | null;
  representative: number | null;
  sources: string | null;
}

function generate(count: number): Generated[] {
  return Array.from({ length: count }, (_, i) => {
    const person = random() < 0.15;
    const [category, pattern] = person ? [pick(DEFAULT_CATEGORIES).key, `${pick(PERSONS)} ({place})`] : pick(GROUPS);
    const place = pick(PLACES);
    const name = `${pattern.replace("{place}", place).replace("{other}", pick(PLACES))}${i >= 200 ? ` ${Math.floor(i / 200) + 1}` : ""}`.slice(0, 120);
    const illicit: IllicitLink = random() < 0.8 ? "none" : random() < 0.6 ? "alleged" : "established";
    return {
      name,
      kind: person ? "person" : "group",
      category: random() < 0.06 ? null : category,
      community: random() < 0.2 ? null : pick(COMMUNITIES),
      functions: GOVERNANCE_FUNCTIONS.filter(() => random() < 0.25),
      illicit,
      illicitSource: illicit === "none" ? null : `Entretiens à ${place}, rapport du groupe d'experts ${2020 + Math.floor(random() * 6)}`,
      influence: score(),
      legitimacy: score(),
      notes: random() < 0.5 ? `Reconnu par une partie de la population de ${place}; contesté par les ${pick(COMMUNITIES)}.` : null,
      representative: random() < 0.17 ? Math.floor(random() * REPRESENTATIVES) : null,
      sources: random() < 0.7 ? `Entretiens, ${pick(["janvier", "mars", "juin", "octobre"])} 2026` : null,
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

function time(fn: () => unknown, runs = RUNS): number[] {
  for (let i = 0; i < 10; i++) fn();
  return Array.from({ length: runs }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  });
}

/** User + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at ")": utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main() {
  const actors = generate(ACTORS);

  // --- 1. End to end, on the real built server ----------------------------------------------
  const dir = mkdtempSync(join(tmpdir(), "bench-stakeholders-"));
  const dbPath = join(dir, "bench.db");
  const port = await freePort();
  const server = await startProcess(
    [...(process.env.BENCH_SERVER_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : []), "--import", "tsx", "server/index.ts"],
    { DATABASE_PATH: dbPath, PORT: String(port), HOST: "127.0.0.1", OPEN_SIGNUP: "true", NODE_ENV: process.env.NODE_ENV ?? "production" },
    /"listening"/,
  );
  const url = `http://127.0.0.1:${port}`;
  // The server's own figure for each request (its log line: from the request's arrival to the last
  // byte handed to the socket), beside the client's wall time, which also counts the client's work.
  const served: number[] = [];
  let pending = "";
  server.stdout!.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { msg?: string; method?: string; ms?: number };
        if (entry.msg === "request" && entry.method === "GET" && typeof entry.ms === "number") served.push(entry.ms);
      } catch {
        /* not a log line */
      }
    }
  });
  let processId = "";
  try {
    const fac = new HttpClient(url);
    const password = "correct horse battery staple";
    const signup = async (client: HttpClient, name: string, extra: Record<string, string> = {}) => {
      const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomUUID().slice(0, 8)}@example.org`;
      const res = await client.post(extra.invitation ? `/signup?invitation=${extra.invitation}` : "/signup", {
        email,
        displayName: name,
        password,
        preferredLanguage: "fr",
        redirectTo: "/",
        ...extra,
      });
      if (res.status !== 302) throw new Error(`signup answered ${res.status}`);
      return email;
    };
    await signup(fac, "Ibrahim Maïga");
    const created = await fac.post("/processes/new", {
      title: "Dialogue de Ber",
      locality: "Ber",
      region: "Tombouctou",
      description: "",
      languages: ["fr", "en"],
    });
    processId = /^\/processes\/([0-9a-f-]{36})$/.exec(created.headers.get("location") ?? "")?.[1] ?? "";
    if (!processId) throw new Error(`creating the process answered ${created.status}`);

    // Setup only: representatives join through real invitations; the 500 actors go straight into
    // the SQLite file in one transaction (the actor form would take 500 posts and is not what is
    // measured here).
    const db = openDatabase(dbPath);
    const categoryIds = new Map(
      (db.prepare("SELECT id, key FROM stakeholder_categories WHERE process_id = ?").all(processId) as { id: string; key: string }[]).map((c) => [c.key, c.id]),
    );
    const representativeIds: string[] = [];
    for (let r = 0; r < REPRESENTATIVES; r++) {
      const category = DEFAULT_CATEGORIES[r % DEFAULT_CATEGORIES.length]!.key;
      const page = await fac.post(`/processes/${processId}/invitations`, {
        intent: "invite",
        role: "representative",
        categoryId: categoryIds.get(category)!,
        affiliation: pick(COMMUNITIES),
      });
      const token = /\/invite\/([a-z2-7]{32})/.exec(await page.text())?.[1];
      if (!token) throw new Error(`inviting answered ${page.status}`);
      const member = new HttpClient(url);
      const email = await signup(member, `Représentant ${r + 1}`, { invitation: token, redirectTo: `/invite/${token}` });
      const joined = await member.post(`/invite/${token}`, {});
      if (joined.status !== 302) throw new Error(`joining answered ${joined.status}`);
      representativeIds.push((db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string }).id);
    }
    const facilitatorId = (
      db.prepare("SELECT user_id FROM process_members WHERE process_id = ? AND role = 'facilitator'").get(processId) as { user_id: string }
    ).user_id;
    const insert = db.prepare(
      `INSERT INTO stakeholder_actors (id, process_id, name, kind, category_id, community, functions, illicit_link, illicit_source,
         influence, legitimacy, legitimacy_notes, representation_note, sources, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
    );
    const link = db.prepare("INSERT INTO stakeholder_actor_members (actor_id, user_id) VALUES (?, ?)");
    db.transaction(() => {
      const now = Date.now();
      for (const a of actors) {
        const id = randomUUID();
        insert.run(
          id,
          processId,
          a.name,
          a.kind,
          a.category ? categoryIds.get(a.category)! : null,
          a.community,
          JSON.stringify(a.functions),
          a.illicit,
          a.illicitSource,
          a.influence,
          a.legitimacy,
          a.notes,
          a.sources,
          facilitatorId,
          now,
          facilitatorId,
          now,
        );
        if (a.representative !== null) link.run(id, representativeIds[a.representative]!);
      }
    })();
    db.close();

    const base = `/processes/${processId}/stakeholders`;
    const targets: [string, string][] = [
      ["table page", base],
      ["map page", `${base}/map`],
      ["map page, filtered (not represented)", `${base}/map?represented=no`],
      ["CSV export", `${base}/export?format=csv`],
      ["SVG export", `${base}/export?format=svg`],
    ];
    console.log(
      `stakeholder map benchmark: ${ACTORS} actors, ${REPRESENTATIVES} representatives (node ${process.version}, NODE_ENV=${process.env.NODE_ENV ?? "production"})`,
    );
    console.log("");
    console.log(`End to end on the built server, ${REQUESTS} sequential GETs after ${WARMUP} warm-up requests:`);
    console.log("");
    console.log("| request | status | size | server CPU per request | server median | server p90 | client median | client p90 | target |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const [label, path] of targets.filter(([l]) => !process.env.ONLY || l === process.env.ONLY)) {
      const first = await fac.get(path);
      const firstBody = await first.arrayBuffer();
      if (first.status === 404 && label === "table page") {
        console.log(`| ${label} | 404 | – | skipped: the table route is not in this build | | | | |`);
        continue;
      }
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
      if (OUT)
        writeFileSync(
          join(OUT, `bench-stakeholders-${label.replace(/\W+/g, "-")}.${path.includes("csv") ? "csv" : path.includes("svg") ? "svg" : "html"}`),
          Buffer.from(firstBody),
        );
      for (let i = 0; i < WARMUP; i++) await (await fac.get(path)).arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
      served.length = 0;
      const times: number[] = [];
      const cpuBefore = processCpuMs(server.pid!);
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        const res = await fac.get(path);
        await res.arrayBuffer();
        times.push(performance.now() - t0);
      }
      // CPU the server process spent (all its threads), read from outside: what rendering costs,
      // whatever this shared machine's scheduler does to wall time.
      const cpuPerRequest = (processCpuMs(server.pid!) - cpuBefore) / REQUESTS;
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (served.length !== REQUESTS) throw new Error(`expected ${REQUESTS} log lines of the server, read ${served.length}`);
      const target = label.includes("page") ? "< 100 ms" : "";
      console.log(
        `| ${label} | ${first.status} | ${(firstBody.byteLength / 1024).toFixed(0)} KB | ${ms(cpuPerRequest)} | ${ms(median(served))} | ${ms(p90(served))} | ${ms(median(times))} | ${ms(p90(times))} | ${target} |`,
      );
    }
  } finally {
    await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }

  // --- 2. In this process: the pure parts ----------------------------------------------------
  const t = translator("fr");
  const categories = DEFAULT_CATEGORIES.map((c) => ({ id: c.key, label: c.fr }));
  const full: StakeholderActor[] = actors.map((a, i) => ({
    id: `actor-${i}`,
    processId: "p",
    name: a.name,
    kind: a.kind,
    categoryId: a.category,
    community: a.community,
    functions: a.functions,
    illicitLink: a.illicit,
    illicitSource: a.illicitSource,
    influence: a.influence as StakeholderActor["influence"],
    legitimacy: a.legitimacy as StakeholderActor["legitimacy"],
    legitimacyNotes: a.notes,
    representatives: a.representative === null ? [] : [{ userId: `u${a.representative}`, displayName: `Représentant ${a.representative + 1}` }],
    representationNote: null,
    sources: a.sources,
    createdAt: 0,
    updatedAt: 0,
    updatedByName: "Analyste",
  }));
  const labels = {
    noCategory: t("stakeholders.choices.noCategory"),
    represented: t("stakeholders.choices.represented.yes"),
    notRepresented: t("stakeholders.choices.represented.no"),
  };
  const mapActors = full.map((a) => ({ ...a, represented: isRepresented(a) }));
  const layoutOnly = time(() => layoutStakeholderMap({ actors: mapActors, categories, labels }));
  const svg = time(() => {
    const { layout } = mapOfTableView(full, categories, DEFAULT_QUERY, labels);
    return renderToStaticMarkup(
      createElement(StakeholderMapSvg, { layout, texts: mapTexts(t, "Dialogue de Ber", layout.key.length, layout.total), language: "fr" }),
    );
  });
  const { layout } = mapOfTableView(full, categories, DEFAULT_QUERY, labels);
  const documentRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await stakeholderMapSvgFile(t, { layout, language: "fr", processTitle: "Dialogue de Ber", exportedAt: Date.now(), filters: "" });
    documentRuns.push(performance.now() - t0);
  }
  const csv = time(() => stakeholderCsv(full, csvLabels(t, categories)));
  console.log("");
  console.log(`In process, ${RUNS} runs after a warm-up:`);
  console.log("");
  console.log("| step | median | p90 |");
  console.log("| --- | --- | --- |");
  console.log(`| layout of ${ACTORS} actors | ${ms(median(layoutOnly))} | ${ms(p90(layoutOnly))} |`);
  console.log(`| filter + layout + renderToStaticMarkup of the SVG | ${ms(median(svg))} | ${ms(p90(svg))} |`);
  console.log(`| SVG file of the export (drawing + numbered key, worded) | ${ms(median(documentRuns))} | ${ms(p90(documentRuns))} |`);
  console.log(`| CSV of ${ACTORS} actors | ${ms(median(csv))} | ${ms(p90(csv))} |`);
}

await main();
