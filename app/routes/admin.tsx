import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { z } from "zod";
import { listAccounts, setAccountDisabled } from "~/domain/accounts.server";
import { requireAdmin } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";

// Instance administration: accounts only. Administrators see no process they are not a member of.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  const accounts = listAccounts(context.services.db).map((a) => ({
    id: a.id,
    email: a.email,
    displayName: a.displayName,
    createdAt: a.createdAt,
    disabled: a.disabledAt !== null,
    isAdmin: a.isAdmin,
  }));
  return json({ accounts, me: admin.id });
}

const schema = z.object({ userId: z.string().min(1), intent: z.enum(["disable", "enable"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseInput(schema, await request.formData());
  if (!parsed.ok || parsed.data.userId === admin.id) return json({ error: "errors.invalid" }, { status: 400 });
  setAccountDisabled(context.services.db, admin.id, parsed.data.userId, parsed.data.intent === "disable");
  if (parsed.data.intent === "disable") context.services.events.emit("user.sessions_ended", { userId: parsed.data.userId });
  return json({ error: null });
}

export default function Admin() {
  const { accounts, me } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <p className="lead">{t("admin.intro")}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("admin.name")}</th>
            <th scope="col">{t("admin.email")}</th>
            <th scope="col">{t("admin.created")}</th>
            <th scope="col">{t("admin.status")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("admin.status")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>
                {a.displayName} {a.id === me ? t("admin.you") : null}
              </td>
              <td>{a.email}</td>
              <td>{new Date(a.createdAt).toLocaleDateString(i18n.language)}</td>
              <td>{a.disabled ? t("admin.disabled") : t("admin.active")}</td>
              <td>
                {a.id === me ? null : (
                  <Form method="post">
                    <input type="hidden" name="userId" value={a.id} />
                    <button type="submit" name="intent" value={a.disabled ? "enable" : "disable"} className="button button-secondary">
                      {a.disabled ? t("admin.enable") : t("admin.disable")}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
