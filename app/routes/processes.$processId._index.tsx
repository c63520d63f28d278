import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { AuditTable } from "~/components/audit";
import { DocumentList } from "~/components/documents";
import { CategoryName, formatDate, RoleBadge, useLanguage } from "~/components/process";
import { categoryLabel } from "~/core/categories";
import { ROLES } from "~/core/roles";
import { requireMember } from "~/domain/access.server";
import { listCategories } from "~/domain/categories.server";
import { documentListItems } from "~/domain/documents.server";
import { listMembers } from "~/domain/members.server";
import { listProcessAudit } from "~/domain/process-audit.server";
import { getProcess } from "~/domain/processes.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const process = (await getProcess(db, processId))!;
  const members = (await listMembers(db, processId)).map(({ email: _email, ...m }) => m);
  const categories = (await listCategories(db, processId)).map((c) => ({
    id: c.id,
    key: c.key,
    labelEn: c.labelEn,
    labelFr: c.labelFr,
    representatives: members.filter((m) => m.role === "representative" && m.categoryId === c.id),
  }));
  // Recent activity is the audit log: shown to those the policy lets read it.
  const activity = access.can("audit.read") ? (await listProcessAudit(db, processId, { pageSize: 8 })).events : null;
  // A team-only document is not listed for a member outside the team.
  const documents = await documentListItems(db, access, processId);
  return json({ process, members, categories, activity, documents, canCreateDocument: access.can("document.create"), me: access.user.id });
}

export default function ProcessOverview() {
  const { process, members, categories, activity, documents, canCreateDocument, me } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const language = useLanguage();
  const missing = categories.filter((c) => c.representatives.length === 0);
  return (
    <div className="overview">
      <section className="card" aria-labelledby="about-heading">
        <h2 id="about-heading" className="visually-hidden">
          {t("processes.overview")}
        </h2>
        {process.description ? <p className="process-description">{process.description}</p> : null}
        <p className="muted">
          {t("processes.languagesList", { list: process.languages.map((l) => t(`languages.${l}`)).join(", ") })} ·{" "}
          {t("processes.created", { date: formatDate(process.createdAt, language) })}
        </p>
      </section>

      <DocumentList processId={process.id} documents={documents} canCreate={canCreateDocument} />

      <section className="card" aria-labelledby="representation-heading">
        <h2 id="representation-heading">{t("processes.representation")}</h2>
        <p className="muted">{t("processes.representationIntro")}</p>
        {missing.length ? (
          <div className="alert alert-warning" data-testid="missing-summary">
            {t("processes.missingSummary", {
              count: missing.length,
              list: missing.map((c) => categoryLabel(c, language)).join(", "),
            })}
          </div>
        ) : (
          <div className="alert alert-success">{t("processes.allRepresented")}</div>
        )}
        <table className="table table-stack">
          <thead>
            <tr>
              <th scope="col">{t("processes.category")}</th>
              <th scope="col">{t("processes.status")}</th>
              <th scope="col">{t("processes.representatives")}</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c.id} data-category={c.key ?? c.id} data-represented={c.representatives.length > 0}>
                <th scope="row">
                  <CategoryName category={c} />
                </th>
                <td data-label={t("processes.status")}>
                  {c.representatives.length ? (
                    <span className="badge badge-ok">{t("processes.represented")}</span>
                  ) : (
                    <span className="badge badge-missing">{t("processes.missing")}</span>
                  )}
                </td>
                <td data-label={t("processes.representatives")}>
                  {c.representatives.length
                    ? c.representatives.map((r) => `${r.displayName}${r.affiliation ? ` (${r.affiliation})` : ""}`).join(", ")
                    : t("processes.nobody")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t("processes.membersByRole")}</h2>
        <div className="role-groups">
          {ROLES.map((role) => {
            const inRole = members.filter((m) => m.role === role);
            return (
              <div key={role} className="role-group">
                <h3>
                  <RoleBadge role={role} /> <span className="muted">({inRole.length})</span>
                </h3>
                {inRole.length ? (
                  <ul className="plain-list">
                    {inRole.map((m) => (
                      <li key={m.userId}>
                        {m.displayName} {m.userId === me ? t("members.you") : null}
                        {m.categoryId ? (
                          <span className="muted">
                            {" "}
                            — <CategoryName category={categories.find((c) => c.id === m.categoryId)} />
                            {m.affiliation ? `, ${m.affiliation}` : ""}
                          </span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{t("processes.noMemberInRole")}</p>
                )}
              </div>
            );
          })}
        </div>
      </section>

      {activity ? (
        <section className="card" aria-labelledby="activity-heading">
          <h2 id="activity-heading">{t("processes.recentActivity")}</h2>
          {activity.length ? (
            <>
              <AuditTable events={activity} caption={t("processes.recentActivity")} />
              <p>
                <Link to={`/processes/${process.id}/audit`}>{t("processes.seeAuditLog")}</Link>
              </p>
            </>
          ) : (
            <p className="muted">{t("processes.noActivity")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
