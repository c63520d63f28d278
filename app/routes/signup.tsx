import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { Field, FormAlert, SelectField } from "~/components/forms";
import { LANGUAGES } from "~/core/languages";
import {
  createAccount,
  EmailTakenError,
  isSelfSignupOpen,
  needsAdministrator,
  SignupClosedError,
  signupSchema,
  type SignupGrant,
} from "~/domain/accounts.server";
import { requireAnonymous, safeRedirect, startSession } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";
import { inspectInvitation } from "~/domain/invitations.server";
import { linkRetryAfterSeconds, noteLinkLookup } from "~/domain/link-throttle.server";
import { resolveLanguage } from "~/domain/locale.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  const { db, config } = context.services;
  // A valid invitation link opens sign-up for its holder even when self sign-up is closed.
  // The token is looked up like on its own page: unknown or spent ones count towards the link limit.
  const token = new URL(request.url).searchParams.get("invitation");
  let invitation: string | null = null;
  if (token && (await linkRetryAfterSeconds(context, "invitation")) === 0) {
    const state = (await inspectInvitation(db, token)).state;
    await noteLinkLookup(context, "invitation", state);
    if (state === "valid") invitation = token;
  }
  return json({
    firstAccount: await needsAdministrator(db),
    open: (await isSelfSignupOpen(db, config)) || invitation !== null,
    invitation,
    language: resolveLanguage(request, context),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const { db, config } = context.services;
  const form = await request.formData();
  const parsed = parseInput(signupSchema, form);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  // An invitation grants account creation only while it can still be used (checked again at join).
  const token = form.get("invitation");
  let grant: SignupGrant = "self";
  if (typeof token === "string" && token) {
    const state = (await inspectInvitation(db, token)).state;
    if (state !== "valid") return json({ errors: { form: `invitations.state.${state}` } }, { status: state === "unknown" ? 404 : 410 });
    grant = "invitation";
  }
  try {
    const account = await createAccount(db, config, parsed.data, grant);
    const cookie = await startSession(context, request, account.id);
    return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof SignupClosedError) return json({ errors: { form: "errors.signupClosed" } }, { status: 403 });
    if (error instanceof EmailTakenError) return json({ errors: { email: "errors.emailTaken" } }, { status: 409 });
    throw error;
  }
}

export default function Signup() {
  const { firstAccount, open, invitation, language } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";

  if (!open) {
    return (
      <div className="page narrow">
        <h1>{t("auth.signupClosedTitle")}</h1>
        <FormAlert message={errors.form ? t(errors.form) : null} />
        <p>{t("auth.signupClosed")}</p>
        <p>
          {t("auth.haveAccount")} <Link to="/login">{t("nav.signIn")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{firstAccount ? t("auth.setupTitle") : t("auth.signupTitle")}</h1>
      {firstAccount ? <p className="lead">{t("auth.setupIntro")}</p> : null}
      {invitation && !firstAccount ? <p className="lead">{t("invitations.signupWithInvitation")}</p> : null}
      <FormAlert message={errors.form ? t(errors.form) : Object.keys(errors).length ? t("errors.fixBelow") : null} />
      {/* Post back to the same URL: a re-rendered form keeps its invitation. */}
      <Form method="post" action={`/signup${location.search}`} className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        {invitation ? <input type="hidden" name="invitation" value={invitation} /> : null}
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required error={errors.email} />
        <Field
          name="displayName"
          label={t("auth.displayName")}
          hint={t("auth.displayNameHint")}
          autoComplete="name"
          required
          maxLength={100}
          error={errors.displayName}
        />
        <Field
          name="password"
          type="password"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          error={errors.password}
        />
        <SelectField
          name="preferredLanguage"
          label={t("auth.preferredLanguage")}
          defaultValue={language}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          error={errors.preferredLanguage}
        />
        <button type="submit" className="button" disabled={busy}>
          {firstAccount ? t("auth.createAdmin") : t("auth.createAccount")}
        </button>
      </Form>
      <p className="aside">
        {t("auth.haveAccount")} <Link to="/login">{t("nav.signIn")}</Link>
      </p>
    </div>
  );
}
