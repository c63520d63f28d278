import { describe, expect, it } from "vitest";
import { normalizeParties } from "./item-fields.js";

describe("normalizeParties", () => {
  it("keeps actors by their name only: no id of the team's map ever stays in the shared text", () => {
    expect(
      normalizeParties([
        { type: "actor", name: " Chefferie de Ber ", actorId: "Xb3kQ9mZ2pLr8sT1vW4yA" },
        { type: "actor", name: "Comité des femmes" },
        { type: "category", ref: "youth" },
      ]),
    ).toEqual([
      { type: "actor", name: "Chefferie de Ber" },
      { type: "actor", name: "Comité des femmes" },
      { type: "category", ref: "youth" },
    ]);
    // No name, no party.
    expect(normalizeParties([{ type: "actor", name: "  " }, { type: "actor" }, { type: "category", ref: "" }])).toEqual([]);
  });

  it("gives the same parties back when read again (the editor writes what it read)", () => {
    const once = normalizeParties([
      { type: "actor", name: "Chefferie de Ber" },
      { type: "category", ref: "women" },
    ]);
    expect(normalizeParties(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});
