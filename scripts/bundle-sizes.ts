// The JavaScript a browser downloads to use a document's editor, measured from the build
// (`npm run build` first): every file from the client entry, the root, the process layout and the
// document route, following their static and dynamic imports (the editor is loaded on demand), with
// raw, gzip (level 9) and Brotli (quality 4, what the server's compression middleware sends) sizes.
// The interface strings are one chunk per language and a reader downloads one: the totals count the
// largest. A benchmark, not a test: issue 14's target is at most 250 KB gzip in all.
//
//   npm run bench:bundle [-- --route routes/processes.$processId.documents.$documentId]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const PUBLIC = new URL("../public/", import.meta.url).pathname;
const TARGET_KB = 250;
// app/core/i18n/generated/<language>.ts, imported on demand by the client entry (one of them per page).
const LANGUAGE_CHUNK = /\/_shared\/(en|fr)-[A-Z0-9]+\.js$/;
const routeArg = process.argv.indexOf("--route");
const ROUTE = routeArg > 0 ? process.argv[routeArg + 1]! : "routes/processes.$processId.documents.$documentId";

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
  dynamic: boolean;
}

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

function main() {
  const manifest = readManifest();
  const chain: ManifestRoute[] = [];
  for (let r: ManifestRoute | undefined = manifest.routes[ROUTE]; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) chain.unshift(r);
  if (!chain.length) throw new Error(`no route ${ROUTE} in the manifest`);
  const roots = [manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((r) => [r.module, ...(r.imports ?? [])])];
  const seen = new Map<string, Sizes>();
  const queue: { path: string; dynamic: boolean }[] = roots.map((path) => ({ path, dynamic: false }));
  while (queue.length) {
    const next = queue.shift()!;
    const known = seen.get(next.path);
    if (known) {
      if (!next.dynamic) known.dynamic = false;
      continue;
    }
    const source = readFileSync(join(PUBLIC, next.path.replace(/^\//, "")));
    seen.set(next.path, {
      raw: source.length,
      gzip: gzipSync(source, { level: 9 }).length,
      br: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length,
      dynamic: next.dynamic,
    });
    for (const i of importsOf(next.path, source.toString("utf8"))) queue.push({ path: i.path, dynamic: next.dynamic || i.dynamic });
  }
  const rows = [...seen.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const loaded = (path: string, s: Sizes) =>
    LANGUAGE_CHUNK.test(path) ? `one language (${LANGUAGE_CHUNK.exec(path)![1]})` : s.dynamic ? "on demand" : "at once";
  console.log(`JavaScript of ${ROUTE} (${chain.map((r) => r.id).join(" → ")}), from public/build:`);
  console.log("");
  console.log("| file | loaded | raw | gzip | br |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [path, s] of rows) console.log(`| ${path.replace(/^\/build\//, "")} | ${loaded(path, s)} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.br)} |`);
  // A reader downloads one language's strings: count the largest, not all of them.
  const languages = rows.filter(([path]) => LANGUAGE_CHUNK.test(path));
  const largestLanguage = languages.reduce<string | null>((best, [path, s]) => (best === null || s.gzip > seen.get(best)!.gzip ? path : best), null);
  const counted = rows.filter(([path]) => !LANGUAGE_CHUNK.test(path) || path === largestLanguage);
  const sum = (pick: (path: string, s: Sizes) => boolean) =>
    counted
      .filter(([path, s]) => pick(path, s))
      .reduce((acc, [, s]) => ({ raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip, br: acc.br + s.br }), { raw: 0, gzip: 0, br: 0 });
  // The language chunk is imported by the entry and preloaded by the root: it is part of the first load.
  const atOnce = sum((path, s) => !s.dynamic || path === largestLanguage);
  const all = sum(() => true);
  const language = largestLanguage ? ` (strings: ${LANGUAGE_CHUNK.exec(largestLanguage)![1]}, the larger language)` : "";
  console.log(`| **loaded at once, before hydration**${language} | | ${kb(atOnce.raw)} | ${kb(atOnce.gzip)} | ${kb(atOnce.br)} |`);
  console.log(`| **in all (the editor usable)**${language} | | ${kb(all.raw)} | ${kb(all.gzip)} | ${kb(all.br)} |`);
  console.log("");
  console.log(`Target: at most ${TARGET_KB} KB gzip in all — ${all.gzip / 1024 <= TARGET_KB ? "met" : `not met (${kb(all.gzip - TARGET_KB * 1024)} over)`}.`);
}

main();
