import { describe, expect, it } from "vitest";
import { currentDecisions, defaultSignoffCategoryKeys, evaluateRound } from "./signoff.js";

describe("sign-off rule", () => {
  const required = ["youth", "women", "customary"];
  it("adopts only when every required category has an approval and no standing objection", () => {
    expect(evaluateRound(required, []).adopted).toBe(false);
    const two = [
      { userId: "y1", categoryId: "youth", decision: "approve" as const },
      { userId: "w1", categoryId: "women", decision: "approve" as const },
    ];
    const r = evaluateRound(required, two);
    expect(r.adopted).toBe(false);
    expect(r.categories.map((c) => c.state)).toEqual(["approved", "approved", "pending"]);
    expect(r.satisfied).toBe(2);
    const all = [...two, { userId: "c1", categoryId: "customary", decision: "approve" as const }];
    expect(evaluateRound(required, all).adopted).toBe(true);
    // One objection in a category blocks it, whatever the approvals.
    const objected = [...all, { userId: "y2", categoryId: "youth", decision: "object" as const }];
    const o = evaluateRound(required, objected);
    expect(o.adopted).toBe(false);
    expect(o.categories[0]).toMatchObject({ state: "objected", approvals: 1, objections: 1 });
    // Decisions of categories that are not required count for nothing.
    expect(evaluateRound(["youth"], [{ userId: "w1", categoryId: "women", decision: "approve" }]).adopted).toBe(false);
    expect(evaluateRound([], []).adopted).toBe(false);
  });

  it("keeps each person's latest decision", () => {
    const current = currentDecisions([
      { userId: "y1", categoryId: "youth", decision: "object" as const },
      { userId: "w1", categoryId: "women", decision: "approve" as const },
      { userId: "y1", categoryId: "youth", decision: "approve" as const },
    ]);
    expect(current).toHaveLength(2);
    expect(evaluateRound(["youth", "women"], current).adopted).toBe(true);
  });

  it("has no template defaults without a template", () => {
    expect(defaultSignoffCategoryKeys(null)).toEqual([]);
  });
});
