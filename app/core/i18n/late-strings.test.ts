// The document page hydrates with the early strings only (late.ts): every key its code names — in
// the browser's modules and in the server modules whose answers it shows (errors of its actions, of
// the annotation, export and findings routes it calls) — must be there. Keys are found as written in
// the source: a literal "namespace.key" or the fixed start of a template literal `namespace.${…}`; a
// key built from a variable alone is not seen, and the browser then fetches the late chunk
// (client.ts) so such a key shows its text a moment later.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../languages.js";
import { messages } from "./index.js";
import { splitMessages } from "./late.js";

const APP = new URL("../../", import.meta.url).pathname;
const ROOTS = [
  "entry.client.tsx",
  "root.tsx",
  "routes/processes.$processId.tsx",
  "routes/processes.$processId.documents.$documentId.tsx",
  "routes/processes.$processId.documents.$documentId.annotations.tsx",
  "routes/processes.$processId.documents.$documentId.export.tsx",
  "routes/processes.$processId.documents.$documentId.findings.tsx",
];

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/") ? APP + spec.slice(2) : spec.startsWith(".") ? resolve(dirname(from), spec) : null;
  if (!base) return null;
  const stem = base.replace(/\.js$/, "");
  return [`${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`].find((f) => existsSync(f)) ?? null;
}

/** Source files reachable from the document page's routes, without the message modules themselves. */
function documentPageFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || /\/i18n\/(generated|messages)\/|\/i18n\/index\.ts$|\.test\.tsx?$/.test(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) {
      const target = resolveImport(file, m[1]!);
      if (target) visit(target);
    }
  };
  for (const root of ROOTS) visit(APP + root);
  return [...seen];
}

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("the strings a document page does without (late.ts)", () => {
  const files = documentPageFiles();

  it("follow the document page's imports (the walk finds its modules)", () => {
    const names = files.map((f) => f.slice(APP.length));
    expect(names).toContain("editor/workspace.client.tsx");
    expect(names).toContain("components/signoff.tsx");
    expect(names.length).toBeGreaterThan(60);
  });

  for (const language of LANGUAGES) {
    it(`are none the document page names (${language})`, () => {
      const { early, late } = splitMessages(messages[language]);
      const all = new Set(keys(messages[language]));
      const earlyKeys = new Set(keys(early));
      const lateKeys = keys(late);
      // A key as the code writes it: bare, or the base of plural forms (key_one, key_other).
      const isKey = (k: string, set: Set<string>) => set.has(k) || set.has(`${k}_one`) || set.has(`${k}_other`);
      const missing: string[] = [];
      for (const file of files) {
        const source = readFileSync(file, "utf8");
        for (const m of source.matchAll(/["'`]([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+)(\.\$\{)?/g)) {
          const [, key, templated] = m;
          const where = `${file.slice(APP.length)}: ${key}${templated ? ".${…}" : ""}`;
          if (templated) {
            if (lateKeys.some((k) => k.startsWith(`${key}.`))) missing.push(where);
          } else if (isKey(key!, all) && !isKey(key!, earlyKeys)) missing.push(where);
        }
      }
      expect(missing).toEqual([]);
    });
  }
});
