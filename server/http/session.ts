import type { NextFunction, Request, Response } from "express";
import type { Sql } from "../../app/storage/sql.server.js";
import type { AppConfig } from "../../app/domain/config.server.js";
import { readCookie, SESSION_COOKIE, sessionCookie, validateSessionToken, type ValidatedSession } from "../../app/domain/sessions.server.js";

/** Reads the session cookie of an HTTP request or WebSocket upgrade and validates it. */
export async function authenticateRequest(db: Sql, cookieHeader: string | undefined): Promise<{ auth: ValidatedSession; token: string } | null> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token) return null;
  const auth = await validateSessionToken(db, token);
  return auth ? { auth, token } : null;
}

/** Validates the session once per request; a renewed session gets its cookie sent again (sliding expiry). */
export function sessionMiddleware(db: Sql, config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction) => {
    authenticateRequest(db, req.headers.cookie).then((result) => {
      res.locals.auth = result?.auth ?? null;
      if (result?.auth.renewed) {
        res.append("Set-Cookie", sessionCookie(result.token, result.auth.session.expiresAt, config.secureCookies));
      }
      next();
    }, next);
  };
}
