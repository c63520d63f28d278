import { describe, expect, it } from "vitest";
import type { CategoryRef } from "../categories.js";
import { communityKey, hasNoGap, inclusionGaps, type GapFacts } from "./gaps.js";
import { testActor } from "./test-actor.js";
import type { GovernanceFunction, StakeholderActor } from "./types.js";

const cat = (key: string): CategoryRef => ({ id: `c-${key}`, key, labelEn: null, labelFr: null });
const youth = cat("youth");
const women = cat("women");
const customary = cat("customary_authorities");

function actor(
  id: string,
  fields: { functions?: GovernanceFunction[]; community?: string | null; represented?: boolean; categoryId?: string | null } = {},
): StakeholderActor {
  return testActor({
    id,
    categoryId: fields.categoryId ?? null,
    community: fields.community ?? null,
    functions: fields.functions ?? [],
    representatives: fields.represented ? [{ userId: "u1", displayName: "Moussa" }] : [],
  });
}

function facts(overrides: Partial<GapFacts>): GapFacts {
  return { actors: [], categories: [youth, women, customary], deciders: new Map(), representatives: [], templates: [], ...overrides };
}

describe("inclusion gaps", () => {
  const cases: { name: string; facts: GapFacts; providers: string[]; categories: string[]; communities: string[]; templates: [string, string[]][] }[] = [
    {
      name: "an empty process: every category is a gap, nothing else",
      facts: facts({}),
      providers: [],
      categories: ["youth", "women", "customary_authorities"],
      communities: [],
      templates: [],
    },
    {
      name: "a provider nobody speaks for is a gap; a represented one and a non-provider are not",
      facts: facts({
        actors: [actor("militia", { functions: ["security"] }), actor("cadi", { functions: ["justice"], represented: true }), actor("fishers")],
        deciders: new Map([[youth.id, [{}]]]),
      }),
      providers: ["militia"],
      categories: ["women", "customary_authorities"],
      communities: [],
      templates: [],
    },
    {
      name: "an empty decider list counts as nobody",
      facts: facts({
        deciders: new Map([
          [youth.id, []],
          [women.id, [{}]],
          [customary.id, [{}]],
        ]),
      }),
      providers: [],
      categories: ["youth"],
      communities: [],
      templates: [],
    },
    {
      name: "a community is present through a represented actor or a representative naming it (accents, case and spacing aside)",
      facts: facts({
        actors: [
          actor("a", { community: "Kel Antessar" }),
          actor("b", { community: "kel  antessar" }),
          actor("c", { community: "Peul", represented: true }),
          actor("d", { community: "Peul" }),
          actor("e", { community: "Bozo" }),
          actor("f", { community: "Songhaï" }),
        ],
        representatives: [{ userId: "r", categoryId: youth.id, affiliation: "SONGHAI" }],
      }),
      providers: [],
      categories: ["youth", "women", "customary_authorities"],
      communities: ["Bozo", "Kel Antessar"],
      templates: [],
    },
    {
      name: "a template's required categories nobody can decide for, per template; a template with all decided is not listed",
      facts: facts({
        deciders: new Map([[youth.id, [{}]]]),
        templates: [
          { templateId: "roadmap", required: [youth, women], documents: [{ id: "d1", title: "Feuille de route" }] },
          { templateId: "agenda", required: [youth], documents: [] },
        ],
      }),
      providers: [],
      categories: ["women", "customary_authorities"],
      communities: [],
      templates: [["roadmap", ["women"]]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const gaps = inclusionGaps(c.facts);
      expect(gaps.unvoicedProviders.map((a) => a.id)).toEqual(c.providers);
      expect(gaps.categories.map((x) => x.key)).toEqual(c.categories);
      expect(gaps.communities.map((x) => x.community)).toEqual(c.communities);
      expect(gaps.templates.map((t) => [t.templateId, t.categories.map((x) => x.key)])).toEqual(c.templates);
    });
  }

  it("lists a community's actors and says when there is no gap at all", () => {
    const gaps = inclusionGaps(facts({ actors: [actor("a", { community: "Bozo" }), actor("b", { community: "bozo" })] }));
    expect(gaps.communities).toEqual([{ community: "Bozo", actorIds: ["a", "b"] }]);
    const none = inclusionGaps(
      facts({
        categories: [youth],
        deciders: new Map([[youth.id, [{}]]]),
        actors: [actor("x", { functions: ["welfare"], represented: true, community: "Bozo" })],
      }),
    );
    expect(hasNoGap(none)).toBe(true);
    expect(hasNoGap(gaps)).toBe(false);
  });

  it("compares communities without accents, case or extra spaces", () => {
    expect(communityKey("  Kel   Antéssar ")).toBe(communityKey("kel antessar"));
  });
});
