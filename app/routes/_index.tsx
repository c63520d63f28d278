import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countUsers } from "~/domain/accounts.server";
import { getUser } from "~/domain/auth.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = getUser(context);
  if (!user) {
    // A brand-new workspace starts by creating its administrator.
    throw redirect(countUsers(context.services.db) === 0 ? "/signup" : "/login");
  }
  return json({ displayName: user.displayName });
}

export default function Home() {
  const { displayName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.welcome", { name: displayName })}</p>
      <div className="empty-state">
        <p>{t("home.empty")}</p>
      </div>
    </div>
  );
}
