/**
 * One or two letters for an avatar: the first letter of the first and last words that have one
 * ("[DEMO] Aminata (facilitatrice)" → "DF", "Ag Intalla Mohamed" → "AM"); "?" when none.
 */
export function initialsOf(name: string): string {
  const firsts = name
    .split(/\s+/u)
    .map((word) => /\p{L}/u.exec(word)?.[0])
    .filter((letter): letter is string => !!letter);
  const letters = firsts.length > 1 ? [firsts[0]!, firsts[firsts.length - 1]!] : firsts;
  return letters.map((l) => l.toLocaleUpperCase()).join("") || "?";
}
