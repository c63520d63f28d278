// The browser's translation: only the page's language is downloaded (generated/en.ts or fr.ts, each
// its own chunk, preloaded by the root so it arrives with the entry), the other one only if a
// client-side navigation switches language. A document page also goes without the strings of the
// screens it never shows (late.ts, generated/<language>-late.ts); every other page loads them with
// the first chunk, and a navigation from a document page waits for them (root.tsx's clientLoader).
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../languages.js";
import { mayBeLate } from "./late.js";
import { mergeMessages } from "./merge.js";
import { I18n, type Messages } from "./translate.js";

function loadEarly(language: Language): Promise<Messages> {
  // Literal imports, so the bundler makes one chunk per language and part.
  return (language === "fr" ? import("./generated/fr.js") : import("./generated/en.js")).then((m) => m.messages);
}

function loadLate(language: Language): Promise<Messages> {
  return (language === "fr" ? import("./generated/fr-late.js") : import("./generated/en-late.js")).then((m) => m.messages);
}

let page: I18n | null = null;
// Per language: the late strings, merged into the page's i18n once they arrive.
const late = new Map<Language, Promise<void>>();

/** Whether the page's language has all its strings (a navigation from a document page may then go on at once). */
export function hasLateStrings(): boolean {
  return !page || late.has(page.language);
}

/** Fetches the strings a document page did without, in the page's language (once). */
export function loadLateStrings(): Promise<void> {
  const i18n = page;
  if (!i18n) return Promise.resolve();
  const language = i18n.language;
  let pending = late.get(language);
  if (!pending) {
    pending = loadLate(language).then(
      (messages) => i18n.addMessages(language, messages),
      (error: unknown) => {
        // Offline with a stale cache, a deployment in between: the next attempt may succeed.
        late.delete(language);
        throw error;
      },
    );
    late.set(language, pending);
  }
  return pending;
}

/**
 * The i18n of this page, in the language the server chose (written in <html lang>); `withLate`
 * false on a document page, which renders none of the late strings.
 */
export async function createBrowserI18n(lang: string, { withLate }: { withLate: boolean }): Promise<I18n> {
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  const [early, rest] = await Promise.all([loadEarly(language), withLate ? loadLate(language) : null]);
  // A language switched to later comes whole: a switch is a navigation to a page of any kind.
  const loadWhole = (other: Language) =>
    Promise.all([loadEarly(other), loadLate(other)]).then((parts) => {
      late.set(other, Promise.resolve());
      return mergeMessages(parts);
    });
  // No English fallback here: a message missing in French would show its key, and i18n.test.ts
  // makes sure none is. A key the document page names dynamically and late.ts moved (no test can
  // list them all) shows for a moment, then its text once the late chunk is here.
  const i18n = new I18n(language, { [language]: rest ? mergeMessages([early, rest]) : early }, loadWhole, (key) => {
    if (mayBeLate(key) && !hasLateStrings()) void loadLateStrings().catch(() => undefined);
  });
  page = i18n;
  if (rest) late.set(language, Promise.resolve());
  return i18n;
}
