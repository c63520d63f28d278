import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormAlert } from "~/components/forms";
import { useTranslation } from "~/core/i18n/react.js";
import { requireAnonymous, startSession } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";
import { blankChallengeCookie, endChallenge, readChallenge } from "~/domain/login-challenges.server";
import { clearLoginFailures, recordLoginFailure, secondFactorThrottleKeys, throttleWait } from "~/domain/login-throttle.server";
import { verifySecondFactor } from "~/domain/second-factor.server";

// The second step of signing in to an account with a second factor: a code from the
// authenticator app, or a recovery code. Reached only with the challenge cookie the password step
// set; wrong codes are throttled like wrong passwords.

const codeSchema = z.object({
  code: z.string().trim().min(1, { error: "secondFactor.errors.codeRequired" }).max(64, { error: "secondFactor.errors.wrongCode" }),
});

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers({ "Cache-Control": "no-store" });
  const retry = actionHeaders.get("Retry-After");
  if (retry) out.set("Retry-After", retry);
  return out;
};

function expired(context: LoaderFunctionArgs["context"]) {
  return redirect("/login?expired=1", { headers: { "Set-Cookie": blankChallengeCookie(context.services.config.secureCookies) } });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  if (!(await readChallenge(context.services.db, request.headers.get("cookie")))) throw expired(context);
  return json(null, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const { db, config } = context.services;
  const challenge = await readChallenge(db, request.headers.get("cookie"));
  if (!challenge) return expired(context);
  const parsed = parseInput(codeSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, retryMinutes: 0 }, { status: 400 });
  const keys = secondFactorThrottleKeys(context.clientIp, challenge.userId);
  const wait = await throttleWait(db, keys);
  if (wait) {
    return json(
      { errors: { form: "errors.tooManyAttempts" } as Record<string, string>, retryMinutes: wait.minutes },
      { status: 429, headers: { "Retry-After": String(wait.seconds) } },
    );
  }
  const method = await verifySecondFactor(db, challenge.userId, parsed.data.code);
  if (!method) {
    await recordLoginFailure(db, keys);
    return json({ errors: { code: "secondFactor.errors.wrongCode" } as Record<string, string>, retryMinutes: 0 }, { status: 401 });
  }
  await clearLoginFailures(db, keys[1]);
  await endChallenge(db, challenge.id);
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(context, request, challenge.userId, { secondFactor: method }));
  headers.append("Set-Cookie", blankChallengeCookie(config.secureCookies));
  // A recovery code usually means a lost phone: the setup page says how many are left and what to do.
  const location = method === "recovery" ? `/account/second-factor?recovery=1&redirectTo=${encodeURIComponent(challenge.redirectTo)}` : challenge.redirectTo;
  return redirect(location, { headers });
}

export default function LoginCode() {
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const formMessage = errors.form ? t(errors.form, { count: actionData?.retryMinutes ?? 0 }) : null;
  return (
    <div className="page narrow">
      <h1>{t("secondFactor.signIn.title")}</h1>
      <p>{t("secondFactor.signIn.intro")}</p>
      <FormAlert message={formMessage} />
      <Form method="post" className="stack" noValidate>
        <Field
          name="code"
          label={t("secondFactor.signIn.code")}
          hint={t("secondFactor.signIn.codeHint")}
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          error={errors.code}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("secondFactor.signIn.submit")}
        </button>
      </Form>
      <p className="aside">
        {t("secondFactor.signIn.lostPhone")} <Link to="/login">{t("secondFactor.signIn.restart")}</Link>
      </p>
    </div>
  );
}
