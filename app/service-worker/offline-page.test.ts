import { describe, expect, it } from "vitest";
import { en, fr } from "../core/i18n/messages/offline.js";
import { OFFLINE_PAGE_HEADERS, offlinePageHtml, pageLanguages } from "./offline-page.js";

describe("offline page", () => {
  it("says it in both languages, the browser's first", () => {
    expect(pageLanguages("fr-ML")).toEqual(["fr", "en"]);
    expect(pageLanguages("en-GB")).toEqual(["en", "fr"]);
    expect(pageLanguages(undefined)).toEqual(["en", "fr"]);
    const html = offlinePageHtml("fr-FR", "/processes/p1");
    expect(html.indexOf(fr.offline.page.heading.replace("’", "&#8217;").slice(0, 10))).toBeGreaterThan(-1);
    expect(html).toContain('<html lang="fr">');
    expect(html.indexOf('lang="fr"><h1>')).toBeLessThan(html.indexOf('lang="en"><h1>'));
    expect(html).toContain(en.offline.page.body);
    expect(html).toContain('href="/processes/p1"');
  });

  it("escapes the retry address and runs no script", () => {
    const html = offlinePageHtml("en", '/x"><script>alert(1)</script>');
    expect(html).not.toContain("<script");
    expect(OFFLINE_PAGE_HEADERS["Content-Security-Policy"]).toContain("default-src 'none'");
    expect(OFFLINE_PAGE_HEADERS["Cache-Control"]).toBe("no-store");
  });
});
