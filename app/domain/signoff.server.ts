// Sign-off rounds (issues 6 and 9), by concern under ./signoff/:
// - read.server.ts      stored version, rounds, decisions, outcome, who can decide (read models)
// - schemas.server.ts   what the forms may submit (zod)
// - rounds.server.ts    open, reopen, adopt (round transitions)
// - decisions.server.ts decide, record in person (members and people without an account)
// - panel.server.ts     what a document page shows of sign-off to one viewer
// Amending an adopted text creates a document: amendDocument lives in documents.server.ts.
// This module is the one import path for the rest of the app.
export type { SignoffFailure, SignoffOutcome } from "./signoff/common.server.js";
export {
  decidersByCategory,
  decisionsOf,
  evaluateStoredRound,
  getAdoptedRound,
  getOpenRound,
  listRounds,
  requiredCategories,
  revisionLinks,
  storedVersion,
  type CategoryView,
  type Decider,
  type DecisionView,
  type RequiredCategory,
  type RevisionLinks,
  type RoundRow,
  type RoundView,
} from "./signoff/read.server.js";
export { adoptSchema, decisionSchema, openRoundSchema, recordMemberSchema, recordPersonSchema, reopenSchema } from "./signoff/schemas.server.js";
export { adoptRound, openRound, reopenRound } from "./signoff/rounds.server.js";
export { decide, recordInPerson, type DecisionResult } from "./signoff/decisions.server.js";
export { signoffPanel, type SignoffPanelData } from "./signoff/panel.server.js";
