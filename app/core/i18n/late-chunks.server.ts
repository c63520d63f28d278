// Where the browser build put each language's late strings (late.ts): the root preloads them on every
// page but a document's, as it preloads the first part (domain/language-chunks.server.ts), so the
// entry does not wait a round trip for them. Read from the build the same way: the Remix manifest
// names the entry, whose code (or a chunk it imports) names the chunks.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LANGUAGES, type Language } from "../languages.js";

// The server build is build/index.js; the browser build public/build/.
const PUBLIC_BUILD = fileURLToPath(new URL("../public/build/", import.meta.url));

let cached: Partial<Record<Language, string>> | null = null;

/** The /build/… URL of each language's late chunk, or none when the build cannot be read (then the entry just imports it). */
export function lateLanguageChunks(): Partial<Record<Language, string>> {
  cached ??= readLateChunks();
  return cached;
}

function readLateChunks(): Partial<Record<Language, string>> {
  try {
    const manifest = readdirSync(PUBLIC_BUILD).find((f) => /^manifest-.*\.js$/.test(f));
    if (!manifest) return {};
    const source = readFileSync(PUBLIC_BUILD + manifest, "utf8");
    const { entry } = JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as { entry: { module: string; imports: string[] } };
    const chunks: Partial<Record<Language, string>> = {};
    for (const file of [entry.module, ...entry.imports]) {
      const code = readFileSync(PUBLIC_BUILD + file.replace(/^\/build\//, ""), "utf8");
      for (const language of LANGUAGES) {
        const found = new RegExp(`import\\(\\s*["'](?:/build/_shared/|\\./_shared/|\\./)(${language}-late-[A-Z0-9]+\\.js)["']\\s*\\)`).exec(code)?.[1];
        if (found) chunks[language] ??= `/build/_shared/${found}`;
      }
    }
    return chunks;
  } catch {
    return {};
  }
}
