import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { AppConfig } from "../../app/domain/config.server.js";
import { translator } from "../../app/core/i18n/index.js";
import { chooseLanguage } from "../../app/domain/locale.server.js";

const HOST_PATTERN = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** The origin this request should come from: PUBLIC_ORIGIN, else the Host the client used. */
export function expectedOrigin(config: AppConfig, req: { headers: Record<string, string | string[] | undefined>; secure?: boolean }): string | undefined {
  if (config.publicOrigin) return config.publicOrigin;
  const host = req.headers.host;
  if (typeof host !== "string" || !HOST_PATTERN.test(host)) return undefined;
  return `${req.secure ? "https" : "http"}://${host.toLowerCase()}`;
}

/**
 * Whether a request (HTTP or WebSocket upgrade) comes from the app's own pages. A missing or
 * unreadable Origin is not the app's own: both the form POSTs and the collab upgrade refuse it.
 */
export function isSameOrigin(config: AppConfig, req: { headers: Record<string, string | string[] | undefined>; secure?: boolean }): boolean {
  const origin = req.headers.origin;
  const expected = expectedOrigin(config, req);
  return typeof origin === "string" && !!expected && origin.toLowerCase() === expected;
}

/** Per-request CSP nonce and security headers. The CSP allows our own WebSocket (connect-src). */
export function securityHeaders(config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const origin = expectedOrigin(config, req);
    const wsOrigin = origin ? origin.replace(/^http/, "ws") : "";
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // ProseMirror and Tiptap set inline style attributes; styles cannot run code.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ""}`,
      // The offline service worker, /sw.js, and nothing else may run as a worker.
      "worker-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      ...(config.secureCookies ? ["upgrade-insecure-requests"] : []),
    ].join("; ");
    res.setHeader("Content-Security-Policy", csp);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (config.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    noStoreWithCookies(res);
    next();
  };
}

/**
 * A response that sets a cookie (a sign-in, a renewed session) is never stored by any cache: the
 * offline service worker cannot see Set-Cookie, so this mark is what keeps it from keeping such a
 * page (app/service-worker/rules.ts). Decided when the headers go out, after every handler added its own.
 */
function noStoreWithCookies(res: Response) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (res.getHeader("Set-Cookie") !== undefined) res.setHeader("Cache-Control", "no-store");
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery defence: every state-changing request must carry an Origin
 * header equal to the app's own origin. A missing Origin is refused too.
 */
export function originCheck(config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isSameOrigin(config, req)) return next();
    // Before the session is read: the cookie and Accept-Language decide.
    const lang = chooseLanguage(undefined, req.headers.cookie, req.headers["accept-language"]);
    res.locals.refusedReason = "origin";
    res.status(403).type("text/plain; charset=utf-8").send(translator(lang)("errors.forbiddenOrigin"));
  };
}
