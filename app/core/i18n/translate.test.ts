// The translation function must render exactly what i18next rendered (issue 14 replaced i18next
// with app/core/i18n/translate.ts): this snapshot was recorded with i18next 23 before the switch.
// It covers every plural message (counts 0, 1, 2, 5), every message with variables, a sample of
// plain ones, fallbacks (missing key, defaultValue, missing variable) and values needing no escaping.
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../languages.js";
import { createI18n, messages } from "./index.js";

function leaves(value: unknown, prefix = ""): [string, string][] {
  if (typeof value !== "object" || value === null) return [[prefix, String(value)]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const all = leaves(messages.en);
const plural = [...new Set(all.filter(([k]) => /_(one|other|zero)$/.test(k)).map(([k]) => k.replace(/_(one|other|zero)$/, "")))].sort();
const withVars = all
  .filter(([k, v]) => !/_(one|other|zero)$/.test(k) && /\{\{/.test(v))
  .map(([k, v]) => [k, [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!)] as const);
const plain = all
  .filter(([, v]) => !/\{\{/.test(v))
  .filter((_, i) => i % 25 === 0)
  .map(([k]) => k);

describe("translate (recorded from i18next 23)", () => {
  for (const language of LANGUAGES) {
    it(`renders ${language} as i18next did`, () => {
      const { t } = createI18n(language);
      const out: Record<string, string> = {};
      for (const key of plural) for (const count of [0, 1, 2, 5]) out[`${key} #${count}`] = t(key, { count, name: "<Aminata & Co>", title: "« Ber »", n: 3 });
      for (const [key, vars] of withVars) out[key] = t(key, Object.fromEntries(vars.map((v, i) => [v, v === "count" ? 2 : `<${v} ${i} & "q">`])));
      for (const key of plain) out[key] = t(key);
      out["missing key"] = t("nowhere.to.be.found");
      out["missing key with defaultValue"] = t("nowhere.to.be.found", { defaultValue: "fallback value" });
      out["present key with defaultValue"] = t("app.name", { defaultValue: "fallback value" });
      out["missing variable"] = withVars[0] ? t(withVars[0][0]) : "";
      expect(out).toMatchSnapshot();
    });
  }
});
