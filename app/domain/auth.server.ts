import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./sessions.server.js";
import { blankSessionCookie, createSession, generateSessionToken, sessionCookie } from "./sessions.server.js";
import { recordAudit } from "./audit.server.js";
import { challengeCookie, createChallenge } from "./login-challenges.server.js";
import { isSecondFactorEnabled, mustSetUpSecondFactor } from "./second-factor.server.js";
import "./context.server.js";

/** Where someone whose role requires a second factor, and who has none yet, is sent. */
export const SECOND_FACTOR_SETUP_PATH = "/account/second-factor";

/** Only local paths: never redirect a user to another site after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function getUser(context: AppLoadContext): SessionUser | null {
  return context.auth?.user ?? null;
}

/**
 * Guard: the signed-in user, or a redirect to the sign-in page that comes back here. Someone the
 * administrator requires a second factor of, who has none yet, is sent to its setup instead: every
 * page, action and resource goes through here (or requireMember), so nothing else is reachable.
 */
export async function requireUser(request: Request, context: AppLoadContext, options: { settingUpSecondFactor?: boolean } = {}): Promise<SessionUser> {
  const user = getUser(context);
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  if (!user) {
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  if (!options.settingUpSecondFactor && (await mustSetUpSecondFactor(context.services.db, user.id))) {
    throw redirect(back === "/" ? SECOND_FACTOR_SETUP_PATH : `${SECOND_FACTOR_SETUP_PATH}?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** Guard: pages for signed-out people only (sign-in, sign-up) send signed-in users home. */
export function requireAnonymous(context: AppLoadContext): void {
  if (context.auth) throw redirect("/");
}

export async function requireAdmin(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await requireUser(request, context);
  // 404, not 403: the admin area does not announce itself.
  if (!user.isAdmin) throw new Response("Not found", { status: 404 });
  return user;
}

/** Starts a session for a user and returns the Set-Cookie header to send. */
export async function startSession(context: AppLoadContext, request: Request, userId: string, details?: Record<string, unknown>): Promise<string> {
  const { db, config } = context.services;
  const token = generateSessionToken();
  const session = await createSession(db, token, userId, request.headers.get("user-agent"));
  await recordAudit(db, { actorUserId: userId, action: "session.started", targetType: "user", targetId: userId, details });
  return sessionCookie(token, session.expiresAt, config.secureCookies);
}

/**
 * After a password (or a reset link) proved who this is: a session at once, or, when the account
 * has a second factor, a challenge and the code page. Returns where to go and the cookie to set.
 */
export async function signInAfterPassword(
  context: AppLoadContext,
  request: Request,
  userId: string,
  redirectTo: string,
): Promise<{ location: string; cookie: string }> {
  const { db, config } = context.services;
  if (await isSecondFactorEnabled(db, userId)) {
    const token = await createChallenge(db, userId, redirectTo);
    return { location: "/login/code", cookie: challengeCookie(token, config.secureCookies) };
  }
  return { location: redirectTo, cookie: await startSession(context, request, userId) };
}

export function endSessionCookie(context: AppLoadContext): string {
  return blankSessionCookie(context.services.config.secureCookies);
}
