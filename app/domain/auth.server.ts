import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./sessions.server.js";
import { blankSessionCookie, createSession, generateSessionToken, sessionCookie } from "./sessions.server.js";
import { recordAudit } from "./audit.server.js";
import "./context.server.js";

/** Only local paths: never redirect a user to another site after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function getUser(context: AppLoadContext): SessionUser | null {
  return context.auth?.user ?? null;
}

/** Guard: the signed-in user, or a redirect to the sign-in page that comes back here. */
export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = getUser(context);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** Guard: pages for signed-out people only (sign-in, sign-up) send signed-in users home. */
export function requireAnonymous(context: AppLoadContext): void {
  if (context.auth) throw redirect("/");
}

export function requireAdmin(request: Request, context: AppLoadContext): SessionUser {
  const user = requireUser(request, context);
  // 404, not 403: the admin area does not announce itself.
  if (!user.isAdmin) throw new Response("Not found", { status: 404 });
  return user;
}

/** Starts a session for a user and returns the Set-Cookie header to send. */
export function startSession(context: AppLoadContext, request: Request, userId: string): string {
  const { db, config } = context.services;
  const token = generateSessionToken();
  const session = createSession(db, token, userId, request.headers.get("user-agent"));
  recordAudit(db, { actorUserId: userId, action: "session.started", targetType: "user", targetId: userId });
  return sessionCookie(token, session.expiresAt, config.secureCookies);
}

export function endSessionCookie(context: AppLoadContext): string {
  return blankSessionCookie(context.services.config.secureCookies);
}
