// The PDF line layout without a PDF: fonts per script, bidi visual order, wrapping. Widths come
// from a fake measure (half the size per character) so expected line breaks can be counted by hand.
import { describe, expect, it } from "vitest";
import type { Inline } from "./model.js";
import { fontFor, isRtl, type Line, layoutParagraph, type Measure, tokenize, withFallbackGlyphs } from "./pdf-text.server.js";

const measure: Measure = (text, _font, size) => [...text].length * size * 0.5;
const SIZE = 10; // 5 points per character

const NAME = "محمد أغ عثمان";

function layout(runs: Inline[] | string, width = 1000, extra: { preserveSpaces?: boolean; direction?: "ltr" | "rtl" } = {}) {
  return layoutParagraph(typeof runs === "string" ? [{ text: runs }] : runs, { size: SIZE, width, ...extra }, measure);
}

/** A line's words left to right, spaces left out. */
const words = (line: Line) => line.tokens.filter((t) => !t.space).map((t) => t.text);

describe("fontFor", () => {
  it("draws Latin (accents included) in Noto Sans and its variants", () => {
    expect(fontFor("é", false, false)).toBe("sans");
    expect(fontFor("é", true, false)).toBe("sans-bold");
    expect(fontFor("é", false, true)).toBe("sans-italic");
    expect(fontFor("é", true, true)).toBe("sans-bold-italic");
  });

  it("draws Arabic script in Noto Sans Arabic, which has no italic", () => {
    expect(fontFor("م", false, false)).toBe("arabic");
    expect(fontFor("م", false, true)).toBe("arabic");
    expect(fontFor("م", true, true)).toBe("arabic-bold");
    expect(fontFor("،", false, false)).toBe("arabic"); // the Arabic comma: not in Noto Sans
  });

  it("gives every token of a mixed run its script's font", () => {
    const { tokens } = tokenize([{ text: `Chef ${NAME}`, bold: true }], { size: SIZE, width: 1000 }, measure);
    expect(tokens.filter((t) => !t.space).map((t) => [t.text, t.font])).toEqual([
      ["Chef", "sans-bold"],
      ["محمد", "arabic-bold"],
      ["أغ", "arabic-bold"],
      ["عثمان", "arabic-bold"],
    ]);
  });
});

describe("visual order", () => {
  it("keeps a left-to-right line as it is", () => {
    const p = layout("Point 2 : sécurité des marchés");
    expect(p.rtl).toBe(false);
    expect(words(p.lines[0]!)).toEqual(["Point", "2", ":", "sécurité", "des", "marchés"]);
  });

  it("reverses the words of a right-to-left paragraph: the first word is rightmost", () => {
    const p = layout(NAME);
    expect(p.rtl).toBe(true);
    expect(words(p.lines[0]!)).toEqual(["عثمان", "أغ", "محمد"]);
  });

  it("reverses an Arabic name inside a Latin sentence, and only the name", () => {
    const p = layout(`Chef ${NAME} de Tombouctou.`);
    expect(p.rtl).toBe(false);
    expect(words(p.lines[0]!)).toEqual(["Chef", "عثمان", "أغ", "محمد", "de", "Tombouctou."]);
  });

  it("leaves the full stop after an Arabic name at the end of a Latin sentence on the right", () => {
    const p = layout(`sous l'autorité de ${NAME}.`);
    expect(words(p.lines[0]!)).toEqual(["sous", "l'autorité", "de", "عثمان", "أغ", "محمد", "."]);
  });

  it("puts the final full stop of an Arabic sentence on the left, and numbers stay left-to-right", () => {
    const p = layout("سنة 2026.");
    expect(words(p.lines[0]!)).toEqual([".", "2026", "سنة"]);
  });

  it("mirrors brackets in right-to-left text", () => {
    const p = layout("قال (محمد) نعم");
    // Logical "(" is drawn as ")" on the right of the name, and the reverse.
    expect(words(p.lines[0]!)).toEqual(["نعم", "(", "محمد", ")", "قال"]);
  });

  it("keeps a Latin phrase with its number left-to-right inside an Arabic paragraph (levels 1 and 2)", () => {
    const p = layout("قال Chef Ali 12 مرة");
    expect(p.rtl).toBe(true);
    expect(words(p.lines[0]!)).toEqual(["مرة", "Chef", "Ali", "12", "قال"]);
  });

  it("takes the direction from the first strong character", () => {
    expect(isRtl(`${NAME} et Aminata`)).toBe(true);
    expect(isRtl(`2026 : ${NAME}`)).toBe(true);
    expect(isRtl(`Aminata et ${NAME}`)).toBe(false);
    expect(isRtl("2026")).toBe(false);
  });

  it("can force the base direction", () => {
    expect(layout(NAME, 1000, { direction: "ltr" }).rtl).toBe(false);
    expect(words(layout(NAME, 1000, { direction: "ltr" }).lines[0]!)).toEqual(["عثمان", "أغ", "محمد"]);
    expect(layout("Aminata", 1000, { direction: "rtl" }).rtl).toBe(true);
  });

  it("places tokens one after the other from the line's left edge", () => {
    const line = layout("ab cd").lines[0]!;
    expect(line.tokens.map((t) => [t.text, t.x, t.width])).toEqual([
      ["ab", 0, 10],
      [" ", 10, 5],
      ["cd", 15, 10],
    ]);
    expect(line.width).toBe(25);
  });
});

describe("wrapping", () => {
  it("breaks at spaces in logical order and drops the spaces at the break", () => {
    // 5 points per character: "aaaa bbbb" is 45 points, "cccc" would make it 70.
    const p = layout("aaaa bbbb cccc dd", 50);
    expect(p.lines.map(words)).toEqual([
      ["aaaa", "bbbb"],
      ["cccc", "dd"],
    ]);
    for (const line of p.lines) expect(line.tokens[0]!.space || line.tokens[line.tokens.length - 1]!.space).toBe(false);
  });

  it("wraps a mixed line logically, then reorders each line on its own", () => {
    // "Chef محمد أغ" fits in 60 points (12 characters), "عثمان" goes to the next line.
    const p = layout(`Chef ${NAME} de`, 60);
    expect(p.lines.map(words)).toEqual([
      ["Chef", "أغ", "محمد"],
      ["عثمان", "de"],
    ]);
  });

  it("wraps a right-to-left paragraph: the first words are on the first line, rightmost", () => {
    // 11 characters a line: "محمد أغ" | "عثمان محمد" | "أغ عثمان".
    const p = layout(`${NAME} ${NAME}`, 55);
    expect(p.rtl).toBe(true);
    expect(p.lines.map(words)).toEqual([
      ["أغ", "محمد"],
      ["محمد", "عثمان"],
      ["عثمان", "أغ"],
    ]);
  });

  it("breaks a line at a hard line break", () => {
    const p = layout([{ text: "Contact" }, { text: "", lineBreak: true }, { text: "Fin." }]);
    expect(p.lines.map(words)).toEqual([["Contact"], ["Fin."]]);
  });

  it("cuts a word wider than the line (a hash in a narrow column) into pieces that fit", () => {
    const hash = "a3f91c0277de0b41c9d2e5f60718293a";
    const p = layout(hash, 60);
    expect(p.lines.map((l) => words(l).join(""))).toEqual(["a3f91c0277de", "0b41c9d2e5f6", "0718293a"]);
    for (const line of p.lines) expect(line.width).toBeLessThanOrEqual(60);
  });

  it("keeps leading spaces when asked (code)", () => {
    const p = layout("    indented", 1000, { preserveSpaces: true });
    expect(p.lines[0]!.tokens[0]!.space).toBe(true);
    expect(p.lines[0]!.width).toBe(60);
    expect(layout("    indented").lines[0]!.width).toBe(40);
  });

  it("keeps each token's run, so its marks (bold, link…) are drawn", () => {
    const link: Inline = { text: "site du projet", href: "https://example.org" };
    const p = layout([{ text: "Contact : " }, link]);
    const tokens = p.lines[0]!.tokens.filter((t) => !t.space);
    expect(tokens.map((t) => !!t.run.href)).toEqual([false, false, true, true, true]);
  });

  it("gives an empty paragraph one empty line", () => {
    const p = layout("");
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]!.tokens).toEqual([]);
  });
});

describe("missing glyphs", () => {
  it("spells out the few characters neither font has", () => {
    expect(withFallbackGlyphs("Part de femmes ≥ 30 %")).toBe("Part de femmes >= 30 %");
    expect(words(layout("a ≤ b").lines[0]!)).toEqual(["a", "<=", "b"]);
  });
});
