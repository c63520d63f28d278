import type { AppLoadContext } from "@remix-run/node";
import { linkThrottleKey, recordLoginFailure, retryAfterMs } from "./login-throttle.server.js";

// Pages opened by a secret link (invitations, password resets) count the links a client tried
// that were unknown or spent, per IP address, and answer 429 once there were too many, before
// looking the next token up.

export type LinkKind = "invitation" | "reset";

/** Seconds the client must wait before trying another link, or 0. */
export async function linkRetryAfterSeconds(context: AppLoadContext, kind: LinkKind): Promise<number> {
  return Math.ceil((await retryAfterMs(context.services.db, [linkThrottleKey(kind, context.clientIp)])) / 1000);
}

/** Counts a lookup whose link was not usable (unknown, expired, used, revoked). */
export async function noteLinkLookup(context: AppLoadContext, kind: LinkKind, state: string): Promise<void> {
  if (state !== "valid") await recordLoginFailure(context.services.db, [linkThrottleKey(kind, context.clientIp)]);
}
