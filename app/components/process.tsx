import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { categoryLabel, type CategoryLabels } from "../core/categories.js";
import { isLanguage, type Language } from "../core/languages.js";
import type { Role } from "../core/roles.js";

/** The interface language as i18next knows it, narrowed to ours. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : "en";
}

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <span className={`badge role-${role}`}>{t(`roles.${role}`)}</span>;
}

export function CategoryName({ category }: { category: CategoryLabels | null | undefined }) {
  const language = useLanguage();
  return <>{category ? categoryLabel(category, language) : null}</>;
}

// Formatters are costly to create (toLocaleString makes one per call: a panel of 500 threads spent
// most of its render there); one per language and style is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDate(ms: number, language: Language, withTime = false): string {
  const key = `${language}|${withTime}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", {
      dateStyle: "medium",
      // One fixed zone so server and browser render the same text (Mali is on UTC all year).
      timeZone: "UTC",
      ...(withTime ? { timeStyle: "short" } : {}),
    });
    formatters.set(key, format);
  }
  const text = format.format(new Date(ms));
  return withTime ? `${text} UTC` : text;
}

/**
 * Error page of process routes: 404 for non-members (the process does not exist for them),
 * 403 for members whose role does not allow the action, both localized.
 */
export function ProcessErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const [title, body] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFound")]
      : status === 403
        ? [t("processes.forbiddenTitle"), t("processes.forbidden")]
        : [t("errors.unexpectedTitle"), t("errors.unexpected")];
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </div>
  );
}
