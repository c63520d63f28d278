// Caret and avatar colours: dark enough for white text (WCAG AA), distinct from one another.
const PALETTE = ["#1f4e79", "#8a2c0d", "#2e6b30", "#6a1b9a", "#00695c", "#a4262c", "#4e342e", "#283593", "#7a4b00", "#37474f"];

/** A stable colour per user, so a person keeps their colour across documents and sessions. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
