import { describe, expect, it } from "vitest";
import { actorPartyFor, namesActor, partyLabel } from "./structure.js";

const ACTORS = [
  { id: "a-chef", name: "Chefferie de Ber" },
  { id: "a-garde", name: "Garde du marché" },
];

describe("an actor's name typed as a responsible party", () => {
  it("is linked to the map's actor when it is exactly one of its names (trimmed, case-insensitive), written as the map writes it", () => {
    expect(actorPartyFor("  chefferie DE ber ", ACTORS)).toEqual({ type: "actor", name: "Chefferie de Ber", actorId: "a-chef" });
    // An accent typed decomposed (e + combining acute) is the same letter.
    expect(actorPartyFor("Garde du marche\u0301", ACTORS)).toEqual({ type: "actor", name: "Garde du marché", actorId: "a-garde" });
  });

  it("stays a free name otherwise: another name, a part of one, no map, or a name two actors bear", () => {
    expect(actorPartyFor(" Chefferie ", ACTORS)).toEqual({ type: "actor", name: "Chefferie" });
    expect(actorPartyFor("Chefferie de Ber")).toEqual({ type: "actor", name: "Chefferie de Ber" });
    expect(actorPartyFor("Garde du marché", [...ACTORS, { id: "a-garde-2", name: "garde du marché" }])).toEqual({ type: "actor", name: "Garde du marché" });
    expect(actorPartyFor("   ", ACTORS)).toBeNull();
  });

  it("is not added twice: the same actor of the map, or the same name", () => {
    const parties = [{ type: "actor" as const, name: "Chefferie de Ber", actorId: "a-chef" }];
    expect(namesActor(parties, { type: "actor", name: "Chefferie de Ber", actorId: "a-chef" })).toBe(true);
    expect(namesActor(parties, { type: "actor", name: "Chefferie de Ber" })).toBe(true);
    expect(namesActor(parties, { type: "actor", name: "Garde du marché", actorId: "a-garde" })).toBe(false);
  });

  it("is shown by its name, linked or not", () => {
    expect(partyLabel({ type: "actor", name: "Chefferie de Ber", actorId: "a-chef" }, [], "fr")).toBe("Chefferie de Ber");
  });
});
