import type { Language } from "./languages.js";

// Dates as people read them, the same text on the server (exports, first paint) and in the browser.
// Formatters are costly to create (toLocaleString makes one per call: a panel of 500 threads spent
// most of its render there); one per language and style is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDate(ms: number, language: Language, withTime = false): string {
  const key = `${language}|${withTime}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", {
      dateStyle: "medium",
      // One fixed zone so server and browser render the same text (Mali is on UTC all year).
      timeZone: "UTC",
      ...(withTime ? { timeStyle: "short" } : {}),
    });
    formatters.set(key, format);
  }
  const text = format.format(new Date(ms));
  return withTime ? `${text} UTC` : text;
}
