// Our translation function, in place of i18next (47 KB minified in every page's JavaScript) for the
// little this app uses of it: nested keys, `{{variable}}` interpolation without HTML escaping (React
// escapes), plurals by `_one`/`_other` suffixes chosen with Intl.PluralRules (French says "0
// appareil": 0 is `one`), a `defaultValue`, the English text when a message is missing in the
// reader's language, and the key itself when it is missing everywhere. What it renders was recorded
// from i18next before the switch (translate.test.ts). No React here: react.tsx binds it.
import { DEFAULT_LANGUAGE, type Language } from "../languages.js";
import { mergeMessages } from "./merge.js";

/** One language's messages: nested namespaces, each leaf a string. */
export type Messages = { readonly [key: string]: string | Messages };

export interface TOptions {
  /** Chooses the plural form (`key_one`, `key_other`; `key_zero` when present) and is interpolated as `{{count}}`. */
  count?: number;
  /** Said when the key has no message in any language (interpolated too). */
  defaultValue?: string;
  [variable: string]: unknown;
}

export type TFunction = (key: string, options?: TOptions) => string;

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split(".")) {
    if (typeof node !== "object") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(language: string, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(count);
}

function variable(options: TOptions, path: string): unknown {
  let value: unknown = options;
  for (const part of path.split(".")) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[part];
  return value;
}

/** `{{name}}` → the option's value as text; an unknown variable stays as written (as i18next did). */
function interpolate(text: string, options: TOptions | undefined): string {
  if (!options || !text.includes("{{")) return text;
  return text.replace(/\{\{(.+?)\}\}/g, (match, name: string) => {
    const value = variable(options, name.trim());
    return value === undefined ? match : String(value);
  });
}

/**
 * A translate function for one language, falling back to the default language's messages;
 * `onMissing` hears of a key found in no language (the browser may not hold that part yet).
 */
export function createTranslate(language: Language, resources: Partial<Record<Language, Messages>>, onMissing?: (key: string) => void): TFunction {
  const languages = language === DEFAULT_LANGUAGE ? [language] : [language, DEFAULT_LANGUAGE];
  return (key, options) => {
    const count = typeof options?.count === "number" ? options.count : undefined;
    for (const code of languages) {
      const messages = resources[code];
      if (!messages) continue;
      // Most specific first, as i18next: key_zero (for 0), then the plural form, then the bare key.
      const candidates = count === undefined ? [key] : [...(count === 0 ? [`${key}_zero`] : []), `${key}_${pluralCategory(code, count)}`, key];
      for (const candidate of candidates) {
        const found = lookup(messages, candidate);
        if (found !== undefined) return interpolate(found, options);
      }
    }
    onMissing?.(key);
    return options?.defaultValue !== undefined ? interpolate(options.defaultValue, options) : key;
  };
}

/**
 * The translation state of one page (browser) or one request (server): its language, its `t`, and
 * a way to switch language (a client-side navigation may change what the server chose). `t` is a new
 * function after a switch, so React components that depend on it render again.
 */
export class I18n {
  language: Language;
  t: TFunction;
  private readonly listeners = new Set<() => void>();

  constructor(
    language: Language,
    private readonly resources: Partial<Record<Language, Messages>>,
    /** Fetches a language that is not here yet (the browser holds only the page's language). */
    private readonly load?: (language: Language) => Promise<Messages>,
    /** Told of a key no language has (the browser fetches the strings the document page did without). */
    private readonly onMissing?: (key: string) => void,
  ) {
    this.language = language;
    this.t = createTranslate(language, resources, onMissing);
  }

  async changeLanguage(language: Language): Promise<void> {
    if (language === this.language) return;
    if (!this.resources[language] && this.load) this.resources[language] = await this.load(language);
    this.language = language;
    this.refresh();
  }

  /** More of a language's messages (the browser's late chunk), merged with those already here. */
  addMessages(language: Language, more: Messages): void {
    this.resources[language] = mergeMessages([this.resources[language] ?? {}, more]);
    if (language === this.language) this.refresh();
  }

  private refresh(): void {
    this.t = createTranslate(this.language, this.resources, this.onMissing);
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
