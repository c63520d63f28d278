// Who is in the document, from y-protocols awareness states. Pure (no React, no Yjs import):
// the server sets each connection's `user` field from the session (name, colour, role), so the
// list shows what the server vouches for; we only shape it for display.

export interface PresentUser {
  clientId: number;
  name: string;
  color: string;
  role: string | null;
  isSelf: boolean;
  initials: string;
  /** Text colour with enough contrast on `color` (WCAG relative luminance). */
  textColor: "#000000" | "#ffffff";
}

import { initialsOf } from "../core/initials.js";

const FALLBACK_COLOR = "#5b6470";

/** The colour to draw someone in: theirs when it is #rgb/#rrggbb, else a neutral grey. */
export function displayColor(color: unknown): string {
  return typeof color === "string" && isHexColor(color) ? color : FALLBACK_COLOR;
}

export function presentUsers(states: Map<number, Record<string, unknown>>, selfClientId: number): PresentUser[] {
  const users: PresentUser[] = [];
  for (const [clientId, state] of states) {
    const user = state?.user as { name?: unknown; color?: unknown; role?: unknown } | undefined;
    if (!user || typeof user.name !== "string" || !user.name.trim()) continue;
    const color = displayColor(user.color);
    users.push({
      clientId,
      name: user.name.trim(),
      color,
      role: typeof user.role === "string" && user.role ? user.role : null,
      isSelf: clientId === selfClientId,
      initials: initialsOf(user.name),
      textColor: readableTextColor(color),
    });
  }
  // Self first, then by name: a stable order that does not jump as people's carets move.
  return users.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

export function isHexColor(value: string): boolean {
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/iu.test(value);
}

export function readableTextColor(hex: string): "#000000" | "#ffffff" {
  if (!isHexColor(hex)) return "#ffffff";
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
  const channel = (i: number) => {
    const c = parseInt(full.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  // Contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05): pick the larger.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
}
