import type { AppLoadContext } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from "../core/languages.js";
import { readCookie } from "./sessions.server.js";

export const LANGUAGE_COOKIE = "mw_lang";

/** The interface language: the user's preference, else the language cookie, else Accept-Language, else English. */
export function chooseLanguage(preferred: Language | undefined, cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Language {
  if (preferred) return preferred;
  const cookie = readCookie(cookieHeader, LANGUAGE_COOKIE);
  if (isLanguage(cookie)) return cookie;
  return languageFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
}

export function resolveLanguage(request: Request, context: AppLoadContext): Language {
  return chooseLanguage(context.auth?.user.preferredLanguage, request.headers.get("cookie"), request.headers.get("accept-language"));
}

export function languageCookie(language: Language, secure: boolean): string {
  return [`${LANGUAGE_COOKIE}=${language}`, "Path=/", "SameSite=Lax", `Max-Age=${365 * 24 * 3600}`, ...(secure ? ["Secure"] : [])].join("; ");
}
