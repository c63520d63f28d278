// Where the browser build put each language's strings (issue 14, editor weight): the client entry
// imports them on demand (one chunk per language, client.ts, plus the strings the document page
// does without, late.ts), and the root preloads the page's ones with <link rel="modulepreload"> so
// they download alongside the entry instead of after it — on a 2 s round trip, a waterfall would
// cost more than the split saves. The chunk names are hashed, so they are read from the build: the
// Remix manifest names the entry, whose code names the chunks.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LANGUAGES, type Language } from "../core/languages.js";

// The server build is build/index.js; the browser build public/build/.
const PUBLIC_BUILD = fileURLToPath(new URL("../public/build/", import.meta.url));

/** The /build/… URL of each language's chunk, for the strings every page needs and for the late ones. */
export interface LanguageChunks {
  early: Partial<Record<Language, string>>;
  late: Partial<Record<Language, string>>;
}

// The server imports its Remix build once at start, and the browser build is written with it: the
// chunks are read once per process, not on every page (the root loader runs on each navigation).
let cached: LanguageChunks | null = null;

/** Each language's chunks, or none when the build cannot be read (then the entry just imports them later). */
export function languageChunks(): LanguageChunks {
  cached ??= readLanguageChunks();
  return cached;
}

function readLanguageChunks(): LanguageChunks {
  const chunks: LanguageChunks = { early: {}, late: {} };
  try {
    const manifest = readdirSync(PUBLIC_BUILD).find((f) => /^manifest-.*\.js$/.test(f));
    if (!manifest) return chunks;
    const source = readFileSync(PUBLIC_BUILD + manifest, "utf8");
    const { entry } = JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as { entry: { module: string; imports: string[] } };
    // The import may sit in the entry or in one of the shared chunks it imports.
    for (const file of [entry.module, ...entry.imports]) {
      const code = readFileSync(PUBLIC_BUILD + file.replace(/^\/build\//, ""), "utf8");
      for (const language of LANGUAGES) {
        for (const [part, suffix] of [
          ["early", ""],
          ["late", "-late"],
        ] as const) {
          const found = new RegExp(`import\\(\\s*["'](?:/build/_shared/|\\./_shared/|\\./)(${language}${suffix}-[A-Z0-9]+\\.js)["']\\s*\\)`).exec(code)?.[1];
          if (found) chunks[part][language] ??= `/build/_shared/${found}`;
        }
      }
    }
    return chunks;
  } catch {
    return { early: {}, late: {} };
  }
}
