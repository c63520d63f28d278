// The translation function must render exactly what i18next rendered (issue 14 replaced i18next
// with app/core/i18n/translate.ts). The fixture was recorded with i18next 23 before the switch, in
// both languages: every plural message (counts 0, 1, 2, 5), every message with variables, a sample
// of plain ones, fallbacks (missing key, defaultValue, missing variable) and values needing no
// escaping. Its cases are fixed, so messages added later do not shift what is compared.
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../languages.js";
import recorded from "./fixtures/i18next-23-recorded.json" with { type: "json" };
import { createI18n } from "./index.js";
import { I18n } from "./translate.js";

type Case = { key: string; options?: Record<string, unknown>; expected: Record<string, string> };

describe("translate (recorded from i18next 23)", () => {
  for (const language of LANGUAGES) {
    it(`renders ${language} as i18next did`, () => {
      const { t } = createI18n(language);
      const cases = recorded as Case[];
      expect(cases.length).toBeGreaterThan(200);
      const rendered = cases.map((c) => [c.key, c.options, t(c.key, c.options as never)]);
      expect(rendered).toEqual(cases.map((c) => [c.key, c.options, c.expected[language]]));
    });
  }
});

describe("I18n with strings arriving in parts (the browser's late chunk)", () => {
  it("tells of a key no language has, then renders it once its part is added", () => {
    const missing: string[] = [];
    const i18n = new I18n("fr", { fr: { nav: { home: "Mes processus" } } }, undefined, (key) => missing.push(key));
    let notified = 0;
    i18n.subscribe(() => notified++);
    expect(i18n.t("nav.home")).toBe("Mes processus");
    expect(i18n.t("home.title")).toBe("home.title");
    expect(missing).toEqual(["home.title"]);
    const before = i18n.t;
    i18n.addMessages("fr", { home: { title: "Mes processus" }, nav: { signIn: "Se connecter" } });
    expect(notified).toBe(1);
    expect(i18n.t).not.toBe(before);
    expect(i18n.t("home.title")).toBe("Mes processus");
    // Merged into the namespace already there, not in its place.
    expect(i18n.t("nav.home")).toBe("Mes processus");
    expect(i18n.t("nav.signIn")).toBe("Se connecter");
  });
});
