import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
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

export { formatDate } from "../core/dates.js";

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
