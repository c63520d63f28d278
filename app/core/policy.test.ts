import { describe, expect, it } from "vitest";
import { ACTIONS, can, collabAccess, readOnlyCause, type Action, type Actor, type Resource } from "./policy.js";

// Principals: one letter each, so the expected column reads at a glance.
const YOUTH = "cat-youth";
const WOMEN = "cat-women";
const principals: Record<string, Actor> = {
  F: { userId: "f", isAdmin: false, membership: { role: "facilitator", categoryId: null } },
  M: { userId: "m", isAdmin: false, membership: { role: "mediator", categoryId: null } },
  A: { userId: "a", isAdmin: false, membership: { role: "analyst", categoryId: null } },
  R: { userId: "r", isAdmin: false, membership: { role: "representative", categoryId: YOUTH } },
  O: { userId: "o", isAdmin: false, membership: { role: "observer", categoryId: null } },
  N: { userId: "n", isAdmin: false, membership: null }, // signed in, not a member
  X: { userId: "x", isAdmin: true, membership: null }, // instance administrator, not a member
};

const active: Resource = { archived: false };
const archived: Resource = { archived: true };
const drafting: Resource = { archived: false, documentStatus: "drafting" };
const inSignoff: Resource = { archived: false, documentStatus: "in_signoff" };
const adopted: Resource = { archived: false, documentStatus: "adopted" };
const archivedDrafting: Resource = { archived: true, documentStatus: "drafting" };
const archivedSignoff: Resource = { archived: true, documentStatus: "in_signoff", categoryId: YOUTH };
const ownCategory: Resource = { archived: false, documentStatus: "in_signoff", categoryId: YOUTH };
const otherCategory: Resource = { archived: false, documentStatus: "in_signoff", categoryId: WOMEN };
const ownCategoryDrafting: Resource = { archived: false, documentStatus: "drafting", categoryId: YOUTH };
const noCategory: Resource = { archived: false, documentStatus: "in_signoff" };

// [action, resource name, resource, who is allowed]. Everyone not listed is denied.
const TABLE: [Action, string, Resource, string][] = [
  ["process.view", "active", active, "FMARO"],
  ["process.view", "archived", archived, "FMARO"],
  ["process.manage", "active", active, "F"],
  ["process.manage", "archived", archived, ""],
  ["process.archive", "active", active, "F"],
  ["process.archive", "archived (restore)", archived, "F"],
  ["member.invite", "active", active, "F"],
  ["member.invite", "archived", archived, ""],
  ["member.manage", "active", active, "F"],
  ["member.manage", "archived", archived, ""],
  ["member.leave", "active", active, "FMARO"],
  ["member.leave", "archived", archived, ""],
  ["category.manage", "active", active, "F"],
  ["category.manage", "archived", archived, ""],
  ["document.create", "active", active, "FM"],
  ["document.create", "archived", archived, ""],
  ["document.read", "drafting", drafting, "FMARO"],
  ["document.read", "in_signoff", inSignoff, "FMARO"],
  ["document.read", "adopted", adopted, "FMARO"],
  ["document.read", "archived", archivedDrafting, "FMARO"],
  ["document.edit", "drafting", drafting, "FM"],
  ["document.edit", "in_signoff", inSignoff, ""],
  ["document.edit", "adopted", adopted, ""],
  ["document.edit", "archived drafting", archivedDrafting, ""],
  ["document.repair", "drafting", drafting, "F"],
  ["document.repair", "in_signoff", inSignoff, ""],
  ["document.repair", "adopted", adopted, ""],
  ["document.repair", "archived drafting", archivedDrafting, ""],
  ["document.comment", "drafting", drafting, "FMAR"],
  ["document.comment", "in_signoff", inSignoff, "FMAR"],
  ["document.comment", "adopted", adopted, "FMAR"],
  ["document.comment", "archived", archivedDrafting, ""],
  ["annotation.team.read", "drafting", drafting, "FMA"],
  ["annotation.team.read", "archived", archivedDrafting, "FMA"],
  ["annotation.team.write", "drafting", drafting, "FMA"],
  ["annotation.team.write", "adopted", adopted, "FMA"],
  ["annotation.team.write", "archived", archivedDrafting, ""],
  ["annotation.shared.write", "drafting", drafting, "FMAR"],
  ["annotation.shared.write", "archived", archivedDrafting, ""],
  ["signoff.open", "drafting", drafting, "F"],
  ["signoff.open", "in_signoff", inSignoff, ""],
  ["signoff.open", "adopted", adopted, ""],
  ["signoff.open", "archived drafting", archivedDrafting, ""],
  ["signoff.decide", "own category, in_signoff", ownCategory, "R"],
  ["signoff.decide", "other category, in_signoff", otherCategory, ""],
  ["signoff.decide", "no category given", noCategory, ""],
  ["signoff.decide", "own category, drafting", ownCategoryDrafting, ""],
  ["signoff.decide", "own category, archived", archivedSignoff, ""],
  ["signoff.record", "in_signoff, a category", otherCategory, "F"],
  ["signoff.record", "in_signoff, no category", noCategory, ""],
  ["signoff.record", "drafting", ownCategoryDrafting, ""],
  ["signoff.record", "archived", archivedSignoff, ""],
  ["signoff.reopen", "in_signoff", inSignoff, "F"],
  ["signoff.reopen", "drafting", drafting, ""],
  ["signoff.reopen", "adopted", adopted, ""],
  ["signoff.reopen", "archived", archivedSignoff, ""],
  ["signoff.adopt", "in_signoff", inSignoff, "F"],
  ["signoff.adopt", "in_signoff, a category given", ownCategory, "F"],
  ["signoff.adopt", "drafting", drafting, ""],
  ["signoff.adopt", "adopted", adopted, ""],
  ["signoff.adopt", "archived", archivedSignoff, ""],
  ["signoff.amend", "adopted", adopted, "F"],
  ["signoff.amend", "in_signoff", inSignoff, ""],
  ["signoff.amend", "drafting", drafting, ""],
  ["signoff.amend", "archived", archivedSignoff, ""],
  ["export", "drafting", drafting, "F"],
  ["export", "adopted", adopted, "F"],
  ["export", "archived", archivedDrafting, "F"],
  ["audit.read", "active", active, "F"],
  ["audit.read", "archived", archived, "F"],
  ["stakeholderMap.read", "active", active, "FMA"],
  ["stakeholderMap.read", "archived", archived, "FMA"],
  ["stakeholderMap.edit", "active", active, "FA"],
  ["stakeholderMap.edit", "archived", archived, ""],
];

describe("policy", () => {
  it("allows and denies exactly as the table says, for every role × every action", () => {
    const failures: string[] = [];
    for (const [action, name, resource, allowed] of TABLE) {
      for (const [letter, actor] of Object.entries(principals)) {
        const expected = allowed.includes(letter);
        const actual = can(actor, action, resource);
        if (actual !== expected) failures.push(`${letter} ${action} on ${name}: expected ${expected}, got ${actual}`);
      }
    }
    expect(failures).toEqual([]);
    // The table covers every action of the product, and each on an active and an archived process.
    for (const action of ACTIONS) {
      const rows = TABLE.filter(([a]) => a === action);
      expect(rows.some(([, , r]) => !r.archived), `${action} on an active process`).toBe(true);
      expect(rows.some(([, , r]) => r.archived), `${action} on an archived process`).toBe(true);
    }
  });

  it("derives collab access from the policy only", () => {
    const doc = (status: "drafting" | "in_signoff" | "adopted", isArchived = false) => ({ archived: isArchived, documentStatus: status });
    expect(collabAccess(principals.F!, doc("drafting"))).toBe("edit");
    expect(collabAccess(principals.M!, doc("drafting"))).toBe("edit");
    expect(collabAccess(principals.A!, doc("drafting"))).toBe("read");
    expect(collabAccess(principals.R!, doc("drafting"))).toBe("read");
    expect(collabAccess(principals.O!, doc("drafting"))).toBe("read");
    expect(collabAccess(principals.M!, doc("in_signoff"))).toBe("read");
    expect(collabAccess(principals.F!, doc("adopted"))).toBe("read");
    expect(collabAccess(principals.F!, doc("drafting", true))).toBe("read");
    expect(collabAccess(principals.N!, doc("drafting"))).toBe("none");
    expect(collabAccess(principals.X!, doc("drafting"))).toBe("none");
  });

  it("says why a reader cannot change the text: the process, the document's state, then the role", () => {
    const doc = (status: "drafting" | "in_signoff" | "adopted", isArchived = false) => ({ archived: isArchived, documentStatus: status });
    expect(readOnlyCause(principals.F!, doc("drafting"))).toBeNull();
    expect(readOnlyCause(principals.M!, doc("in_signoff"))).toBe("lockedForSignOff");
    expect(readOnlyCause(principals.R!, doc("in_signoff"))).toBe("lockedForSignOff");
    expect(readOnlyCause(principals.F!, doc("adopted"))).toBe("adopted");
    expect(readOnlyCause(principals.M!, doc("adopted", true))).toBe("archived");
    expect(readOnlyCause(principals.A!, doc("drafting"))).toBe("analyst");
    expect(readOnlyCause(principals.R!, doc("drafting"))).toBe("representative");
    expect(readOnlyCause(principals.O!, doc("drafting"))).toBe("observer");
    expect(readOnlyCause(principals.N!, doc("drafting"))).toBeNull();
  });
});
