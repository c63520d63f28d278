import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { actionLabel, AuditTable } from "~/components/audit";
import { requirePermission } from "~/domain/access.server";
import { listProcessAudit, listProcessAuditActions } from "~/domain/process-audit.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requirePermission(request, context, params.processId, "audit.read");
  const { db } = context.services;
  const processId = access.membership.processId;
  const url = new URL(request.url);
  const actions = await listProcessAuditActions(db, processId);
  const requested = url.searchParams.get("action") ?? "";
  const action = actions.includes(requested) ? requested : "";
  const page = Number(url.searchParams.get("page") ?? "1") || 1;
  return json({ processId, actions, action, ...(await listProcessAudit(db, processId, { action, page })) });
}

export default function AuditLog() {
  const { processId, actions, action, events, page, pages, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pageLink = (n: number) => `/processes/${processId}/audit?${new URLSearchParams({ ...(action ? { action } : {}), page: String(n) })}`;
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t("audit.title")}</h2>
      <p className="muted">{t("audit.intro")}</p>
      <Form method="get" className="filter-row">
        <div className="field">
          <label htmlFor="audit-action">{t("audit.filter")}</label>
          <select id="audit-action" name="action" defaultValue={action}>
            <option value="">{t("audit.allActions")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a, t)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("audit.apply")}
        </button>
      </Form>
      {events.length ? <AuditTable events={events} caption={t("audit.title")} /> : <p className="empty-state">{t("audit.empty")}</p>}
      {total > 0 ? (
        <nav className="pagination" aria-label={t("audit.pagination")}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("audit.previous")}</Link> : <span />}
          <span>{t("audit.page", { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("audit.next")}</Link> : <span />}
        </nav>
      ) : null}
    </section>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
