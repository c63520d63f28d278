// The page the service worker answers with when there is no network and the page asked for was
// never kept on this device. It cannot know the member's language (no cookie reaches the worker's
// cache), so it says everything in both, the browser's language first.
import { en, fr } from "../core/i18n/messages/offline.js";

type PageMessages = { readonly [K in keyof typeof en.offline.page]: string };
const PAGES: Record<"en" | "fr", PageMessages> = { en: en.offline.page, fr: fr.offline.page };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Languages in the order the browser prefers them (French first for any `fr-*`). */
export function pageLanguages(browserLanguage: string | undefined): ("en" | "fr")[] {
  return (browserLanguage ?? "").toLowerCase().startsWith("fr") ? ["fr", "en"] : ["en", "fr"];
}

/**
 * A self-contained page (no script, inline styles only, so it renders with no network and under
 * its own strict CSP): a heading and explanation in each language, a retry link to the same
 * address and a link home.
 */
export function offlinePageHtml(browserLanguage: string | undefined, retryHref: string): string {
  const [first, second] = pageLanguages(browserLanguage) as ["en" | "fr", "en" | "fr"];
  const section = (lang: "en" | "fr") => {
    const m = PAGES[lang];
    return `<section lang="${lang}"><h1>${escapeHtml(m.heading)}</h1><p>${escapeHtml(m.body)}</p><p><a href="${escapeHtml(retryHref)}">${escapeHtml(m.retry)}</a> · <a href="/">${escapeHtml(m.home)}</a></p></section>`;
  };
  return `<!DOCTYPE html>
<html lang="${first}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(PAGES[first].title)} · ${escapeHtml(PAGES[second].title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.5}section+section{border-top:1px solid #ccc;margin-top:1.5rem;padding-top:1rem}h1{font-size:1.3rem}a{color:#0b5394}</style>
</head><body><main data-offline-page>${section(first)}${section(second)}</main></body></html>`;
}

/** Headers of that page: never stored anywhere, no script at all. */
export const OFFLINE_PAGE_HEADERS: Record<string, string> = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};
