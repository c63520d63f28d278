import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { Field, FormAlert } from "~/components/forms";
import { rootMeta } from "~/components/meta";
import { signInAfterPassword } from "~/domain/auth.server";
import { linkRetryAfterSeconds, noteLinkLookup } from "~/domain/link-throttle.server";
import { completeReset, inspectResetLink } from "~/domain/password-resets.server";

// A one-time reset link issued by the instance administrator. Unknown token: 404; expired, used,
// revoked, or for a disabled account: 410, with a page saying which. Too many unusable links from
// one address: 429. The token never reaches the logs (see server/http/logging.ts) nor a referrer.
export const meta: MetaFunction = ({ matches }) => [...rootMeta(matches), { name: "referrer", content: "no-referrer" }];

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const out = new Headers({ "Cache-Control": "no-store" });
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) out.set("Retry-After", retry);
  return out;
};

function throttled(seconds: number) {
  return json(
    { state: "throttled" as const, displayName: null, errors: { form: "recovery.state.throttled" } as Record<string, string> },
    { status: 429, headers: { "Retry-After": String(seconds) } },
  );
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  const wait = await linkRetryAfterSeconds(context, "reset");
  if (wait > 0) return throttled(wait);
  const link = await inspectResetLink(context.services.db, params.token ?? "");
  await noteLinkLookup(context, "reset", link.state);
  const status = link.state === "valid" ? 200 : link.state === "unknown" ? 404 : 410;
  // Whose account it opens, so the holder knows it is theirs; nothing else about it.
  return json({ state: link.state, displayName: link.state === "valid" ? link.displayName : null, errors: {} as Record<string, string> }, { status });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const wait = await linkRetryAfterSeconds(context, "reset");
  if (wait > 0) return throttled(wait);
  const result = await completeReset(context.services, params.token ?? "", await request.formData());
  if (!result.ok) {
    if (result.status === 404 || result.status === 410) await noteLinkLookup(context, "reset", "spent");
    return json({ state: "valid" as const, displayName: null, errors: result.errors as Record<string, string> }, { status: result.status });
  }
  // Whoever held the old password is out: every session ended, their live sockets close now.
  context.services.events.emit("user.sessions_ended", { userId: result.value.userId });
  // A new password does not skip the second factor: an account that has one still gives a code.
  const next = await signInAfterPassword(context, request, result.value.userId, "/");
  return redirect(next.location, { headers: { "Set-Cookie": next.cookie } });
}

export default function ResetPassword() {
  const { state, displayName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  if (state !== "valid") {
    return (
      <div className="page narrow">
        <h1>{t("recovery.invalidTitle")}</h1>
        <p className="alert alert-error" data-state={state}>
          {t(`recovery.state.${state}`)}
        </p>
        <p>
          <Link to="/login">{t("nav.signIn")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("recovery.title")}</h1>
      {displayName ? <p className="lead">{t("recovery.intro", { name: displayName })}</p> : null}
      <FormAlert message={errors.form ? t(errors.form) : Object.keys(errors).length ? t("errors.fixBelow") : null} />
      <Form method="post" className="stack" noValidate>
        <Field
          name="newPassword"
          type="password"
          label={t("recovery.newPassword")}
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          error={errors.newPassword}
        />
        <Field
          name="confirmPassword"
          type="password"
          label={t("recovery.confirmPassword")}
          autoComplete="new-password"
          required
          error={errors.confirmPassword}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("recovery.submit")}
        </button>
      </Form>
      <p className="aside">{t("recovery.afterwards")}</p>
    </div>
  );
}
