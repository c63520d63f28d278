// What a document page shows of sign-off, for one viewer: the rounds (panel and history), what the
// viewer may do (asked of the policy here, so the view re-implements no condition), and for the
// facilitator who can decide for each category.
import type { Sql } from "../../storage/sql.server.js";
import type { CategoryRef } from "../../core/categories.js";
import { documentFacts, type DocumentStatus } from "../../core/policy.js";
import { defaultSignoffCategoryKeys } from "../../core/signoff.js";
import type { ProcessAccess } from "../access.server.js";
import type { DocumentRecord } from "../documents.server.js";
import { listMembers } from "../members.server.js";
import { decidersByCategory, listRounds, revisionLinks, type Decider, type DecisionView, type RevisionLinks, type RoundView } from "./read.server.js";

export interface SignoffPanelData {
  status: DocumentStatus;
  rounds: RoundView[];
  me: { userId: string; categoryId: string | null };
  /** What this viewer may do now (policy + the round's state), for the view to show or not. */
  may: {
    open: boolean;
    reopen: boolean;
    /** Record a decision given in person (the open round). */
    record: boolean;
    /** Decide for their own category, required in the open round. */
    decide: boolean;
    /** Declare the adoption: the rule is satisfied on the open round. */
    adopt: boolean;
    amend: boolean;
  };
  /** A representative whose category is not required in the open round (told so, no form). */
  notRequired: boolean;
  /** The viewer's own current decision in the open round. */
  myDecision: DecisionView | null;
  /** The adoption confirmation was asked for (`?confirm=adopt`) by someone who may adopt. */
  confirmAdopt: boolean;
  categories: CategoryRef[];
  templateDefaultIds: string[];
  /** Facilitators only: who can decide for each category (category id → people). */
  deciders: Record<string, Decider[]>;
  /** Facilitators only: the member representatives of the open round's categories, for the in-person form. */
  representatives: { userId: string; displayName: string; categoryId: string; decidedThemselves: boolean }[];
  revisions: RevisionLinks;
}

export async function signoffPanel(
  db: Sql,
  access: Pick<ProcessAccess, "abilities" | "membership" | "user">,
  document: Pick<DocumentRecord, "id" | "status" | "visibility" | "templateId">,
  options: { categories: CategoryRef[]; confirmAdopt: boolean },
): Promise<SignoffPanelData> {
  const { status } = document;
  const facts = documentFacts(document);
  const rounds = await listRounds(db, document.id);
  const open = status === "in_signoff" && rounds[0]?.status === "open" ? rounds[0] : null;
  const categoryId = access.membership.categoryId;
  const myRequired = !!open && open.categories.some((c) => c.categoryId === categoryId);
  const revisions = await revisionLinks(db, document.id);
  // One resource answers the six questions: decide is asked for the viewer's own category, record
  // for some category (the in-person form comes before one is chosen); the others ignore both.
  const can = access.abilities(["signoff.open", "signoff.reopen", "signoff.record", "signoff.decide", "signoff.adopt", "signoff.amend"], {
    ...facts,
    categoryId,
    someCategory: true,
  });
  // The policy's answer, narrowed by the round's state: what the view shows.
  const may = {
    open: can["signoff.open"],
    reopen: can["signoff.reopen"] && !!open,
    record: can["signoff.record"] && !!open,
    decide: can["signoff.decide"] && myRequired,
    adopt: can["signoff.adopt"] && !!open && open.evaluation.ruleSatisfied,
    amend: can["signoff.amend"] && !revisions.amendedBy,
  };
  const facilitatorTools = can["signoff.open"] || can["signoff.record"];
  const deciders = facilitatorTools ? Object.fromEntries(await decidersByCategory(db, access.membership.processId)) : {};
  const defaults = defaultSignoffCategoryKeys(document.templateId);
  return {
    status,
    rounds,
    me: { userId: access.user.id, categoryId },
    may,
    notRequired: !!open && !!categoryId && access.membership.role === "representative" && !myRequired,
    myDecision: open?.decisions.find((d) => d.userId === access.user.id && !d.superseded) ?? null,
    confirmAdopt: options.confirmAdopt && can["signoff.adopt"] && !!open,
    categories: options.categories,
    templateDefaultIds: options.categories.filter((c) => c.key !== null && defaults.includes(c.key)).map((c) => c.id),
    deciders,
    // Names only, and only for those who record decisions.
    representatives:
      may.record && open
        ? (await listMembers(db, access.membership.processId))
            .filter((m) => m.role === "representative" && m.categoryId && open.categories.some((c) => c.categoryId === m.categoryId))
            .map((m) => ({
              userId: m.userId,
              displayName: m.displayName,
              categoryId: m.categoryId!,
              decidedThemselves: open.decisions.some((d) => d.userId === m.userId && !d.inPerson),
            }))
        : [],
    revisions,
  };
}
