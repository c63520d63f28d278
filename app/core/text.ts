// What counts as text a person can see. People paste zero-width spaces, joiners, byte-order marks,
// soft hyphens and bidi marks from chat apps and word processors; a title made only of them looks
// empty on every page and must be refused as empty. Only the edges are trimmed: inside a name,
// joiners and non-joiners shape Arabic-script and other words and are kept.

/** Whitespace, format characters (Unicode Cf: zero-width space, joiners, word joiner, BOM, soft hyphen, bidi marks) and blank fillers. */
const BLANK = "[\\s\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0\\u2800]";
const EDGES = new RegExp(`^${BLANK}+|${BLANK}+$`, "gu");
const ANY_BLANK = new RegExp(`${BLANK}`, "gu");

/** The text without blank or invisible characters at its start and end; "" when nothing visible is left. */
export function trimVisible(value: string): string {
  return value.replace(EDGES, "");
}

/** Whether the text has at least one character a reader can see. */
export function hasVisibleText(value: string): boolean {
  return value.replace(ANY_BLANK, "").length > 0;
}

/**
 * Text as it identifies something people name: Unicode-normalized, accents, case and spacing
 * ignored ("Aïcha  Maïga" and "aicha maiga", "Élus" and "elus" are the same name written twice).
 */
export function comparableText(value: string): string {
  return trimVisible(value).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ");
}
