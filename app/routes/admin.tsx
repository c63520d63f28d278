import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { z } from "zod";
import { listAccounts, setAccountDisabled } from "~/domain/accounts.server";
import { requireAdmin } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";
import { issueResetLink, liveResetLinks, revokeResetLink } from "~/domain/password-resets.server";
import { ROLES } from "~/core/roles";
import { accountsWithSecondFactor, requiredRoles, resetSecondFactor, setRequiredRoles } from "~/domain/second-factor.server";

const NO_STORE = { "Cache-Control": "no-store" };
// The page may show a reset link: never kept by a browser or proxy cache.
export const headers = () => NO_STORE;

// Instance administration: accounts only. Administrators see no process they are not a member of.
// Account recovery without email: a one-time reset link, shown once to the administrator, who
// hands it to the account's holder in person or by a channel they trust.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const resets = await liveResetLinks(context.services.db);
  const withSecondFactor = await accountsWithSecondFactor(context.services.db);
  const accounts = (await listAccounts(context.services.db)).map((a) => ({
    id: a.id,
    email: a.email,
    displayName: a.displayName,
    createdAt: a.createdAt,
    disabled: a.disabledAt !== null,
    isAdmin: a.isAdmin,
    resetExpiresAt: resets.get(a.id)?.expiresAt ?? null,
    secondFactor: withSecondFactor.has(a.id),
  }));
  return json({ accounts, me: admin.id, secondFactorRoles: await requiredRoles(context.services.db) }, { headers: NO_STORE });
}

const schema = z.object({ userId: z.string().min(1), intent: z.enum(["disable", "enable", "issue-reset", "revoke-reset", "reset-second-factor"]) });
const rolesSchema = z.object({
  intent: z.literal("second-factor-roles"),
  // Checkboxes: none ticked sends no field, one sends a string, several an array.
  roles: z.union([z.enum(ROLES), z.array(z.enum(ROLES))]).optional(),
});

type AdminResult = { error: string | null; done?: string; reset?: { userId: string; url: string; expiresAt: number } };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await request.formData();
  if (form.get("intent") === "second-factor-roles") {
    const roles = parseInput(rolesSchema, form);
    if (!roles.ok) return json<AdminResult>({ error: "errors.invalid" }, { status: 400, headers: NO_STORE });
    const given = roles.data.roles;
    const saved = await setRequiredRoles(context.services, admin.id, given === undefined ? [] : Array.isArray(given) ? given : [given]);
    if (!saved.ok) return json<AdminResult>({ error: saved.errors.form ?? "errors.invalid" }, { status: saved.status, headers: NO_STORE });
    // Whoever now lacks a required second factor loses their open documents at once.
    context.services.events.emit("instance.access_changed", {});
    return json<AdminResult>({ error: null, done: "secondFactor.admin.saved" }, { headers: NO_STORE });
  }
  const parsed = parseInput(schema, form);
  if (!parsed.ok || parsed.data.userId === admin.id) return json<AdminResult>({ error: "errors.invalid" }, { status: 400, headers: NO_STORE });
  const { intent, userId } = parsed.data;
  if (intent === "reset-second-factor") {
    const reset = await resetSecondFactor(context.services, admin.id, userId);
    if (!reset.ok) return json<AdminResult>({ error: reset.errors.form ?? "errors.invalid" }, { status: reset.status, headers: NO_STORE });
    return json<AdminResult>({ error: null, done: "secondFactor.admin.resetDone" }, { headers: NO_STORE });
  }
  if (intent === "issue-reset") {
    const issued = await issueResetLink(context.services, admin.id, userId);
    if (!issued.ok) return json<AdminResult>({ error: issued.errors.form ?? "errors.invalid" }, { status: issued.status, headers: NO_STORE });
    const origin = context.services.config.publicOrigin ?? new URL(request.url).origin;
    return json<AdminResult>(
      { error: null, reset: { userId, url: `${origin}/reset/${issued.value.token}`, expiresAt: issued.value.expiresAt } },
      { headers: NO_STORE },
    );
  }
  if (intent === "revoke-reset") {
    const revoked = await revokeResetLink(context.services, admin.id, userId);
    if (!revoked.ok) return json<AdminResult>({ error: revoked.errors.form ?? "errors.invalid" }, { status: revoked.status, headers: NO_STORE });
    return json<AdminResult>({ error: null }, { headers: NO_STORE });
  }
  await setAccountDisabled(context.services.db, admin.id, userId, intent === "disable");
  if (intent === "disable") context.services.events.emit("user.sessions_ended", { userId });
  return json<AdminResult>({ error: null }, { headers: NO_STORE });
}

export default function Admin() {
  const { accounts, me, secondFactorRoles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const issuedFor = result?.reset ? accounts.find((a) => a.id === result.reset!.userId) : undefined;
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <p className="lead">{t("admin.intro")}</p>
      {result?.error ? (
        <p className="alert alert-error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
      {result?.done ? (
        <p className="alert alert-success" role="status">
          {t(result.done)}
        </p>
      ) : null}
      {result?.reset && issuedFor ? (
        <div className="alert alert-success reset-link" role="status">
          <p>
            <strong>{t("recovery.issuedFor", { name: issuedFor.displayName })}</strong>
          </p>
          <p>{t("recovery.handOver", { date: new Date(result.reset.expiresAt).toLocaleString(i18n.language) })}</p>
          <label htmlFor="reset-link">{t("recovery.link")}</label>
          <input id="reset-link" className="reset-link-url" readOnly value={result.reset.url} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <Form method="post" className="card stack" aria-labelledby="second-factor-roles-title">
        <h2 id="second-factor-roles-title">{t("secondFactor.admin.title")}</h2>
        <fieldset>
          <legend>{t("secondFactor.admin.intro")}</legend>
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" name="roles" value={role} defaultChecked={secondFactorRoles.includes(role)} /> {t(`roles.${role}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" name="intent" value="second-factor-roles" className="button">
          {t("secondFactor.admin.save")}
        </button>
      </Form>
      <table className="table table-stack">
        <thead>
          <tr>
            <th scope="col">{t("admin.name")}</th>
            <th scope="col">{t("admin.email")}</th>
            <th scope="col">{t("admin.created")}</th>
            <th scope="col">{t("admin.status")}</th>
            <th scope="col">{t("secondFactor.admin.column")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("admin.status")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                {a.displayName} {a.id === me ? t("admin.you") : null}
              </th>
              <td data-label={t("admin.email")}>{a.email}</td>
              <td data-label={t("admin.created")}>{new Date(a.createdAt).toLocaleDateString(i18n.language)}</td>
              <td data-label={t("admin.status")}>
                {a.disabled ? t("admin.disabled") : t("admin.active")}
                {a.resetExpiresAt ? (
                  <span className="field-hint"> · {t("recovery.liveUntil", { date: new Date(a.resetExpiresAt).toLocaleString(i18n.language) })}</span>
                ) : null}
              </td>
              <td data-testid="second-factor-cell" data-label={t("secondFactor.admin.column")}>
                {a.secondFactor ? t("secondFactor.admin.isOn") : t("secondFactor.admin.isOff")}
              </td>
              <td>
                {a.id === me ? null : (
                  <Form method="post" className="button-row">
                    <input type="hidden" name="userId" value={a.id} />
                    <button type="submit" name="intent" value={a.disabled ? "enable" : "disable"} className="button button-secondary">
                      {a.disabled ? t("admin.enable") : t("admin.disable")}
                    </button>
                    {a.disabled ? null : (
                      <button type="submit" name="intent" value="issue-reset" className="button button-secondary">
                        {a.resetExpiresAt ? t("recovery.reissue") : t("recovery.issue")}
                      </button>
                    )}
                    {a.resetExpiresAt ? (
                      <button type="submit" name="intent" value="revoke-reset" className="button button-secondary">
                        {t("recovery.revoke")}
                      </button>
                    ) : null}
                    {a.secondFactor ? (
                      <button
                        type="submit"
                        name="intent"
                        value="reset-second-factor"
                        className="button button-secondary"
                        onClick={(event) => {
                          if (!window.confirm(t("secondFactor.admin.resetConfirm", { name: a.displayName }))) event.preventDefault();
                        }}
                      >
                        {t("secondFactor.admin.reset")}
                      </button>
                    ) : null}
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
