// Writes app/core/i18n/generated/<language>.ts and <language>-late.ts: one language's interface
// strings, merged from the feature modules listed in app/core/i18n/index.ts (each still one file
// exporting { en, fr }) and split by app/core/i18n/late.ts into what the document page needs and the
// rest. The browser downloads only its page's language from there (app/core/i18n/client.ts); a
// bundler cannot leave the other half of `{ en, fr }` modules out. Re-run after adding or changing
// messages:
//
//   npm run i18n:generate
//
// app/core/i18n/i18n.test.ts fails while a generated file differs from what this would write.
import { writeFileSync } from "node:fs";
import { generatedSource } from "../app/core/i18n/generated-source.js";
import { LANGUAGES } from "../app/core/languages.js";

const dir = new URL("../app/core/i18n/generated/", import.meta.url);
for (const language of LANGUAGES) {
  for (const [part, suffix] of [
    ["early", ""],
    ["late", "-late"],
  ] as const) {
    const file = new URL(`${language}${suffix}.ts`, dir);
    writeFileSync(file, generatedSource(language, part));
    console.log(`wrote ${file.pathname}`);
  }
}
