import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../languages.js";
import { messages as generatedEn } from "./generated/en.js";
import { messages as generatedEnLate } from "./generated/en-late.js";
import { messages as generatedFr } from "./generated/fr.js";
import { messages as generatedFrLate } from "./generated/fr-late.js";
import { createI18n, MESSAGE_MODULES, messages } from "./index.js";
import { splitMessages } from "./late.js";
import { mergeMessages } from "./merge.js";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("are what the browser downloads: generated/<language>.ts is current (else run `npm run i18n:generate`)", () => {
    expect(generatedEn, "generated/en.ts is stale: run `npm run i18n:generate`").toEqual(splitMessages(messages.en).early);
    expect(generatedEnLate, "generated/en-late.ts is stale: run `npm run i18n:generate`").toEqual(splitMessages(messages.en).late);
    expect(generatedFr, "generated/fr.ts is stale: run `npm run i18n:generate`").toEqual(splitMessages(messages.fr).early);
    expect(generatedFrLate, "generated/fr-late.ts is stale: run `npm run i18n:generate`").toEqual(splitMessages(messages.fr).late);
  });

  it("lose nothing in the split: the early and late chunks together are every message, each once", () => {
    expect(mergeMessages([generatedEn, generatedEnLate])).toEqual(messages.en);
    expect(mergeMessages([generatedFr, generatedFrLate])).toEqual(messages.fr);
    for (const [early, late] of [
      [generatedEn, generatedEnLate],
      [generatedFr, generatedFrLate],
    ]) {
      const lateKeys = new Set(keys(late));
      expect(keys(early).filter((k) => lateKeys.has(k))).toEqual([]);
    }
  });

  it("have exactly the same keys in every language", () => {
    const [first, ...rest] = LANGUAGES;
    const reference = keys(messages[first]).sort();
    for (const language of rest) {
      const other = keys(messages[language]).sort();
      expect(
        other.filter((k) => !reference.includes(k)),
        `keys only in ${language}`,
      ).toEqual([]);
      expect(
        reference.filter((k) => !other.includes(k)),
        `keys missing from ${language}`,
      ).toEqual([]);
    }
  });

  it("come from feature modules that never define the same message twice (a merge would silently replace one)", () => {
    for (const language of LANGUAGES) {
      const owner = new Map<string, string>();
      for (const [name, module] of Object.entries(MESSAGE_MODULES)) {
        for (const key of keys(module[language])) {
          // A message of one module must be neither a message nor a namespace of another.
          const clash = [...owner.keys()].find((k) => k === key || k.startsWith(`${key}.`) || key.startsWith(`${k}.`));
          expect(clash, `${language}: "${key}" of ${name} clashes with "${clash}" of ${clash ? owner.get(clash) : ""}`).toBeUndefined();
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
    // Audit labels come from several features into one namespace.
    expect(createI18n("en").t("auditActions.process.created")).toBe("Process created");
    expect(createI18n("fr").t("auditActions.signoff.adopted")).not.toBe("auditActions.signoff.adopted");
    expect(createI18n("en").t("auditActions.annotation.resolved")).toBe("Annotation thread resolved");
    expect(createI18n("en").t("auditDetails.versionHash")).toBe("Version (SHA-256)");
    expect(createI18n("fr").t("auth.loginTitle")).toBe("Connexion");
    expect(createI18n("fr").t("errors.tooManyAttempts", { count: 3 })).toContain("dans 3 minutes.");
    expect(createI18n("en").t("errors.tooManyAttempts", { count: 1 })).toContain("in 1 minute.");
    expect(createI18n("fr").t("signoff.progress", { count: 1, required: 3 })).toBe("1 catégorie requise sur 3 a approuvé");
    expect(createI18n("fr").t("signoff.progress", { count: 2, required: 3 })).toBe("2 catégories requises sur 3 ont approuvé");
  });
});
