import type { Role } from "./roles.js";

/**
 * THE authorization policy: one pure function, no I/O. Loaders, actions, domain mutations and
 * the collab server's WebSocket upgrade all ask it; nothing else decides access.
 *
 * Principles:
 * - A non-member may do nothing, whatever else they are (the instance administrator included):
 *   callers answer 404 so that a process's existence does not leak.
 * - An archived process is read-only for everyone. The one exception is `process.archive`,
 *   the toggle a facilitator uses to restore it.
 * - Document text is edited only by facilitators and mediators, and only while drafting.
 */
export const ACTIONS = [
  "process.view",
  "process.manage",
  "process.archive",
  "member.invite",
  "member.manage",
  "member.leave",
  "category.manage",
  "document.create",
  "document.read",
  "document.edit",
  "document.comment",
  "document.repair",
  "annotation.team.read",
  "annotation.team.write",
  "annotation.shared.write",
  "signoff.open",
  "signoff.decide",
  "signoff.record",
  "signoff.reopen",
  "signoff.adopt",
  "signoff.amend",
  "export",
  "audit.read",
  "stakeholderMap.read",
  "stakeholderMap.edit",
] as const;
export type Action = (typeof ACTIONS)[number];

export const DOCUMENT_STATUSES = ["drafting", "in_signoff", "adopted"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface Membership {
  role: Role;
  /** The stakeholder category a representative speaks for; null for other roles. */
  categoryId: string | null;
}

export interface Actor {
  userId: string;
  isAdmin: boolean;
  /** The actor's membership in the resource's process, or null when not a member. */
  membership: Membership | null;
}

export interface Resource {
  /** The process is archived: nothing may change. */
  archived: boolean;
  /** For document.*, signoff.*, export and annotation actions: the document's status. */
  documentStatus?: DocumentStatus;
  /** For signoff.decide / signoff.record: the stakeholder category the decision is for. */
  categoryId?: string | null;
}

const TEAM: readonly Role[] = ["facilitator", "mediator", "analyst"];
const EVERYONE: readonly Role[] = ["facilitator", "mediator", "analyst", "representative", "observer"];
const DRAFTERS: readonly Role[] = ["facilitator", "mediator"];
const DISCUSSANTS: readonly Role[] = ["facilitator", "mediator", "analyst", "representative"];

/** Actions that only read: still allowed on an archived process. */
const READ_ONLY: ReadonlySet<Action> = new Set<Action>([
  "process.view",
  "document.read",
  "annotation.team.read",
  "export",
  "audit.read",
  "stakeholderMap.read",
]);

function roleIn(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role);
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const m = actor.membership;
  // Instance administration grants nothing inside processes.
  if (!m) return false;
  if (resource.archived && !READ_ONLY.has(action) && action !== "process.archive") return false;
  const status = resource.documentStatus;
  switch (action) {
    case "process.view":
    case "document.read":
    case "member.leave":
      return roleIn(m.role, EVERYONE);
    case "process.manage":
    case "process.archive":
    case "member.invite":
    case "member.manage":
    case "category.manage":
    case "audit.read":
    case "export":
      return m.role === "facilitator";
    case "document.create":
      return roleIn(m.role, DRAFTERS);
    case "document.edit":
      return roleIn(m.role, DRAFTERS) && status === "drafting";
    case "document.repair":
      // Restoring a text the editor cannot show (stored before the structure check existed): the
      // facilitator's call, while the text may change at all.
      return m.role === "facilitator" && status === "drafting";
    case "document.comment":
    case "annotation.shared.write":
      return roleIn(m.role, DISCUSSANTS);
    case "annotation.team.read":
    case "annotation.team.write":
    case "stakeholderMap.read":
      return roleIn(m.role, TEAM);
    case "stakeholderMap.edit":
      // The analyst maintains the map; the facilitator may correct it. Mediators read it.
      return m.role === "analyst" || m.role === "facilitator";
    case "signoff.open":
      return m.role === "facilitator" && status === "drafting";
    case "signoff.decide":
      // A representative decides for their own category only, and only on a frozen version.
      return (
        m.role === "representative" &&
        status === "in_signoff" &&
        !!m.categoryId &&
        !!resource.categoryId &&
        m.categoryId === resource.categoryId
      );
    case "signoff.record":
      // The facilitator records a decision taken in person (paper, oral assent) for a category.
      return m.role === "facilitator" && status === "in_signoff" && !!resource.categoryId;
    case "signoff.reopen":
      // The facilitator closes an open round without adoption (the text goes back to drafting).
      return m.role === "facilitator" && status === "in_signoff";
    case "signoff.adopt":
      // Adoption is a deliberate act: the facilitator declares it (the domain checks the rule is
      // satisfied on the round's exact version); nothing adopts by itself.
      return m.role === "facilitator" && status === "in_signoff";
    case "signoff.amend":
      // An adopted text never changes; the facilitator starts a new revision from it.
      return m.role === "facilitator" && status === "adopted";
    default: {
      const unknown: never = action;
      throw new Error(`unknown action ${String(unknown)}`);
    }
  }
}

/** Why a member who may read a document cannot change its text; null when they can (or cannot read it). */
export type ReadOnlyCause = "archived" | "adopted" | "lockedForSignOff" | "analyst" | "representative" | "observer";

export function readOnlyCause(actor: Actor, document: Resource & { documentStatus: DocumentStatus }): ReadOnlyCause | null {
  if (collabAccess(actor, document) !== "read") return null;
  if (document.archived) return "archived";
  if (document.documentStatus === "adopted") return "adopted";
  if (document.documentStatus === "in_signoff") return "lockedForSignOff";
  const role = actor.membership!.role;
  return role === "analyst" || role === "representative" || role === "observer" ? role : null;
}

/** What a collab connection to a document may do, derived only from `can`. */
export function collabAccess(actor: Actor, document: Resource & { documentStatus: DocumentStatus }): "edit" | "read" | "none" {
  if (can(actor, "document.edit", document)) return "edit";
  if (can(actor, "document.read", document)) return "read";
  return "none";
}
