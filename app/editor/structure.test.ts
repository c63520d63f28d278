import { describe, expect, it } from "vitest";
import { actorPartyFor, isOnMap, namesActor, partyLabel } from "./structure.js";

const ACTORS = [
  { id: "a-chef", name: "Chefferie de Ber" },
  { id: "a-garde", name: "Garde du marché" },
];

describe("an actor's name typed as a responsible party", () => {
  it("is written as the map writes it when it is one of the map's names (trimmed, case-insensitive), and carries no id", () => {
    expect(actorPartyFor("  chefferie DE ber ", ACTORS)).toEqual({ type: "actor", name: "Chefferie de Ber" });
    // An accent typed decomposed (e + combining acute) is the same letter.
    expect(actorPartyFor("Garde du marche\u0301", ACTORS)).toEqual({ type: "actor", name: "Garde du marché" });
  });

  it("stays the free name otherwise: another name, a part of one, or no map", () => {
    expect(actorPartyFor(" Chefferie ", ACTORS)).toEqual({ type: "actor", name: "Chefferie" });
    expect(actorPartyFor("Chefferie de Ber")).toEqual({ type: "actor", name: "Chefferie de Ber" });
    expect(actorPartyFor("   ", ACTORS)).toBeNull();
  });

  it("is not added twice, and is known to be on the map by its name", () => {
    const parties = [{ type: "actor" as const, name: "Chefferie de Ber" }];
    expect(namesActor(parties, { type: "actor", name: "chefferie de ber" })).toBe(true);
    expect(namesActor(parties, { type: "actor", name: "Garde du marché" })).toBe(false);
    expect(isOnMap(parties[0]!, ACTORS)).toBe(true);
    expect(isOnMap({ type: "actor", name: "Comité des sages" }, ACTORS)).toBe(false);
    expect(isOnMap({ type: "category", ref: "youth" }, ACTORS)).toBe(false);
  });

  it("is shown by its name", () => {
    expect(partyLabel({ type: "actor", name: "Chefferie de Ber" }, [], "fr")).toBe("Chefferie de Ber");
  });
});
