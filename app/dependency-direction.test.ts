// The direction of dependencies, checked on every import of every file under app/ (tests
// included): the browser and the domain never reach into the Node server, and each layer only
// looks down (docs/decisions/036-storage-boundary.md):
//
//   server/ ──▶ app/routes, app/components, app/editor ──▶ app/domain ──▶ app/storage
//                                      └──────────────▶ app/core ◀──────┘
//
// - app/ imports nothing from server/ or scripts/ (the collab server, the HTTP glue and the
//   benchmarks build on the app, not the other way round); only tests import test/support.
// - app/domain imports no route, component or editor module, and storage imports no domain.
// - app/core (policy, schema, canonical hashing, strings) is pure: it imports no domain, storage,
//   route, component or editor module, so the browser and the server share it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

// Static imports and re-exports (including `import type`), side-effect imports and dynamic
// imports. Specifiers of packages are not followed: only the project's own files matter here.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

interface Edge {
  from: string;
  to: string;
}

function edges(): Edge[] {
  const result: Edge[] = [];
  for (const file of sourceFiles(join(ROOT, "app"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1]!;
      let target: string;
      if (specifier.startsWith("~/")) target = join(ROOT, "app", specifier.slice(2));
      else if (specifier.startsWith(".")) target = resolve(dirname(file), specifier);
      else continue;
      result.push({ from: relative(ROOT, file), to: relative(ROOT, target) });
    }
  }
  return result;
}

const isTest = (path: string) => /\.test\.tsx?$/.test(path);
const under = (path: string, ...dirs: string[]) => dirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
const show = (list: Edge[]) => list.map((e) => `${e.from} → ${e.to}`);

describe("dependency direction", () => {
  const all = edges();

  it("reads the project's imports (the check is not empty)", () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((e) => under(e.from, "app/domain") && under(e.to, "app/storage"))).toBe(true);
  });

  it("app/ imports nothing from server/ or scripts/, and only tests use test/", () => {
    expect(show(all.filter((e) => under(e.to, "server", "scripts")))).toEqual([]);
    expect(show(all.filter((e) => under(e.to, "test") && !isTest(e.from)))).toEqual([]);
  });

  it("the domain imports no route, component or editor module; storage imports no domain", () => {
    expect(show(all.filter((e) => under(e.from, "app/domain") && under(e.to, "app/routes", "app/components", "app/editor")))).toEqual([]);
    expect(show(all.filter((e) => under(e.from, "app/storage") && under(e.to, "app/domain", "app/routes", "app/components", "app/editor")))).toEqual([]);
  });

  it("app/core is pure: no domain, storage, route, component or editor module", () => {
    expect(
      show(all.filter((e) => under(e.from, "app/core") && under(e.to, "app/domain", "app/storage", "app/routes", "app/components", "app/editor"))),
    ).toEqual([]);
  });
});
