// Where the browser build put each language's strings (issue 14, editor weight): the client entry
// imports them on demand (one chunk per language, client.ts), and the root preloads the page's one
// with <link rel="modulepreload"> so it downloads alongside the entry instead of after it — on a
// 2 s round trip, a waterfall would cost more than the split saves. The chunk names are hashed, so
// they are read from the build: the Remix manifest names the entry, whose code names the chunks.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LANGUAGES, type Language } from "../core/languages.js";

// The server build is build/index.js; the browser build public/build/.
const PUBLIC_BUILD = fileURLToPath(new URL("../public/build/", import.meta.url));

// The server imports its Remix build once at start, and the browser build is written with it: the
// chunks are read once per process, not on every page (the root loader runs on each navigation).
let cached: Partial<Record<Language, string>> | null = null;

/** The /build/… URL of each language's chunk, or none when the build cannot be read (then the entry just imports it later). */
export function languageChunks(): Partial<Record<Language, string>> {
  cached ??= readLanguageChunks();
  return cached;
}

function readLanguageChunks(): Partial<Record<Language, string>> {
  try {
    const manifest = readdirSync(PUBLIC_BUILD).find((f) => /^manifest-.*\.js$/.test(f));
    if (!manifest) return {};
    const source = readFileSync(PUBLIC_BUILD + manifest, "utf8");
    const { entry } = JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as { entry: { module: string; imports: string[] } };
    const chunks: Partial<Record<Language, string>> = {};
    // The import may sit in the entry or in one of the shared chunks it imports.
    for (const file of [entry.module, ...entry.imports]) {
      const code = readFileSync(PUBLIC_BUILD + file.replace(/^\/build\//, ""), "utf8");
      for (const language of LANGUAGES) {
        const found = new RegExp(`import\\(\\s*["'](?:/build/_shared/|\\./_shared/|\\./)(${language}-[A-Z0-9]+\\.js)["']\\s*\\)`).exec(code)?.[1];
        if (found) chunks[language] ??= `/build/_shared/${found}`;
      }
    }
    return chunks;
  } catch {
    return {};
  }
}
