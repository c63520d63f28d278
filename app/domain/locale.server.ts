import type { AppLoadContext } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from "../core/languages.js";
import { readCookie } from "./sessions.server.js";

export const LANGUAGE_COOKIE = "mw_lang";

/** The interface language: the user's preference, else the language cookie, else Accept-Language, else English. */
export function resolveLanguage(request: Request, context: AppLoadContext): Language {
  const preferred = context.auth?.user.preferredLanguage;
  if (preferred) return preferred;
  const cookie = readCookie(request.headers.get("cookie"), LANGUAGE_COOKIE);
  if (isLanguage(cookie)) return cookie;
  return languageFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LANGUAGE;
}

export function languageCookie(language: Language, secure: boolean): string {
  return [`${LANGUAGE_COOKIE}=${language}`, "Path=/", "SameSite=Lax", `Max-Age=${365 * 24 * 3600}`, ...(secure ? ["Secure"] : [])].join("; ");
}
