import { describe, expect, it } from "vitest";
import { currentDecisions, decisionKey, defaultSignoffCategoryKeys, evaluateRound, normalizePersonName } from "./signoff.js";

describe("sign-off rule", () => {
  const required = ["youth", "women", "customary"];
  it("is satisfied only when every required category has an approval and no standing objection", () => {
    expect(evaluateRound(required, []).ruleSatisfied).toBe(false);
    const two = [
      { userId: "y1", categoryId: "youth", decision: "approve" as const },
      { userId: "w1", categoryId: "women", decision: "approve" as const },
    ];
    const r = evaluateRound(required, two);
    expect(r.ruleSatisfied).toBe(false);
    expect(r.categories.map((c) => c.state)).toEqual(["approved", "approved", "pending"]);
    expect(r.satisfied).toBe(2);
    const all = [...two, { userId: "c1", categoryId: "customary", decision: "approve" as const }];
    expect(evaluateRound(required, all).ruleSatisfied).toBe(true);
    // One objection in a category blocks it, whatever the approvals.
    const objected = [...all, { userId: "y2", categoryId: "youth", decision: "object" as const }];
    const o = evaluateRound(required, objected);
    expect(o.ruleSatisfied).toBe(false);
    expect(o.categories[0]).toMatchObject({ state: "objected", approvals: 1, objections: 1 });
    // Decisions of categories that are not required count for nothing.
    expect(evaluateRound(["youth"], [{ userId: "w1", categoryId: "women", decision: "approve" }]).ruleSatisfied).toBe(false);
    expect(evaluateRound([], []).ruleSatisfied).toBe(false);
  });

  it("keeps each person's latest decision", () => {
    const current = currentDecisions([
      { userId: "y1", categoryId: "youth", decision: "object" as const },
      { userId: "w1", categoryId: "women", decision: "approve" as const },
      { userId: "y1", categoryId: "youth", decision: "approve" as const },
    ]);
    expect(current).toHaveLength(2);
    expect(evaluateRound(["youth", "women"], current).ruleSatisfied).toBe(true);
  });

  it("counts people without an account like members: their approval satisfies, their objection blocks", () => {
    // Customary authorities have no member: an elder decides in person, recorded by the facilitator.
    const elder = { userId: null, personName: "Hamadoun Maïga", categoryId: "customary" };
    const online = [
      { userId: "y1", categoryId: "youth", decision: "approve" as const },
      { userId: "w1", categoryId: "women", decision: "approve" as const },
    ];
    expect(evaluateRound(required, currentDecisions([...online, { ...elder, decision: "approve" as const }])).ruleSatisfied).toBe(true);
    const objecting = evaluateRound(required, currentDecisions([...online, { ...elder, decision: "object" as const }]));
    expect(objecting.ruleSatisfied).toBe(false);
    expect(objecting.categories[2]).toMatchObject({ state: "objected", objections: 1 });
  });

  it("a later in-person record for the same person (same category, same name however written) replaces the earlier one", () => {
    const current = currentDecisions([
      { userId: null, personName: "Aïcha Maïga", categoryId: "women", decision: "object" as const },
      { userId: null, personName: "Hawa Touré", categoryId: "women", decision: "approve" as const },
      { userId: null, personName: "  aicha   MAIGA ", categoryId: "women", decision: "approve" as const },
    ]);
    expect(current).toHaveLength(2);
    expect(current.map((d) => d.decision)).toEqual(["approve", "approve"]);
    expect(evaluateRound(["women"], current).categories[0]).toMatchObject({ state: "approved", approvals: 2, objections: 0 });
  });

  it("never merges different people: same name in another category, a member and a person of the same name", () => {
    const current = currentDecisions([
      { userId: null, personName: "Moussa Diallo", categoryId: "youth", decision: "object" as const },
      { userId: null, personName: "Moussa Diallo", categoryId: "customary", decision: "approve" as const },
      // A member whose display name happens to be the same: a different person, keyed by account.
      { userId: "u-moussa", personName: null, categoryId: "youth", decision: "approve" as const },
    ]);
    expect(current).toHaveLength(3);
    expect(evaluateRound(["youth", "customary"], current).categories.map((c) => c.state)).toEqual(["objected", "approved"]);
    expect(decisionKey({ userId: "u1", categoryId: "youth" })).toBe("user:u1");
    expect(decisionKey({ userId: null, personName: "Hawa Touré", categoryId: "women" })).toBe("person:women:hawa toure");
    expect(normalizePersonName("Ａïcha\u00a0 Maïga")).toBe("aicha maiga");
  });

  it("has no template defaults without a template", () => {
    expect(defaultSignoffCategoryKeys(null)).toEqual([]);
  });
});
