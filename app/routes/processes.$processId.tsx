import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { RoleBadge } from "~/components/process";
import { requireMember } from "~/domain/access.server";
import { getProcess } from "~/domain/processes.server";
import { rootMeta } from "~/components/meta";

// Layout of every page of a process: the process header, the archived banner and the section tabs.
// Each child route runs its own guard too (Remix runs loaders in parallel).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const process = (await getProcess(context.services.db, access.membership.processId))!;
  return json({
    process,
    myRole: access.membership.role,
    // The settings tab follows process.archive, not process.manage: on an archived process it is
    // where the facilitator restores it.
    may: access.abilities(["member.invite", "process.archive", "audit.read", "stakeholderMap.read"]),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? [{ title: data.process.title }] : rootMeta(matches));

export default function ProcessLayout() {
  const { process, myRole, may } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/processes/${process.id}`;
  return (
    <div className="page">
      <header className="process-header">
        <p className="process-place">{[process.locality, process.region].filter(Boolean).join(" · ")}</p>
        <h1>{process.title}</h1>
        <p className="process-meta">
          <span className={`badge ${process.archived ? "badge-muted" : "badge-ok"}`}>
            {process.archived ? t("processes.archivedBadge") : t("processes.activeBadge")}
          </span>{" "}
          {t("processes.yourRole")} <RoleBadge role={myRole} />
        </p>
      </header>
      {process.archived ? (
        <div className="alert alert-warning" role="status">
          {t("processes.archivedBanner")}
        </div>
      ) : null}
      <nav className="tabs" aria-label={t("processes.sectionNav")}>
        <NavLink to={base} end>
          {t("processes.overview")}
        </NavLink>
        {/* Not `end`: inside a document (its page, versions, sign-off) the tab still says where you are. */}
        <NavLink to={`${base}/documents`}>{t("processes.documents")}</NavLink>
        <NavLink to={`${base}/members`}>{t("processes.members")}</NavLink>
        {may["member.invite"] ? <NavLink to={`${base}/invitations`}>{t("invitations.title")}</NavLink> : null}
        <NavLink to={`${base}/categories`}>{t("processes.categories")}</NavLink>
        {may["stakeholderMap.read"] ? <NavLink to={`${base}/stakeholders`}>{t("stakeholders.title")}</NavLink> : null}
        {may["audit.read"] ? <NavLink to={`${base}/audit`}>{t("processes.audit")}</NavLink> : null}
        {may["process.archive"] ? <NavLink to={`${base}/settings`}>{t("processes.settings")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
