// Line layout for the PDF renderer: fonts per script, line breaking, and the Unicode bidi
// algorithm. pdfkit cannot do this itself: it lays a string out word by word in logical order,
// so a multi-word Arabic run comes out with its words in the wrong order, and it knows nothing of
// mixed-direction lines. Here a paragraph becomes tokens (words and spaces, one font and one
// embedding level each), wrapped in logical order, then each line is reordered visually (UAX #9,
// rule L2). The renderer draws every token at its x; fontkit shapes and reverses the letters
// inside an Arabic token itself.
//
// Pure: widths come from an injected `Measure`, so this is tested without a PDF.
import bidiFactory from "bidi-js";
import type { Inline } from "./model.js";

export type FontKey = "sans" | "sans-bold" | "sans-italic" | "sans-bold-italic" | "arabic" | "arabic-bold";

/** Width of `text` drawn in `font` at `size` points. */
export type Measure = (text: string, font: FontKey, size: number) => number;

export interface Token {
  /** What is drawn: a word, a space run, or one punctuation mark (mirrored when right-to-left). */
  text: string;
  font: FontKey;
  /** The run it comes from: its marks (underline, link, code…) are the token's. */
  run: Inline;
  /** Bidi embedding level: odd is right-to-left. */
  level: number;
  space: boolean;
  width: number;
  /** Offset from the line's left edge, once the line is in visual order. */
  x: number;
}

export interface Line {
  /** In visual order, left to right. */
  tokens: Token[];
  width: number;
}

export interface Paragraph {
  /** Base direction (from the first strong character unless forced): right-aligned when true. */
  rtl: boolean;
  lines: Line[];
}

export interface LayoutOptions {
  size: number;
  /** The width lines wrap at. */
  width: number;
  /** Applied to every run (headings, labels, quotes of notes). */
  bold?: boolean;
  italic?: boolean;
  direction?: "auto" | "ltr" | "rtl";
  /** Keep leading and repeated spaces (code). */
  preserveSpaces?: boolean;
}

const bidi = bidiFactory();

const ARABIC = /\p{Script_Extensions=Arabic}/u;
/** Characters that can make a paragraph right-to-left: without any, bidi is skipped (all level 0). */
const MAYBE_RTL = /[\u0590-\u08FF\u200F\u202B\u202E\u2067\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const MARK = /\p{M}/u;
/** Breakable spaces; no-break spaces stay inside words. */
const SPACE = /[ \t\u1680\u2000-\u2006\u2008-\u200A\u205F\u3000]/;
/** A hard line break inside the bidi paragraph: U+2028 is whitespace to bidi, not a paragraph separator. */
const HARD_BREAK = "\u2028";

/**
 * Characters neither Noto Sans nor Noto Sans Arabic has (checked against the pinned fonts), drawn as
 * their ASCII spelling rather than as empty boxes. No system fonts, so no better fallback.
 */
const MISSING_GLYPHS: Record<string, string> = {
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "≈": "~",
  "→": "->",
  "←": "<-",
  "⇒": "=>",
  "∙": "·",
  "⋅": "·",
  "●": "•",
};
const MISSING_GLYPH = new RegExp(`[${Object.keys(MISSING_GLYPHS).join("")}]`, "g");

export function withFallbackGlyphs(text: string): string {
  return text.replace(MISSING_GLYPH, (c) => MISSING_GLYPHS[c] ?? c);
}

/** The font a character is drawn with: Arabic script in Noto Sans Arabic (which has no italic), the rest in Noto Sans. */
export function fontFor(char: string, bold: boolean, italic: boolean): FontKey {
  if (ARABIC.test(char)) return bold ? "arabic-bold" : "arabic";
  if (bold) return italic ? "sans-bold-italic" : "sans-bold";
  return italic ? "sans-italic" : "sans";
}

/** Direction of a text from its first strong character (UAX #9 P2–P3); left-to-right without one. */
export function isRtl(text: string): boolean {
  if (!MAYBE_RTL.test(text)) return false;
  const levels = bidi.getEmbeddingLevels(text);
  return (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
}

/** Splits runs into tokens in logical order; a hard break becomes a token with text "\n". */
export function tokenize(runs: Inline[], options: LayoutOptions, measure: Measure): { rtl: boolean; tokens: Token[] } {
  const pieces = runs.map((run) => (run.lineBreak ? HARD_BREAK : withFallbackGlyphs(run.text.replace(/\n/g, HARD_BREAK))));
  const text = pieces.join("");
  let levels: Uint8Array | null = null;
  let rtl = options.direction === "rtl";
  if (options.direction === "rtl" || MAYBE_RTL.test(text)) {
    const result = bidi.getEmbeddingLevels(text, options.direction ?? "auto");
    levels = result.levels;
    rtl = (result.paragraphs[0]?.level ?? 0) % 2 === 1;
  }

  // A token never mixes runs, fonts, levels, or spaces with non-spaces. At an odd level every
  // punctuation mark is its own token: the reordering places it and it is drawn mirrored, since
  // fontkit only reverses (and mirrors) what it shapes as Arabic.
  const tokens: Token[] = [];
  let offset = 0;
  runs.forEach((run, r) => {
    const piece = pieces[r]!;
    const bold = !!(options.bold || run.bold);
    const italic = !!(options.italic || run.italic);
    let font: FontKey = fontFor("a", bold, italic);
    let current: Token | null = null;
    let lone = false;
    for (let i = 0; i < piece.length; ) {
      const char = String.fromCodePoint(piece.codePointAt(i)!);
      const level = levels ? levels[offset + i]! : 0;
      i += char.length;
      if (char === HARD_BREAK) {
        if (current) tokens.push(current);
        current = null;
        tokens.push({ text: "\n", font, run, level, space: true, width: 0, x: 0 });
        continue;
      }
      const space = SPACE.test(char);
      const mark = MARK.test(char);
      // Spaces and combining marks take the font of what precedes them.
      if (!space && !mark) font = fontFor(char, bold, italic);
      const alone = level % 2 === 1 && !space && !LETTER_OR_MARK.test(char);
      if (current && !mark && (lone || alone || current.space !== space || current.font !== font || current.level !== level)) {
        tokens.push(current);
        current = null;
      }
      lone = alone;
      if (current) current.text += char;
      else current = { text: alone ? (bidi.getMirroredCharacter(char) ?? char) : char, font, run, level, space, width: 0, x: 0 };
    }
    if (current) tokens.push(current);
    offset += piece.length;
  });
  for (const token of tokens) if (token.text !== "\n") token.width = measure(token.text, token.font, options.size);
  return { rtl, tokens };
}

/** Reorders one line's tokens for display (UAX #9 L2): from the highest level down to the lowest odd one, reverse every run at that level or above. */
export function visualOrder(tokens: Token[]): Token[] {
  const out = tokens.slice();
  let highest = 0;
  let lowestOdd = Number.POSITIVE_INFINITY;
  for (const t of out) {
    if (t.level > highest) highest = t.level;
    if (t.level % 2 === 1 && t.level < lowestOdd) lowestOdd = t.level;
  }
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < out.length; ) {
      if (out[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && out[j]!.level >= level) j++;
      const reversed = out.slice(i, j).reverse();
      out.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return out;
}

/** Cuts a word wider than the line into pieces that fit (a hash in a narrow column, a long URL). */
function splitWord(word: Token[], width: number, size: number, measure: Measure): Token[][] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  let used = 0;
  for (const token of word) {
    let piece = "";
    for (const char of token.text) {
      const w = measure(char, token.font, size);
      if (used + w > width && (line.length > 0 || piece !== "")) {
        if (piece) line.push({ ...token, text: piece, width: measure(piece, token.font, size) });
        lines.push(line);
        line = [];
        used = 0;
        piece = "";
      }
      piece += char;
      used += w;
    }
    if (piece) line.push({ ...token, text: piece, width: measure(piece, token.font, size) });
  }
  if (line.length) lines.push(line);
  return lines;
}

function finishLine(tokens: Token[]): Line {
  const visual = visualOrder(tokens);
  let x = 0;
  for (const t of visual) {
    t.x = x;
    x += t.width;
  }
  return { tokens: visual, width: x };
}

/** Lays a paragraph out into lines of at most `options.width` (wrapping at spaces, in logical order), each in visual order. */
export function layoutParagraph(runs: Inline[], options: LayoutOptions, measure: Measure): Paragraph {
  const { rtl, tokens } = tokenize(runs, options, measure);
  const lines: Line[] = [];
  let line: Token[] = [];
  let used = 0;
  let spaces: Token[] = [];
  let spacesWidth = 0;
  const breakLine = () => {
    lines.push(finishLine(line));
    line = [];
    used = 0;
    spaces = [];
    spacesWidth = 0;
  };
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token.text === "\n") {
      breakLine();
      i++;
      continue;
    }
    if (token.space) {
      // Spaces at a line's start are dropped (unless preserved); at its end they are never drawn.
      if (line.length || options.preserveSpaces) {
        spaces.push(token);
        spacesWidth += token.width;
      }
      i++;
      continue;
    }
    // A word: the non-space tokens up to the next space (a name followed by its full stop is one word).
    const word: Token[] = [];
    let wordWidth = 0;
    while (i < tokens.length && !tokens[i]!.space) {
      word.push(tokens[i]!);
      wordWidth += tokens[i]!.width;
      i++;
    }
    if (line.length && used + spacesWidth + wordWidth > options.width) breakLine();
    if (!line.length && !options.preserveSpaces) {
      spaces = [];
      spacesWidth = 0;
    }
    if (spacesWidth + wordWidth > options.width && !line.length) {
      const pieces = splitWord(word, options.width, options.size, measure);
      pieces.forEach((piece, p) => {
        if (p > 0) breakLine();
        line.push(...(p === 0 ? spaces : []), ...piece);
        used = piece.reduce((sum, t) => sum + t.width, 0);
      });
      spaces = [];
      spacesWidth = 0;
      continue;
    }
    line.push(...spaces, ...word);
    used += spacesWidth + wordWidth;
    spaces = [];
    spacesWidth = 0;
  }
  if (line.length || lines.length === 0) breakLine();
  return { rtl, lines };
}
