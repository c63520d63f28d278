import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { requireMapReader } from "~/domain/stakeholders/access.server";

// Layout of the stakeholder map's views: the team-only notice and the views' navigation. Each child
// route runs the same guard (Remix runs loaders in parallel): the map is 404 outside the team.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  return json({ processId: access.membership.processId, mayEdit: access.can("stakeholderMap.edit") });
}

export default function StakeholdersLayout() {
  const { processId, mayEdit } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/processes/${processId}/stakeholders`;
  return (
    <div className="stakeholders">
      <header className="stakeholders-header">
        <h2>{t("stakeholders.title")}</h2>
        <p className="muted">{t("stakeholders.intro")}</p>
        <p className="badge badge-muted">{t("stakeholders.teamOnly")}</p>
      </header>
      <nav className="tabs tabs-secondary" aria-label={t("stakeholders.nav.label")}>
        <NavLink to={base} end>
          {t("stakeholders.nav.table")}
        </NavLink>
        <NavLink to={`${base}/map`}>{t("stakeholders.nav.map")}</NavLink>
        <NavLink to={`${base}/relations`}>{t("stakeholders.nav.relations")}</NavLink>
        <NavLink to={`${base}/gaps`}>{t("stakeholders.nav.gaps")}</NavLink>
        {mayEdit ? <NavLink to={`${base}/new`}>{t("stakeholders.nav.add")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
