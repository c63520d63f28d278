// The JavaScript a browser downloads to use a document's editor, measured from the build
// (`npm run build` first): every file from the client entry, the root, the process layout and the
// document route, following their static and dynamic imports (the editor is loaded on demand), with
// raw, gzip (level 9) and Brotli (quality 4, what the server's compression middleware sends) sizes.
// The interface strings are one chunk per language and a reader downloads one: the totals count the
// largest; a document page goes without the late part (app/core/i18n/late.ts), counted only "in all".
// Three totals: before hydration, before the editor is usable (with the editor chunk), and in all
// (with the deferred `*.lazy.tsx` chunks and the late strings). A benchmark, not a test: issue 14's target is at most 250 KB gzip in all.
//
//   npm run bench:bundle [-- --route routes/processes.$processId.documents.$documentId]
//
// What is inside: build with source maps (`npx remix build --sourcemap`, not for deployment: the maps
// would be served), then `npm run bench:bundle -- --by-package` adds each counted file's bytes by
// npm package (our own code by app/ folder), read from the maps. "gzip alone" compresses each
// package's bytes on their own, so it is an estimate (a package compresses better within its chunk).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const PUBLIC = new URL("../public/", import.meta.url).pathname;
const TARGET_KB = 250;
// app/core/i18n/generated/<language>.ts, imported on demand by the client entry (one of them per page).
const LANGUAGE_CHUNK = /\/_shared\/(en|fr)-[A-Z0-9]+\.js$/;
// generated/<language>-late.ts: the strings a document page does without (app/core/i18n/late.ts).
const LATE_CHUNK = /\/_shared\/(en|fr)-late-[A-Z0-9]+\.js$/;
// Modules named *.lazy.tsx are not needed for the editor to be usable: imported after hydration
// (components/deferred.tsx) or on a user action.
const LAZY_CHUNK = /\.lazy-[A-Z0-9]+\.js$/;
const routeArg = process.argv.indexOf("--route");
const ROUTE = routeArg > 0 ? process.argv[routeArg + 1]! : "routes/processes.$processId.documents.$documentId";
const BY_PACKAGE = process.argv.includes("--by-package");

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

interface Sizes {
  raw: number;
  gzip: number;
  br: number;
  stage: Stage;
}

type Stage = 0 | 1 | 2;

function readManifest(): Manifest {
  const file = readdirSync(join(PUBLIC, "build")).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("no build manifest: run `npm run build` first");
  const source = readFileSync(join(PUBLIC, "build", file), "utf8");
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as Manifest;
}

/** The files a module imports, statically or dynamically, resolved to /build/… paths. */
function importsOf(path: string, source: string): { path: string; dynamic: boolean }[] {
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  const out: { path: string; dynamic: boolean }[] = [];
  const resolve = (spec: string) => {
    if (spec.startsWith("/")) return spec;
    const parts = (dir + spec).split("/");
    const stack: string[] = [];
    for (const p of parts) {
      if (p === "..") stack.pop();
      else if (p !== ".") stack.push(p);
    }
    return stack.join("/");
  };
  for (const m of source.matchAll(/(?:import|export)\s*(?:[^"'`;]*?\bfrom\s*)?["']([^"']+\.js)["']/g)) out.push({ path: resolve(m[1]!), dynamic: false });
  for (const m of source.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) out.push({ path: resolve(m[1]!), dynamic: true });
  return out;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Source-map mappings: per generated line, [column, source index] of each segment (VLQ decoded). */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  const state = [0, 0, 0, 0, 0]; // column (reset per line), source, original line, original column, name
  for (const line of mappings.split(";")) {
    state[0] = 0;
    const segments: [number, number][] = [];
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      fields.forEach((delta, i) => {
        state[i]! += delta;
      });
      segments.push([state[0]!, fields.length > 1 ? state[1]! : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

/** The npm package of a source path, or our app/ folder (two levels) for our own code. */
function packageOf(source: string): string {
  const at = source.lastIndexOf("node_modules/");
  if (at < 0) {
    const app = source.indexOf("app/");
    return app < 0
      ? source
      : `app/${source
          .slice(app + 4)
          .split("/")
          .slice(0, 2)
          .join("/")}`;
  }
  const parts = source.slice(at + "node_modules/".length).split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Generated bytes of one built file by package, from its source map. */
function bytesByPackage(path: string): Map<string, string[]> {
  const file = join(PUBLIC, path.replace(/^\//, ""));
  const code = readFileSync(file, "utf8").split("\n");
  let map: { sources: string[]; mappings: string };
  try {
    map = JSON.parse(readFileSync(`${file}.map`, "utf8"));
  } catch {
    throw new Error(`no source map for ${path}: build with \`npx remix build --sourcemap\` first`);
  }
  const out = new Map<string, string[]>();
  decodeMappings(map.mappings).forEach((segments, lineIndex) => {
    const line = code[lineIndex] ?? "";
    segments.forEach(([column, source], i) => {
      const end = i + 1 < segments.length ? segments[i + 1]![0] : line.length;
      const key = source < 0 ? "(no source)" : packageOf(map.sources[source]!);
      const parts = out.get(key) ?? [];
      parts.push(line.slice(column, end));
      out.set(key, parts);
    });
  });
  return out;
}

function main() {
  const manifest = readManifest();
  const chain: ManifestRoute[] = [];
  for (let r: ManifestRoute | undefined = manifest.routes[ROUTE]; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) chain.unshift(r);
  if (!chain.length) throw new Error(`no route ${ROUTE} in the manifest`);
  const roots = [manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((r) => [r.module, ...(r.imports ?? [])])];
  // Each file at the earliest stage that reaches it: 0 at once (static imports of the entry and the
  // routes), 1 for the editor to be usable (dynamic imports: the editor), 2 deferred (a `*.lazy.tsx`
  // module: hydrated after the editing screen or imported on an action; the late strings, on leaving
  // the page). Relaxed until nothing moves earlier.
  const seen = new Map<string, Sizes>();
  const imports = new Map<string, { path: string; dynamic: boolean }[]>();
  const queue: { path: string; stage: Stage }[] = roots.map((path) => ({ path, stage: 0 }));
  while (queue.length) {
    const next = queue.shift()!;
    const known = seen.get(next.path);
    if (known && known.stage <= next.stage) continue;
    if (!known) {
      const source = readFileSync(join(PUBLIC, next.path.replace(/^\//, "")));
      seen.set(next.path, {
        raw: source.length,
        gzip: gzipSync(source, { level: 9 }).length,
        br: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length,
        stage: next.stage,
      });
      imports.set(next.path, importsOf(next.path, source.toString("utf8")));
    } else known.stage = next.stage;
    for (const i of imports.get(next.path)!) {
      const stage: Stage = !i.dynamic ? next.stage : LAZY_CHUNK.test(i.path) || LATE_CHUNK.test(i.path) ? 2 : (Math.max(next.stage, 1) as Stage);
      queue.push({ path: i.path, stage: Math.max(stage, next.stage) as Stage });
    }
  }
  const rows = [...seen.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const STAGES = ["at once", "on demand", "deferred"];
  const loaded = (path: string, s: Sizes) =>
    LANGUAGE_CHUNK.test(path)
      ? `one language (${LANGUAGE_CHUNK.exec(path)![1]})`
      : LATE_CHUNK.test(path)
        ? `one language (${LATE_CHUNK.exec(path)![1]}), on leaving`
        : STAGES[s.stage]!;
  console.log(`JavaScript of ${ROUTE} (${chain.map((r) => r.id).join(" → ")}), from public/build:`);
  console.log("");
  console.log("| file | loaded | raw | gzip | br |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [path, s] of rows) console.log(`| ${path.replace(/^\/build\//, "")} | ${loaded(path, s)} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.br)} |`);
  // A reader downloads one language's strings: count the largest, not all of them (for each part).
  const largest = (pattern: RegExp) =>
    rows
      .filter(([path]) => pattern.test(path))
      .reduce<string | null>((best, [path, s]) => (best === null || s.gzip > seen.get(best)!.gzip ? path : best), null);
  const largestLanguage = largest(LANGUAGE_CHUNK);
  const largestLate = largest(LATE_CHUNK);
  const counted = rows.filter(([path]) => (!LANGUAGE_CHUNK.test(path) || path === largestLanguage) && (!LATE_CHUNK.test(path) || path === largestLate));
  const sum = (pick: (path: string, s: Sizes) => boolean) =>
    counted
      .filter(([path, s]) => pick(path, s))
      .reduce((acc, [, s]) => ({ raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip, br: acc.br + s.br }), { raw: 0, gzip: 0, br: 0 });
  // The language chunk is imported by the entry and preloaded by the root: it is part of the first load.
  const atOnce = sum((path, s) => s.stage === 0 || path === largestLanguage);
  const usable = sum((path, s) => s.stage <= 1 || path === largestLanguage);
  const all = sum(() => true);
  const language = largestLanguage ? ` (strings: ${LANGUAGE_CHUNK.exec(largestLanguage)![1]}, the larger language)` : "";
  console.log(`| **loaded at once, before hydration**${language} | | ${kb(atOnce.raw)} | ${kb(atOnce.gzip)} | ${kb(atOnce.br)} |`);
  console.log(`| **before the editor is usable** (with the editor chunk) | | ${kb(usable.raw)} | ${kb(usable.gzip)} | ${kb(usable.br)} |`);
  console.log(`| **in all** (with the deferred chunks and the late strings) | | ${kb(all.raw)} | ${kb(all.gzip)} | ${kb(all.br)} |`);
  console.log("");
  const verdict = (n: number) => (n / 1024 <= TARGET_KB ? "met" : `not met (${kb(n - TARGET_KB * 1024)} over)`);
  console.log(`Target: at most ${TARGET_KB} KB gzip in all — ${verdict(all.gzip)}; before the editor is usable — ${verdict(usable.gzip)}.`);
  if (!BY_PACKAGE) return;
  // Every counted file's bytes, by package (the files a package is spread over are summed).
  const byPackage = new Map<string, { parts: string[]; files: Set<string> }>();
  for (const [path] of counted) {
    for (const [name, parts] of bytesByPackage(path)) {
      const entry = byPackage.get(name) ?? { parts: [], files: new Set<string>() };
      entry.parts.push(...parts);
      entry.files.add(path.replace(/^\/build\//, "").replace(/-[A-Z0-9]+\.js$/, ""));
      byPackage.set(name, entry);
    }
  }
  const packages = [...byPackage.entries()]
    .map(([name, { parts, files }]) => {
      const text = parts.join("");
      return { name, raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, files: [...files].join(", ") };
    })
    .sort((a, b) => b.raw - a.raw);
  console.log("");
  console.log("| package | raw | gzip alone | in |");
  console.log("| --- | --- | --- | --- |");
  for (const p of packages) console.log(`| ${p.name} | ${kb(p.raw)} | ${kb(p.gzip)} | ${p.files} |`);
}

main();
