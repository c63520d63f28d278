// Test data: an actor of the map with every field at a plain default, for the pure modules' tests.
import type { StakeholderActor } from "./types.js";

export function testActor(fields: Partial<StakeholderActor> & { id: string }): StakeholderActor {
  return {
    processId: "p",
    name: fields.id,
    kind: "group",
    categoryId: null,
    community: null,
    functions: [],
    illicitLink: "none",
    illicitSource: null,
    influence: 3,
    legitimacy: 3,
    legitimacyNotes: null,
    representatives: [],
    representationNote: null,
    sources: null,
    createdAt: 0,
    updatedAt: 0,
    updatedByName: "Analyst",
    ...fields,
  };
}
