import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { confirmSignOut } from "~/components/app-shell";
import { Card, Field, FormAlert, SelectField } from "~/components/forms";
import { LANGUAGES } from "~/core/languages";
import { changePassword, changePasswordSchema, profileSchema, updateProfile } from "~/domain/accounts.server";
import { requireUser } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";
import { secondFactorStatus } from "~/domain/second-factor.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const live = await context.services.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND expires_at > ?", user.id, Date.now());
  const sessions = live!.n;
  return json({ user, sessions, secondFactor: await secondFactorStatus(context.services.db, user.id) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const { db } = context.services;
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "profile") {
    const parsed = parseInput(profileSchema, form);
    if (!parsed.ok) return json({ intent, errors: parsed.errors, done: false }, { status: 400 });
    await updateProfile(db, user.id, parsed.data);
    return json({ intent, errors: {}, done: true });
  }
  if (intent === "password") {
    const parsed = parseInput(changePasswordSchema, form);
    if (!parsed.ok) return json({ intent, errors: parsed.errors, done: false }, { status: 400 });
    const result = await changePassword(db, user.id, parsed.data.currentPassword, parsed.data.newPassword, context.auth!.session.id);
    if (result === "wrong-password") {
      return json({ intent, errors: { currentPassword: "errors.currentPasswordWrong" }, done: false }, { status: 400 });
    }
    // Other devices' sessions are gone: their live document connections must go too; this
    // device's stay open.
    context.services.events.emit("user.sessions_ended", { userId: user.id, exceptSessionId: context.auth!.session.id });
    return json({ intent, errors: {}, done: true });
  }
  return json({ intent, errors: { form: "errors.invalid" }, done: false }, { status: 400 });
}

export default function Account() {
  const { user, sessions, secondFactor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const errors = (intent: string): Record<string, string> => (result?.intent === intent ? result.errors : {});
  return (
    <div className="page narrow">
      <h1>{t("account.title")}</h1>
      {user.isAdmin ? <p className="badge">{t("account.administrator")}</p> : null}
      <Card title={t("account.profile")}>
        <FormAlert tone="success" message={result?.intent === "profile" && result.done ? t("account.profileSaved") : null} />
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="profile" />
          <Field name="displayName" label={t("auth.displayName")} defaultValue={user.displayName} required error={errors("profile").displayName} />
          <SelectField
            name="preferredLanguage"
            label={t("auth.preferredLanguage")}
            defaultValue={user.preferredLanguage}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            error={errors("profile").preferredLanguage}
          />
          <button type="submit" className="button">
            {t("account.saveProfile")}
          </button>
        </Form>
      </Card>
      <Card title={t("account.changePassword")}>
        <FormAlert tone="success" message={result?.intent === "password" && result.done ? t("account.passwordChanged") : null} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field
            name="currentPassword"
            type="password"
            label={t("account.currentPassword")}
            autoComplete="current-password"
            required
            error={errors("password").currentPassword}
          />
          <Field
            name="newPassword"
            type="password"
            label={t("account.newPassword")}
            hint={t("account.newPasswordHint")}
            autoComplete="new-password"
            required
            error={errors("password").newPassword}
          />
          <button type="submit" className="button">
            {t("account.changePassword")}
          </button>
        </Form>
      </Card>
      <Card title={t("secondFactor.title")}>
        <p>
          {secondFactor.enabled && secondFactor.enabledAt
            ? `${t("secondFactor.on", { date: new Date(secondFactor.enabledAt).toLocaleDateString(i18n.language) })} ${t("secondFactor.codesLeft", { count: secondFactor.recoveryCodesLeft })}`
            : t("secondFactor.off")}
        </p>
        <p>
          <Link to="/account/second-factor">{secondFactor.enabled ? t("secondFactor.manage") : t("secondFactor.begin")}</Link>
        </p>
      </Card>
      <Card title={t("account.devices")}>
        <p>{t("account.devicesIntro", { count: sessions })}</p>
        <Form method="post" action="/logout" onSubmit={confirmSignOut(t)}>
          <input type="hidden" name="scope" value="all" />
          <button type="submit" className="button button-danger" aria-describedby="signout-all-hint">
            {t("account.signOutEverywhere")}
          </button>
          <p className="field-hint" id="signout-all-hint">
            {t("account.signOutEverywhereHint")}
          </p>
        </Form>
      </Card>
    </div>
  );
}
