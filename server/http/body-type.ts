import type { NextFunction, Request, Response } from "express";
import { translator } from "../../app/core/i18n/index.js";
import type { Language } from "../../app/core/languages.js";
import { chooseLanguage } from "../../app/domain/locale.server.js";
import type { ValidatedSession } from "../../app/domain/sessions.server.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** What every form of the app sends, with or without JavaScript (HTML forms, fetchers, the annotation panel). */
const FORM = "application/x-www-form-urlencoded";

function hasBody(req: Request): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function languageOf(req: Request, res: Response): Language {
  const auth = res.locals.auth as ValidatedSession | null;
  return chooseLanguage(auth?.user.preferredLanguage, req.headers.cookie, req.headers["accept-language"]);
}

/**
 * Every action of the app reads an urlencoded form. A JSON document, plain text or a multipart
 * upload sent to one would make Remix's form parser throw (an answer 500, logged as a crash);
 * instead it gets 415 with a sentence in the reader's language, before any route code runs, and
 * nothing changes. A request without a body (an empty form) is a form too.
 */
export function formBodiesOnly() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || !hasBody(req)) return next();
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type === FORM) return next();
    res.locals.refusedReason = "body-type";
    res
      .status(415)
      .set("Accept-Post", FORM)
      .type("text/plain; charset=utf-8")
      .send(translator(languageOf(req, res))("errors.unsupportedBody"));
  };
}
