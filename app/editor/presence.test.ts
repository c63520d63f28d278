import { describe, expect, it } from "vitest";
import { initialsOf } from "../core/initials.js";
import { presentUsers, readableTextColor } from "./presence.js";

describe("presence", () => {
  it("lists users with a name, self first then by name, ignoring states without a user", () => {
    const states = new Map<number, Record<string, unknown>>([
      [3, { user: { name: "Zeinabou Maïga", color: "#1f4e5f", role: "mediator" } }],
      [1, { user: { name: "Amadou Touré", color: "#f2c14e" } }],
      [7, { user: { name: "Moi", color: "not-a-colour", role: "" } }],
      [9, {}],
      [10, { user: { name: "   " } }],
    ]);
    const users = presentUsers(states, 7);
    expect(users.map((u) => [u.clientId, u.name, u.isSelf, u.role])).toEqual([
      [7, "Moi", true, null],
      [1, "Amadou Touré", false, null],
      [3, "Zeinabou Maïga", false, "mediator"],
    ]);
    expect(users[0].color).toBe("#5b6470");
    expect(users[2]).toMatchObject({ initials: "ZM", textColor: "#ffffff" });
    expect(users[1].textColor).toBe("#000000");
  });

  it("makes initials from first and last words", () => {
    expect(initialsOf("awa")).toBe("A");
    expect(initialsOf("Ag Intalla Mohamed")).toBe("AM");
    expect(initialsOf(" ")).toBe("?");
    // Brackets, parentheses and digits are not initials.
    expect(initialsOf("[DEMO] Aminata (facilitatrice)")).toBe("DF");
    expect(initialsOf("(Ibrahim)")).toBe("I");
    expect(initialsOf("2026")).toBe("?");
  });

  it("picks black or white text for contrast", () => {
    expect(readableTextColor("#fff")).toBe("#000000");
    expect(readableTextColor("#000000")).toBe("#ffffff");
    expect(readableTextColor("bad")).toBe("#ffffff");
  });
});
