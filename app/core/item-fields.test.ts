import { describe, expect, it } from "vitest";
import { normalizeParties } from "./item-fields.js";

describe("normalizeParties", () => {
  it("keeps an actor picked from the stakeholder map with its id, and a free name without one", () => {
    expect(
      normalizeParties([
        { type: "actor", name: " Chefferie de Ber ", actorId: "Xb3kQ9mZ2pLr8sT1vW4yA" },
        { type: "actor", name: "Comité des femmes" },
        { type: "category", ref: "youth" },
      ]),
    ).toEqual([
      { type: "actor", name: "Chefferie de Ber", actorId: "Xb3kQ9mZ2pLr8sT1vW4yA" },
      { type: "actor", name: "Comité des femmes" },
      { type: "category", ref: "youth" },
    ]);
  });

  it("drops an id that is not a plausible one (attrs come from other clients and pasted HTML), keeping the name", () => {
    for (const actorId of ["", 42, null, "x".repeat(65), ["a"]]) {
      expect(normalizeParties([{ type: "actor", name: "Garde du marché", actorId }])).toEqual([{ type: "actor", name: "Garde du marché" }]);
    }
    // No name, no party: an id alone says nothing in the text.
    expect(
      normalizeParties([
        { type: "actor", name: "  ", actorId: "abc" },
        { type: "actor", actorId: "abc" },
      ]),
    ).toEqual([]);
  });

  it("gives the same parties back when read again (the editor writes what it read)", () => {
    const once = normalizeParties([
      { type: "actor", name: "Chefferie de Ber", actorId: "a1" },
      { type: "category", ref: "women" },
    ]);
    expect(normalizeParties(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});
