import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { RoleBadge } from "~/components/process";
import { countUsers } from "~/domain/accounts.server";
import { getUser } from "~/domain/auth.server";
import { listProcessesForUser } from "~/domain/processes.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = getUser(context);
  if (!user) {
    // A brand-new workspace starts by creating its administrator.
    throw redirect(countUsers(context.services.db) === 0 ? "/signup" : "/login");
  }
  return json({ displayName: user.displayName, processes: listProcessesForUser(context.services.db, user.id) });
}

export default function Home() {
  const { displayName, processes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <div className="page-heading">
        <div>
          <h1>{t("home.title")}</h1>
          <p className="lead">{t("home.welcome", { name: displayName })}</p>
        </div>
        <Link to="/processes/new" className="button">
          {t("processes.new")}
        </Link>
      </div>
      {processes.length ? (
        <>
          <p className="muted">{t("processes.dashboardIntro")}</p>
          <ul className="process-list">
            {processes.map((p) => (
              <li key={p.id} className={`card process-card${p.archived ? " is-archived" : ""}`}>
                <h2>
                  <Link to={`/processes/${p.id}`}>{p.title}</Link>
                </h2>
                <p className="muted">{[p.locality, p.region].filter(Boolean).join(" · ")}</p>
                <p className="process-meta">
                  <span>
                    {t("processes.yourRole")} <RoleBadge role={p.role} />
                  </span>
                  <span>{t("processes.memberCount", { count: p.memberCount })}</span>
                  {p.archived ? <span className="badge badge-muted">{t("processes.archivedBadge")}</span> : null}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <div className="empty-state">
          <p>{t("processes.empty")}</p>
          <p>
            <Link to="/processes/new" className="button">
              {t("processes.new")}
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
