import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { z } from "zod";
import { Field, FormAlert } from "~/components/forms";
import { countUsers, isSelfSignupOpen, normalizeEmail, verifyCredentials } from "~/domain/accounts.server";
import { requireAnonymous, safeRedirect, signInAfterPassword } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";
import { clearLoginFailures, recordLoginFailure, throttleKeys, throttleWait } from "~/domain/login-throttle.server";

const loginSchema = z.object({
  email: z.string().trim().min(1, { error: "errors.emailRequired" }).max(254, { error: "errors.emailInvalid" }),
  // No length rule on sign-in beyond a sane cap: a wrong password just fails.
  password: z.string().min(1, { error: "errors.passwordLength" }).max(1024, { error: "errors.passwordLength" }),
});

// Document responses take their headers from here: keep the action's Retry-After on a 429.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retry = actionHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  const { db, config } = context.services;
  if ((await countUsers(db)) === 0) throw redirect("/signup");
  return json({ signupOpen: await isSelfSignupOpen(db, config) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const { db } = context.services;
  const form = await request.formData();
  const parsed = parseInput(loginSchema, form);
  if (!parsed.ok) return json({ errors: parsed.errors, retryMinutes: 0 }, { status: 400 });
  const email = normalizeEmail(parsed.data.email);
  const keys = throttleKeys(context.clientIp, email);
  const wait = await throttleWait(db, keys);
  if (wait) {
    return json({ errors: { form: "errors.tooManyAttempts" }, retryMinutes: wait.minutes }, { status: 429, headers: { "Retry-After": String(wait.seconds) } });
  }
  const account = await verifyCredentials(db, email, parsed.data.password);
  if (!account) {
    await recordLoginFailure(db, keys);
    return json({ errors: { form: "errors.invalidCredentials" }, retryMinutes: 0 }, { status: 401 });
  }
  await clearLoginFailures(db, keys[1]!);
  // With a second factor the password opens no session, only the code page.
  const next = await signInAfterPassword(context, request, account.id, safeRedirect(form.get("redirectTo")));
  return redirect(next.location, { headers: { "Set-Cookie": next.cookie } });
}

export default function Login() {
  const { signupOpen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const formMessage = errors.form ? t(errors.form, { count: actionData?.retryMinutes ?? 0 }) : null;
  return (
    <div className="page narrow">
      <h1>{t("auth.loginTitle")}</h1>
      <FormAlert message={formMessage ?? (params.get("expired") ? t("secondFactor.signIn.expired") : null)} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required error={errors.email} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button" disabled={busy}>
          {t("auth.signIn")}
        </button>
      </Form>
      {signupOpen ? (
        <p className="aside">
          {t("auth.noAccount")} <Link to="/signup">{t("nav.signUp")}</Link>
        </p>
      ) : null}
    </div>
  );
}
