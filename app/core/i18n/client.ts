// The browser's translation: only the page's language is downloaded (generated/en.ts or fr.ts, each
// its own chunk, preloaded by the root so it arrives with the entry), the other one only if a
// client-side navigation switches language.
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../languages.js";
import { I18n, type Messages } from "./translate.js";

function loadLanguage(language: Language): Promise<Messages> {
  // Two literal imports, so the bundler makes one chunk per language.
  return (language === "fr" ? import("./generated/fr.js") : import("./generated/en.js")).then((m) => m.messages);
}

/** The i18n of this page, in the language the server chose (written in <html lang>). */
export async function createBrowserI18n(lang: string): Promise<I18n> {
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  const resources: Partial<Record<Language, Messages>> = { [language]: await loadLanguage(language) };
  // No English fallback here: a message missing in French would show its key, and i18n.test.ts
  // makes sure none is. The other language is fetched only when the page switches to it.
  return new I18n(language, resources, loadLanguage);
}
