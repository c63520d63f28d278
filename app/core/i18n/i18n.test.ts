import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../languages.js";
import { createI18n, MESSAGE_MODULES, messages } from "./index.js";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("have exactly the same keys in every language", () => {
    const [first, ...rest] = LANGUAGES;
    const reference = keys(messages[first]).sort();
    for (const language of rest) {
      const other = keys(messages[language]).sort();
      expect(other.filter((k) => !reference.includes(k)), `keys only in ${language}`).toEqual([]);
      expect(reference.filter((k) => !other.includes(k)), `keys missing from ${language}`).toEqual([]);
    }
  });

  it("come from feature modules whose top-level keys are disjoint (one would silently replace another's)", () => {
    for (const language of LANGUAGES) {
      const owner = new Map<string, string>();
      for (const [name, module] of Object.entries(MESSAGE_MODULES)) {
        for (const key of Object.keys(module[language])) {
          expect(owner.get(key), `${language}: "${key}" in both ${owner.get(key)} and ${name}`).toBeUndefined();
          owner.set(key, name);
        }
      }
    }
  });

  it("have no empty string and keep the same interpolation variables", () => {
    const fr = new Map(leaves(messages.fr));
    for (const [key, value] of leaves(messages.en)) {
      expect(typeof value, key).toBe("string");
      expect((value as string).trim().length, key).toBeGreaterThan(0);
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(vars(String(fr.get(key))), key).toEqual(vars(value as string));
    }
  });

  it("translate in both languages", () => {
    expect(createI18n("en").t("auth.loginTitle")).toBe("Sign in");
    expect(createI18n("fr").t("auth.loginTitle")).toBe("Connexion");
    expect(createI18n("fr").t("errors.tooManyAttempts", { count: 3 })).toContain("dans 3 minutes.");
    expect(createI18n("en").t("errors.tooManyAttempts", { count: 1 })).toContain("in 1 minute.");
    expect(createI18n("fr").t("signoff.progress", { count: 1, required: 3 })).toBe("1 catégorie requise sur 3 a approuvé");
    expect(createI18n("fr").t("signoff.progress", { count: 2, required: 3 })).toBe("2 catégories requises sur 3 ont approuvé");
  });
});
