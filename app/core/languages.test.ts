import { describe, expect, it } from "vitest";
import { languageFromAcceptLanguage } from "./languages.js";

describe("Accept-Language", () => {
  it.each([
    ["fr-FR,fr;q=0.9,en;q=0.8", "fr"],
    ["en-GB,en;q=0.9", "en"],
    ["de-DE,fr;q=0.5,en;q=0.7", "en"],
    ["ar-ML, fr-ML;q=0.8", "fr"],
    ["de", undefined],
    ["fr;q=0, en;q=0.1", "en"],
    ["", undefined],
  ])("%s → %s", (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });
});
