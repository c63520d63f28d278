import type { AppLoadContext } from "@remix-run/node";
import { notFound, requireMember, type ProcessAccess } from "../access.server.js";

/**
 * Guard of every stakeholder-map route: a member of the team (stakeholderMap.read). For anyone else
 * the map does not exist: 404, exactly as for an unknown process or id (never 403, which would say
 * there is something to hide).
 */
export async function requireMapReader(request: Request, context: AppLoadContext, processId: string | undefined): Promise<ProcessAccess> {
  const access = await requireMember(request, context, processId);
  if (!access.can("stakeholderMap.read")) throw notFound();
  return access;
}
