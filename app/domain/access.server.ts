import type { AppLoadContext } from "@remix-run/node";
import type { Sql } from "../storage/sql.server.js";
import { abilities, can, type Action, type Actor, type Membership, type Resource } from "../core/policy.js";
import type { Role } from "../core/roles.js";
import { requireUser } from "./auth.server.js";
import type { SessionUser } from "./sessions.server.js";

/** A member's rights in a process, as the policy needs them, plus the process's archived flag. */
export interface MembershipInfo extends Membership {
  processId: string;
  userId: string;
  archived: boolean;
}

/**
 * "Is this user still a member, with which rights?" One primary-key lookup joined to its
 * process row: cheap enough for every request and every collab upgrade or domain event.
 */
export async function getMembership(db: Sql, processId: string, userId: string): Promise<MembershipInfo | null> {
  const row = await db.get<{ role: Role; category_id: string | null; status: string }>(
    `SELECT m.role, m.category_id, p.status FROM process_members m
       JOIN processes p ON p.id = m.process_id
       WHERE m.process_id = ? AND m.user_id = ?`,
    processId,
    userId,
  );
  if (!row) return null;
  return { processId, userId, role: row.role, categoryId: row.category_id, archived: row.status === "archived" };
}

/**
 * The signed-in user as domain mutations take it: who (id) and whether they administer the
 * instance. The policy's Actor adds the membership, which the domain reads itself (authorize).
 */
export type UserRef = { id: string; isAdmin: boolean };

export function actorFor(user: UserRef, membership: Membership | null): Actor {
  return {
    userId: user.id,
    isAdmin: user.isAdmin,
    membership: membership ? { role: membership.role, categoryId: membership.categoryId } : null,
  };
}

/** Thrown by domain mutations when the policy refuses: 404 for non-members, 403 for members. */
export class AccessDeniedError extends Error {
  constructor(readonly status: 403 | 404) {
    super(status === 404 ? "not found" : "forbidden");
  }
}

const NOT_READABLE: ReadonlySet<Action> = new Set<Action>(["document.read", "annotation.read", "stakeholderMap.read"]);

/**
 * Re-checks the policy inside a domain mutation (and its transaction), so a mutation stays safe
 * whoever calls it and however long ago the route's guard ran.
 */
export async function authorize(db: Sql, processId: string, user: UserRef, action: Action, extra: Omit<Resource, "archived"> = {}): Promise<MembershipInfo> {
  const membership = await getMembership(db, processId, user.id);
  if (!membership) throw new AccessDeniedError(404);
  // What a member may not read does not exist for them (a team draft for a representative): 404.
  if (!can(actorFor(user, membership), action, { archived: membership.archived, ...extra })) throw new AccessDeniedError(NOT_READABLE.has(action) ? 404 : 403);
  return membership;
}

export interface ProcessAccess {
  user: SessionUser;
  membership: MembershipInfo;
  actor: Actor;
  /** Asks the policy about this process (document actions pass their document's fields). */
  can(action: Action, extra?: Omit<Resource, "archived">): boolean;
  /** The policy's answers for the listed actions, keyed by action: the `may` a loader gives its view. */
  abilities<A extends Action>(actions: readonly A[], extra?: Omit<Resource, "archived">): Record<A, boolean>;
}

export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/**
 * Guard: the signed-in member of this process, or a 404 for anyone else (never 403: a
 * non-member must not learn that the process exists). Signed-out people go to sign-in.
 */
export async function requireMember(request: Request, context: AppLoadContext, processId: string | undefined): Promise<ProcessAccess> {
  const user = await requireUser(request, context);
  const membership = processId ? await getMembership(context.services.db, processId, user.id) : null;
  if (!membership) throw notFound();
  const actor = actorFor(user, membership);
  return {
    user,
    membership,
    actor,
    can: (action, extra = {}) => can(actor, action, { archived: membership.archived, ...extra }),
    abilities: (actions, extra = {}) => abilities(actor, { archived: membership.archived, ...extra }, actions),
  };
}

/** Guard: a member allowed to do `action`; 404 for non-members, 403 for members without the right. */
export async function requirePermission(
  request: Request,
  context: AppLoadContext,
  processId: string | undefined,
  action: Action,
  extra: Omit<Resource, "archived"> = {},
): Promise<ProcessAccess> {
  const access = await requireMember(request, context, processId);
  if (!access.can(action, extra)) throw forbidden();
  return access;
}

/** Turns a domain AccessDeniedError into the HTTP answer; rethrows anything else. */
export function rethrowAccess(error: unknown): never {
  if (error instanceof AccessDeniedError) throw error.status === 404 ? notFound() : forbidden();
  throw error;
}

/** Runs a domain call from a route, answering 404/403 if the policy refused inside it. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    rethrowAccess(error);
  }
}
