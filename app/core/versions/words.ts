// Word-level diff of two texts, for the comparison of versions (issue 12).
//
// A text is split into tokens: words (letters, digits and combining marks of any script, so that
// "Réouverture" or "مُرَاقَبَة" stay one word), runs of whitespace, and every other character on
// its own (punctuation). Joining the tokens gives back the text exactly. The tokens are compared
// with Myers' O(ND) diff after their common prefix and suffix are set aside; a diff that would need
// more than MAX_EDITS token edits is not worth finding (the texts are different), so the middle
// then reads as all removed, all added. Pure, no dependencies.
import type { WordRun } from "./types.js";

// ZWNJ / ZWJ (Join_Control) sit inside words in Persian and in some Indic scripts: they must not split them.
const TOKEN = /[\p{L}\p{N}\p{M}\p{Join_Control}]+|\s+|[^\p{L}\p{N}\p{M}\p{Join_Control}\s]/gu;
const WHITESPACE = /^\s+$/u;

/**
 * Beyond this many edited tokens the diff gives up (Myers costs O((N+M)·D) time and, with the
 * trace kept for the way back, O(D²) memory: giving up at 1000 edits costs ~1M integers (4 MB) and
 * ~20 ms on the 2-core test machine, for a 5000-word text rewritten).
 */
export const MAX_EDITS = 1000;

/** The tokens of a text: joined, they give back the text. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const SAME = 0;
const REMOVED = 1;
const ADDED = 2;

/**
 * The runs that turn `before` into `after`, in reading order: "same" runs, and between them the
 * removed text then the added text. Joining the same and removed runs gives `before`, the same and
 * added runs `after`. null when the texts are equal.
 */
export function diffWords(before: string, after: string): WordRun[] | null {
  if (before === after) return null;
  const a = tokenize(before);
  const b = tokenize(after);

  // Tokens as integers: the inner loop compares numbers, not strings.
  const ids = new Map<string, number>();
  const idOf = (t: string) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = ids.size;
      ids.set(t, id);
    }
    return id;
  };
  const ai = a.map(idOf);
  const bi = b.map(idOf);

  let start = 0;
  while (start < ai.length && start < bi.length && ai[start] === bi[start]) start++;
  let endA = ai.length;
  let endB = bi.length;
  while (endA > start && endB > start && ai[endA - 1] === bi[endB - 1]) {
    endA--;
    endB--;
  }

  const raw: WordRun[] = [];
  const push = (op: WordRun["op"], text: string) => {
    const last = raw.at(-1);
    if (last && last.op === op) last.text += text;
    else raw.push({ op, text });
  };
  push("same", a.slice(0, start).join(""));
  const script = myers(ai.slice(start, endA), bi.slice(start, endB), MAX_EDITS);
  if (script) {
    let i = start;
    let j = start;
    for (const op of script) {
      if (op === SAME) {
        push("same", a[i++]);
        j++;
      } else if (op === REMOVED) push("removed", a[i++]);
      else push("added", b[j++]);
    }
  } else {
    push("removed", a.slice(start, endA).join(""));
    push("added", b.slice(start, endB).join(""));
  }
  push("same", a.slice(endA).join(""));
  return groupChanges(raw.filter((r) => r.text !== ""));
}

/**
 * Puts the removed text before the added text between two kept runs, and folds a kept run of
 * whitespace alone between two changes into them: "the quick fox" → "a slow fox" reads as
 * "the quick" replaced by "a slow", not as two replacements around a kept space.
 */
function groupChanges(raw: WordRun[]): WordRun[] {
  const out: WordRun[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) out.push({ op: "removed", text: removed });
    if (added) out.push({ op: "added", text: added });
    removed = "";
    added = "";
  };
  for (let i = 0; i < raw.length; i++) {
    const run = raw[i];
    if (run.op === "removed") removed += run.text;
    else if (run.op === "added") added += run.text;
    else if ((removed || added) && i + 1 < raw.length && WHITESPACE.test(run.text)) {
      // Runs alternate (equal neighbours were merged), so the next run is a change.
      removed += run.text;
      added += run.text;
    } else {
      flush();
      const last = out.at(-1);
      if (last?.op === "same") last.text += run.text;
      else out.push({ op: "same", text: run.text });
    }
  }
  flush();
  return out;
}

/**
 * Myers' greedy shortest edit script between a and b (token ids), as SAME / REMOVED / ADDED steps
 * in order; null when it needs more than maxEdits edits.
 */
function myers(a: number[], b: number[], maxEdits: number): Uint8Array | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return new Uint8Array(n + m).fill(n === 0 ? ADDED : REMOVED);
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  // v[offset + k]: the furthest x reached on diagonal k (y = x - k) with d edits so far.
  const v = new Int32Array(2 * max + 3);
  // The way back: step d's v for k in [-d, d] at trace[d² + d + k] (one flat array, grown as needed:
  // most diffs are short).
  const full = (max + 1) * (max + 1);
  let trace = new Int32Array(Math.min(full, 4096));
  for (let d = 0; d <= max; d++) {
    const row = d * d + d;
    if (row + d >= trace.length) {
      const grown = new Int32Array(Math.min(full, trace.length * 4));
      grown.set(trace);
      trace = grown;
    }
    for (let k = -d; k <= d; k += 2) {
      // Down (an addition) from diagonal k+1, or right (a removal) from diagonal k-1: whichever reached further.
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      trace[row + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array, edits: number, n: number, m: number): Uint8Array {
  const steps = new Uint8Array(n + m); // filled from the end: at most n + m steps
  let s = steps.length;
  let x = n;
  let y = m;
  for (let d = edits; d > 0; d--) {
    const prevRow = (d - 1) * (d - 1) + (d - 1); // step d-1's diagonal 0
    const k = x - y;
    const down = k === -d || (k !== d && trace[prevRow + k - 1] < trace[prevRow + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = trace[prevRow + prevK];
    // The diagonal run (kept tokens) that followed this step's edit.
    const snakeStart = down ? prevX : prevX + 1;
    while (x > snakeStart) {
      steps[--s] = SAME;
      x--;
      y--;
    }
    steps[--s] = down ? ADDED : REMOVED;
    x = prevX;
    y = prevX - prevK;
  }
  while (x > 0) {
    steps[--s] = SAME;
    x--;
  }
  return steps.subarray(s);
}
