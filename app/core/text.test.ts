import { describe, expect, it } from "vitest";
import { hasVisibleText, trimVisible } from "./text.js";

describe("trimVisible / hasVisibleText", () => {
  it.each([
    ["\u200B\u200B", ""],
    [" \u200B\u2060\uFEFF\u00AD\u200E\u200F\u3164 ", ""],
    ["\u200BFeuille de route\u200D ", "Feuille de route"],
    ["  Ber\n", "Ber"],
  ])("%j becomes %j", (input, expected) => {
    expect(trimVisible(input)).toBe(expected);
    expect(hasVisibleText(input)).toBe(expected.length > 0);
  });

  it("keeps joiners inside words (Arabic-script shaping)", () => {
    const name = "\u0644\u200D\u0627 \u0645\u200C\u0646";
    expect(trimVisible(` ${name}\u200B`)).toBe(name);
  });
});
