// Translations are bundled with the code (no fetch of JSON files on a slow network). Each feature
// module (messages/*.ts) exports { en, fr }; en.ts and fr.ts list them per language, so the browser
// downloads only its page's language (client.ts), while the server, which answers in both, has
// both here. No message is defined by two modules (i18n.test.ts).
import type { Language } from "../languages.js";
import { modules as en } from "./en.js";
import { modules as fr } from "./fr.js";
import { mergeMessages } from "./merge.js";
import { I18n, type Messages, type TFunction } from "./translate.js";

/** Every feature module with both its languages, by name (what i18n.test.ts checks). */
export const MESSAGE_MODULES: Readonly<Record<string, { en: object; fr: object }>> = Object.fromEntries(
  [...new Set([...Object.keys(en), ...Object.keys(fr)])].map((name) => [name, { en: en[name as keyof typeof en] ?? {}, fr: fr[name as keyof typeof fr] ?? {} }]),
);

export const messages: Record<Language, Messages> = { en: mergeMessages(en), fr: mergeMessages(fr) };

/** Translation fixed to one language, with every language's messages (server requests, tests). */
export function createI18n(language: Language): I18n {
  return new I18n(language, messages);
}

/** A translate function for server-side text outside React (plain-text responses, logs shown to users). */
export function translator(language: Language): TFunction {
  return createI18n(language).t;
}

export { I18n, type Messages, type TFunction } from "./translate.js";
