import { describe, expect, it } from "vitest";
import type { WordRun } from "./types.js";
import { diffWords, MAX_EDITS, tokenize } from "./words.js";

const join = (runs: WordRun[], keep: "removed" | "added") =>
  runs
    .filter((r) => r.op === "same" || r.op === keep)
    .map((r) => r.text)
    .join("");

/** A small seeded generator (xorshift32): the same cases on every run. */
function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

// Words of the languages the workspace is used in, with punctuation and odd spacing.
const VOCABULARY = ["le", "marché", "rouvre", "Kanu", "réconciliation", "œuvre", "وقف", "إطلاق", "النار", "مُرَاقَبَة", "the", "council", "2025", "l'accord"];
const SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "  ", " – ", "؛ ", "(", ")"];

describe("tokenize", () => {
  it("keeps words of any script whole, splits punctuation and whitespace", () => {
    expect(tokenize("Réouverture du marché, مُرَاقَبَة  النار؟")).toEqual(["Réouverture", " ", "du", " ", "marché", ",", " ", "مُرَاقَبَة", "  ", "النار", "؟"]);
    expect(tokenize("می‌خواهم")).toEqual(["می‌خواهم"]); // a Persian word with a zero-width non-joiner
    expect(tokenize("")).toEqual([]);
  });
});

describe("diffWords", () => {
  it("is null for equal texts", () => {
    expect(diffWords("", "")).toBeNull();
    expect(diffWords("Cessez-le-feu", "Cessez-le-feu")).toBeNull();
  });

  it("gives a word added between kept words", () => {
    expect(diffWords("Réouverture du marché", "Réouverture rapide du marché")).toEqual([
      { op: "same", text: "Réouverture " },
      { op: "added", text: "rapide " },
      { op: "same", text: "du marché" },
    ]);
  });

  it("reads neighbouring replaced words as one replacement, the removed text first", () => {
    expect(diffWords("the quick brown fox", "a slow red fox")).toEqual([
      { op: "removed", text: "the quick brown" },
      { op: "added", text: "a slow red" },
      { op: "same", text: " fox" },
    ]);
  });

  it("from and to an empty text", () => {
    expect(diffWords("", "Un mot")).toEqual([{ op: "added", text: "Un mot" }]);
    expect(diffWords("Un mot", "")).toEqual([{ op: "removed", text: "Un mot" }]);
  });

  it("gives up on texts with too many differences: kept ends, then all removed, all added", () => {
    const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");
    const before = `Début ${words("a", MAX_EDITS)} fin.`;
    const after = `Début ${words("b", MAX_EDITS)} fin.`;
    const started = performance.now();
    const runs = diffWords(before, after)!;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(runs.map((r) => r.op)).toEqual(["same", "removed", "added", "same"]);
    expect(join(runs, "removed")).toBe(before);
    expect(join(runs, "added")).toBe(after);
  });

  it("joining the runs gives back both texts (500 random cases)", () => {
    const random = seeded(12);
    const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
    const randomText = () => {
      const n = Math.floor(random() * 30);
      let out = "";
      for (let i = 0; i < n; i++) out += pick(VOCABULARY) + pick(SEPARATORS);
      return out;
    };
    /** Changes a text the way people do: a few tokens removed, replaced or added. */
    const edit = (text: string) => {
      const tokens = tokenize(text);
      const edits = Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (tokens.length + 1));
        const r = random();
        if (r < 0.33) tokens.splice(at, 1);
        else if (r < 0.66) tokens.splice(at, 1, pick(VOCABULARY));
        else tokens.splice(at, 0, pick(VOCABULARY) + pick(SEPARATORS));
      }
      return tokens.join("");
    };
    for (let n = 0; n < 500; n++) {
      const before = randomText();
      // Mostly edits of the same text, sometimes an unrelated one.
      const after = random() < 0.8 ? edit(before) : randomText();
      const runs = diffWords(before, after);
      if (before === after) {
        expect(runs).toBeNull();
        continue;
      }
      expect(runs).not.toBeNull();
      expect(join(runs!, "removed")).toBe(before);
      expect(join(runs!, "added")).toBe(after);
      for (let i = 0; i < runs!.length; i++) {
        expect(runs![i].text).not.toBe("");
        // Runs are merged, and at one place the removed text comes before the added text.
        if (i > 0) expect(runs![i].op).not.toBe(runs![i - 1].op);
        if (i > 0 && runs![i].op === "removed") expect(runs![i - 1].op).toBe("same");
      }
    }
  });
});
