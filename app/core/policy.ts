import type { Visibility } from "./annotations/types.js";
import type { ExportFormat, ExportVersionKind } from "./exports.js";
import type { Role } from "./roles.js";
import type { VersionKind } from "./versions/types.js";

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
 * - A team-only document, and a team-only annotation thread, does not exist for a representative
 *   or an observer: every action on it is refused, and callers answer exactly as for an unknown id.
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
  "document.repair",
  "document.share",
  "annotation.read",
  "annotation.create",
  "annotation.reply",
  "annotation.resolve",
  "annotation.editMessage",
  "annotation.linkActors",
  "signoff.open",
  "signoff.decide",
  "signoff.record",
  "signoff.reopen",
  "signoff.adopt",
  "signoff.amend",
  "version.read",
  "version.save",
  "version.restore",
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
  /**
   * For signoff.record asked before any category is chosen (whether to show the in-person form,
   * the first check of a recording): may the actor record for some category? Each recorded
   * decision is then asked again with its own `categoryId`. Not a wildcard for signoff.decide.
   */
  someCategory?: boolean;
  /** For document.*, signoff.*, export and annotation actions: who sees the document. */
  documentVisibility?: Visibility;
  /** For annotation.* on an existing thread: who sees the thread. */
  annotationVisibility?: Visibility;
  /** For annotation.resolve / annotation.editMessage: the actor wrote the thread (resolve) or the message (edit). */
  isAuthor?: boolean;
  /** For export: which kind of version, in which format, and whether the team's annotations are included. */
  exportVersion?: ExportVersionKind;
  exportFormat?: ExportFormat;
  exportNotes?: boolean;
  /** For version.read: which kind of version (a round's, the adopted one, a named or an automatic one). */
  versionKind?: VersionKind;
}

const TEAM: readonly Role[] = ["facilitator", "mediator", "analyst"];
const EVERYONE: readonly Role[] = ["facilitator", "mediator", "analyst", "representative", "observer"];
const DRAFTERS: readonly Role[] = ["facilitator", "mediator"];
const DISCUSSANTS: readonly Role[] = ["facilitator", "mediator", "analyst", "representative"];

/** Actions that only read: still allowed on an archived process. */
const READ_ONLY: ReadonlySet<Action> = new Set<Action>([
  "process.view",
  "document.read",
  "annotation.read",
  "version.read",
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
  // Team material (a team-only document, everything in it; a team-only thread) exists only for the team.
  if ((resource.documentVisibility === "team" || resource.annotationVisibility === "team") && !roleIn(m.role, TEAM)) return false;
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
      return m.role === "facilitator";
    case "export":
      // The team exports any version it reads, in any format, with its annotations when it asks
      // (an internal export). Everyone else who reads a shared document downloads the adopted
      // version as PDF: their record of the text they signed. Never a team note: those threads do
      // not exist for them, and asking for annotations is the team's alone.
      if (roleIn(m.role, TEAM)) return true;
      return resource.exportVersion === "adopted" && resource.exportFormat === "pdf" && !resource.exportNotes && roleIn(m.role, EVERYONE);
    case "document.create":
      return roleIn(m.role, DRAFTERS);
    case "document.edit":
      return roleIn(m.role, DRAFTERS) && status === "drafting";
    case "document.repair":
      // Restoring a text the editor cannot show (stored before the structure check existed): the
      // facilitator's call, while the text may change at all.
      return m.role === "facilitator" && status === "drafting";
    case "document.share":
      // Sharing a team draft with every member (and taking it back while it is a draft).
      return m.role === "facilitator" && status === "drafting";
    case "annotation.read":
      // Team threads are filtered above; shared ones are read by every member who reads the text.
      return roleIn(m.role, EVERYONE);
    case "annotation.create":
      // The team starts threads (the analyst without any right on the text); whatever the text's
      // status: annotating changes neither the text nor its hash.
      return roleIn(m.role, TEAM);
    case "annotation.reply":
      // Representatives reply to shared threads (team ones are filtered above); observers only read.
      return roleIn(m.role, DISCUSSANTS);
    case "annotation.resolve":
      // The thread's author, or the facilitator for any thread.
      return m.role === "facilitator" || (!!resource.isAuthor && roleIn(m.role, DISCUSSANTS));
    case "annotation.editMessage":
      // Authors edit or delete their own messages, and nobody else's.
      return !!resource.isAuthor && roleIn(m.role, DISCUSSANTS);
    case "annotation.linkActors":
      // Naming the map's actors a thread is about: the team, who read the map. The link is shown
      // only to readers of the map, even on a shared thread.
      return roleIn(m.role, TEAM);
    case "version.read":
      // The team reads every version. Named and automatic versions are the team's working states,
      // some from before the document was shared: everyone else who reads a shared document reads
      // only what was put to sign-off (a round's version, the adopted one). No kind given: no.
      if (roleIn(m.role, TEAM)) return true;
      return (resource.versionKind === "round" || resource.versionKind === "adopted") && roleIn(m.role, EVERYONE);
    case "version.save":
    case "version.restore":
      // Saving and restoring are drafting: a frozen or adopted text has only its rounds' versions.
      return roleIn(m.role, DRAFTERS) && status === "drafting";
    case "stakeholderMap.read":
      return roleIn(m.role, TEAM);
    case "stakeholderMap.edit":
      // The analyst maintains the map; the facilitator may correct it. Mediators read it.
      return m.role === "analyst" || m.role === "facilitator";
    case "signoff.open":
      return m.role === "facilitator" && status === "drafting";
    case "signoff.decide":
      // A representative decides for their own category only, and only on a frozen version.
      return m.role === "representative" && status === "in_signoff" && !!m.categoryId && !!resource.categoryId && m.categoryId === resource.categoryId;
    case "signoff.record":
      // The facilitator records a decision taken in person (paper, oral assent) for a category.
      return m.role === "facilitator" && status === "in_signoff" && (!!resource.categoryId || !!resource.someCategory);
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

/**
 * The policy's answers for a listed set of actions on one resource, keyed by action: what a loader
 * hands its view (only the actions the view shows), so no view or loader builds its own `may`.
 */
export function abilities<A extends Action>(actor: Actor, resource: Resource, actions: readonly A[]): Record<A, boolean> {
  const answers = {} as Record<A, boolean>;
  for (const action of actions) answers[action] = can(actor, action, resource);
  return answers;
}

/** Why a member who may read a document cannot change its text; null when they can (or cannot read it). */
export type ReadOnlyCause = "archived" | "adopted" | "lockedForSignOff" | "analyst" | "representative" | "observer";

/** A document as the policy sees it: status and visibility are required, so no caller can forget the visibility. */
export type DocumentResource = Resource & { documentStatus: DocumentStatus; documentVisibility: Visibility };

export function readOnlyCause(actor: Actor, document: DocumentResource): ReadOnlyCause | null {
  if (collabAccess(actor, document) !== "read") return null;
  if (document.archived) return "archived";
  if (document.documentStatus === "adopted") return "adopted";
  if (document.documentStatus === "in_signoff") return "lockedForSignOff";
  const role = actor.membership!.role;
  return role === "analyst" || role === "representative" || role === "observer" ? role : null;
}

/** What a collab connection to a document may do, derived only from `can`. */
export function collabAccess(actor: Actor, document: DocumentResource): "edit" | "read" | "none" {
  if (can(actor, "document.edit", document)) return "edit";
  if (can(actor, "document.read", document)) return "read";
  return "none";
}

/** The policy's view of a document row: every document-scoped question passes these two facts. */
export function documentFacts(document: { status: DocumentStatus; visibility: Visibility }): {
  documentStatus: DocumentStatus;
  documentVisibility: Visibility;
} {
  return { documentStatus: document.status, documentVisibility: document.visibility };
}

/**
 * Whether a person must use a second factor to work: they hold, in some process (archived ones
 * included: a facilitator may restore one), a role the instance administrator requires it for.
 * Until they set one up, every page sends them to its setup and no document connection opens.
 */
export function secondFactorRequired(rolesHeld: readonly Role[], requiredRoles: readonly Role[]): boolean {
  return rolesHeld.some((role) => requiredRoles.includes(role));
}
