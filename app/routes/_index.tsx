import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { WaitingList } from "~/components/notifications/waiting-list";
import { useTranslation } from "~/core/i18n/react.js";
import { RoleBadge } from "~/components/process";
import { countUsers } from "~/domain/accounts.server";
import { getUser, requireUser } from "~/domain/auth.server";
import { markNotificationsSeen, waitingForYou } from "~/domain/notifications.server";
import { listProcessesForUser } from "~/domain/processes.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!getUser(context)) {
    // A brand-new workspace starts by creating its administrator.
    throw redirect((await countUsers(context.services.db)) === 0 ? "/signup" : "/login");
  }
  // The usual guard from here on (a second factor required and not set up sends to its setup).
  const user = await requireUser(request, context);
  const { db } = context.services;
  // Reading the list marks nothing: only "mark all as read" does (a GET may be a prefetch or a cache).
  const waiting = await waitingForYou(db, user);
  return json(
    { displayName: user.displayName, processes: await listProcessesForUser(db, user.id), waiting: { entries: waiting.entries, markUpTo: waiting.markUpTo } },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** "Mark all as read" (a plain form POST): moves the signed-in person's marker, audited. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  if (form.get("intent") !== "markSeen") return json({ ok: false as const, error: "errors.invalid" }, { status: 400 });
  const result = await markNotificationsSeen(context.services.db, user, form);
  if (!result.ok) return json({ ok: false as const, error: Object.values(result.errors)[0] ?? "errors.invalid" }, { status: result.status });
  return json({ ok: true as const, error: null });
}

export default function Home() {
  const { displayName, processes, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      <WaitingList entries={waiting.entries} markUpTo={waiting.markUpTo} error={result?.error ?? null} marked={result?.ok === true} />
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
