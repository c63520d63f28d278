import { describe, expect, it } from "vitest";
import { abilities, ACTIONS, can, collabAccess, readOnlyCause, type Action, type Actor, type Resource } from "./policy.js";

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
// "May record for some category?": asked before one is chosen (the in-person form).
const someCategory: Resource = { archived: false, documentStatus: "in_signoff", someCategory: true };
const sharedThread: Resource = { archived: false, documentStatus: "drafting", documentVisibility: "shared", annotationVisibility: "shared" };
const teamThread: Resource = { archived: false, documentStatus: "drafting", documentVisibility: "shared", annotationVisibility: "team" };

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
  ["document.share", "drafting", drafting, "F"],
  ["document.share", "in_signoff", inSignoff, ""],
  ["document.share", "adopted", adopted, ""],
  ["document.share", "archived drafting", archivedDrafting, ""],
  ["annotation.read", "shared thread, drafting", sharedThread, "FMARO"],
  ["annotation.read", "shared thread, adopted", { ...sharedThread, documentStatus: "adopted" }, "FMARO"],
  ["annotation.read", "team thread", teamThread, "FMA"],
  ["annotation.read", "archived, shared thread", { ...sharedThread, archived: true }, "FMARO"],
  ["annotation.read", "archived, team thread", { ...teamThread, archived: true }, "FMA"],
  ["annotation.create", "team thread, drafting", teamThread, "FMA"],
  ["annotation.create", "shared thread, drafting", sharedThread, "FMA"],
  ["annotation.create", "shared thread, in_signoff", { ...sharedThread, documentStatus: "in_signoff" }, "FMA"],
  ["annotation.create", "team thread, adopted", { ...teamThread, documentStatus: "adopted" }, "FMA"],
  ["annotation.create", "archived", { ...sharedThread, archived: true }, ""],
  ["annotation.reply", "shared thread", sharedThread, "FMAR"],
  ["annotation.reply", "shared thread, adopted", { ...sharedThread, documentStatus: "adopted" }, "FMAR"],
  ["annotation.reply", "team thread", teamThread, "FMA"],
  ["annotation.reply", "archived", { ...sharedThread, archived: true }, ""],
  ["annotation.resolve", "someone else's shared thread", sharedThread, "F"],
  ["annotation.resolve", "own shared thread", { ...sharedThread, isAuthor: true }, "FMAR"],
  ["annotation.resolve", "own team thread", { ...teamThread, isAuthor: true }, "FMA"],
  ["annotation.resolve", "archived", { ...sharedThread, isAuthor: true, archived: true }, ""],
  ["annotation.editMessage", "someone else's message", sharedThread, ""],
  ["annotation.editMessage", "own message, shared thread", { ...sharedThread, isAuthor: true }, "FMAR"],
  ["annotation.editMessage", "own message, team thread", { ...teamThread, isAuthor: true }, "FMA"],
  ["annotation.editMessage", "own message, in_signoff", { ...sharedThread, isAuthor: true, documentStatus: "in_signoff" }, "FMAR"],
  ["annotation.editMessage", "archived", { ...sharedThread, isAuthor: true, archived: true }, ""],
  ["annotation.linkActors", "shared thread", sharedThread, "FMA"],
  ["annotation.linkActors", "team thread", teamThread, "FMA"],
  ["annotation.linkActors", "shared thread, adopted", { ...sharedThread, documentStatus: "adopted" }, "FMA"],
  ["annotation.linkActors", "archived", { ...sharedThread, archived: true }, ""],
  ["signoff.open", "drafting", drafting, "F"],
  ["signoff.open", "in_signoff", inSignoff, ""],
  ["signoff.open", "adopted", adopted, ""],
  ["signoff.open", "archived drafting", archivedDrafting, ""],
  ["signoff.decide", "own category, in_signoff", ownCategory, "R"],
  ["signoff.decide", "other category, in_signoff", otherCategory, ""],
  ["signoff.decide", "no category given", noCategory, ""],
  ["signoff.decide", "own category, drafting", ownCategoryDrafting, ""],
  ["signoff.decide", "own category, archived", archivedSignoff, ""],
  ["signoff.decide", "some category (not a wildcard)", someCategory, ""],
  ["signoff.record", "in_signoff, a category", otherCategory, "F"],
  ["signoff.record", "in_signoff, no category", noCategory, ""],
  ["signoff.record", "in_signoff, some category", someCategory, "F"],
  ["signoff.record", "drafting, some category", { ...drafting, someCategory: true }, ""],
  ["signoff.record", "archived, some category", { ...archivedSignoff, categoryId: undefined, someCategory: true }, ""],
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
  ["version.read", "a round's version, drafting", { ...drafting, versionKind: "round" }, "FMARO"],
  ["version.read", "a round's version, in_signoff", { ...inSignoff, versionKind: "round" }, "FMARO"],
  ["version.read", "the adopted version", { ...adopted, versionKind: "adopted" }, "FMARO"],
  ["version.read", "a named version", { ...drafting, versionKind: "named" }, "FMA"],
  ["version.read", "an automatic version", { ...drafting, versionKind: "auto" }, "FMA"],
  ["version.read", "a named version, adopted document", { ...adopted, versionKind: "named" }, "FMA"],
  ["version.read", "no kind given", drafting, "FMA"],
  ["version.read", "archived, a round's version", { ...archivedDrafting, versionKind: "round" }, "FMARO"],
  ["version.read", "archived, an automatic version", { ...archivedDrafting, versionKind: "auto" }, "FMA"],
  ["version.save", "drafting", drafting, "FM"],
  ["version.save", "in_signoff", inSignoff, ""],
  ["version.save", "adopted", adopted, ""],
  ["version.save", "archived drafting", archivedDrafting, ""],
  ["version.restore", "drafting", drafting, "FM"],
  ["version.restore", "drafting, a round's version", { ...drafting, versionKind: "round" }, "FM"],
  ["version.restore", "in_signoff", inSignoff, ""],
  ["version.restore", "adopted", adopted, ""],
  ["version.restore", "archived drafting", archivedDrafting, ""],
  ["export", "drafting, draft as DOCX", { ...drafting, exportVersion: "draft", exportFormat: "docx" }, "FMA"],
  ["export", "in_signoff, frozen as signature sheet", { ...inSignoff, exportVersion: "frozen", exportFormat: "signatures" }, "FMA"],
  ["export", "in_signoff, frozen as PDF", { ...inSignoff, exportVersion: "frozen", exportFormat: "pdf" }, "FMA"],
  ["export", "adopted, adopted as PDF", { ...adopted, exportVersion: "adopted", exportFormat: "pdf" }, "FMARO"],
  ["export", "adopted, adopted as DOCX", { ...adopted, exportVersion: "adopted", exportFormat: "docx" }, "FMA"],
  ["export", "adopted, adopted as Markdown", { ...adopted, exportVersion: "adopted", exportFormat: "md" }, "FMA"],
  ["export", "adopted, adopted as PDF with annotations", { ...adopted, exportVersion: "adopted", exportFormat: "pdf", exportNotes: true }, "FMA"],
  ["export", "drafting, draft with annotations", { ...drafting, exportVersion: "draft", exportFormat: "md", exportNotes: true }, "FMA"],
  ["export", "archived, adopted as PDF", { ...archivedDrafting, documentStatus: "adopted", exportVersion: "adopted", exportFormat: "pdf" }, "FMARO"],
  ["export", "archived, draft as PDF", { ...archivedDrafting, exportVersion: "draft", exportFormat: "pdf" }, "FMA"],
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
      expect(
        rows.some(([, , r]) => !r.archived),
        `${action} on an active process`,
      ).toBe(true);
      expect(
        rows.some(([, , r]) => r.archived),
        `${action} on an archived process`,
      ).toBe(true);
    }
  });

  it("answers abilities exactly as can, for every action, principal and resource of the table", () => {
    const failures: string[] = [];
    for (const [, name, resource] of TABLE) {
      for (const [letter, actor] of Object.entries(principals)) {
        const answers = abilities(actor, resource, ACTIONS);
        expect(Object.keys(answers).sort()).toEqual([...ACTIONS].sort());
        for (const action of ACTIONS) {
          if (answers[action] !== can(actor, action, resource)) failures.push(`${letter} ${action} on ${name}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Only the listed actions: the data a view receives stays small, and its type has those keys only.
    const listed = abilities(principals.F!, active, ["member.invite", "member.leave"]);
    expect(listed).toEqual({ "member.invite": true, "member.leave": true });
    // @ts-expect-error: an action not listed is not a key
    expect(listed["audit.read"]).toBeUndefined();
    expect(abilities(principals.O!, archived, ["member.invite", "member.leave"])).toEqual({ "member.invite": false, "member.leave": false });
  });

  it("refuses representatives and observers everything on a team-only document, as for an unknown one", () => {
    const failures: string[] = [];
    for (const [action, name, resource, allowed] of TABLE) {
      const teamDocument: Resource = { ...resource, documentVisibility: "team" };
      for (const [letter, actor] of Object.entries(principals)) {
        // The team keeps exactly its rights on a team document; nobody else has any.
        const expected = "FMA".includes(letter) && allowed.includes(letter);
        const actual = can(actor, action, teamDocument);
        if (actual !== expected) failures.push(`${letter} ${action} on a team document (${name}): expected ${expected}, got ${actual}`);
      }
    }
    expect(failures).toEqual([]);
    const teamDraft = { archived: false, documentStatus: "drafting" as const, documentVisibility: "team" as const };
    expect(collabAccess(principals.R!, teamDraft)).toBe("none");
    expect(collabAccess(principals.O!, teamDraft)).toBe("none");
    expect(collabAccess(principals.A!, teamDraft)).toBe("read");
    expect(collabAccess(principals.M!, teamDraft)).toBe("edit");
    expect(readOnlyCause(principals.R!, teamDraft)).toBeNull();
  });

  it("derives collab access from the policy only", () => {
    const doc = (status: "drafting" | "in_signoff" | "adopted", isArchived = false) => ({
      archived: isArchived,
      documentStatus: status,
      documentVisibility: "shared" as const,
    });
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
    const doc = (status: "drafting" | "in_signoff" | "adopted", isArchived = false) => ({
      archived: isArchived,
      documentStatus: status,
      documentVisibility: "shared" as const,
    });
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
