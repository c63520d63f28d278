// The JavaScript a browser downloads to use a document's editor, measured from the build
// (`npm run build` first): every file from the client entry, the root, the process layout and the
// document route, following their static and dynamic imports (the editor is loaded on demand), with
// raw and gzip sizes. A benchmark, not a test: issue 14's target is at most 250 KB gzip in all.
//
//   npm run bench:bundle [-- --route routes/processes.$processId.documents.$documentId]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const PUBLIC = new URL("../public/", import.meta.url).pathname;
const TARGET_KB = 250;
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
  const seen = new Map<string, { raw: number; gzip: number; dynamic: boolean }>();
  const queue: { path: string; dynamic: boolean }[] = roots.map((path) => ({ path, dynamic: false }));
  while (queue.length) {
    const next = queue.shift()!;
    const known = seen.get(next.path);
    if (known) {
      if (!next.dynamic) known.dynamic = false;
      continue;
    }
    const source = readFileSync(join(PUBLIC, next.path.replace(/^\//, "")));
    seen.set(next.path, { raw: source.length, gzip: gzipSync(source, { level: 9 }).length, dynamic: next.dynamic });
    for (const i of importsOf(next.path, source.toString("utf8"))) queue.push({ path: i.path, dynamic: next.dynamic || i.dynamic });
  }
  const rows = [...seen.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`JavaScript of ${ROUTE} (${chain.map((r) => r.id).join(" → ")}), from public/build:`);
  console.log("");
  console.log("| file | loaded | raw | gzip |");
  console.log("| --- | --- | --- | --- |");
  for (const [path, s] of rows) console.log(`| ${path.replace(/^\/build\//, "")} | ${s.dynamic ? "on demand" : "at once"} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
  const sum = (pick: (s: { raw: number; gzip: number; dynamic: boolean }) => boolean) =>
    rows.filter(([, s]) => pick(s)).reduce((acc, [, s]) => ({ raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip }), { raw: 0, gzip: 0 });
  const atOnce = sum((s) => !s.dynamic);
  const all = sum(() => true);
  console.log(`| **loaded at once** | | ${kb(atOnce.raw)} | ${kb(atOnce.gzip)} |`);
  console.log(`| **in all (the editor usable)** | | ${kb(all.raw)} | ${kb(all.gzip)} |`);
  console.log("");
  console.log(`Target: at most ${TARGET_KB} KB gzip in all — ${all.gzip / 1024 <= TARGET_KB ? "met" : `not met (${kb(all.gzip - TARGET_KB * 1024)} over)`}.`);
}

main();
