import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Card, Field, FormAlert } from "~/components/forms";
import { QrCode } from "~/components/qr-code";
import { useTranslation } from "~/core/i18n/react.js";
import { verifyCredentials } from "~/domain/accounts.server";
import { requireUser, safeRedirect } from "~/domain/auth.server";
import { parseInput } from "~/domain/input.server";
import { recordLoginFailure, secondFactorThrottleKeys, throttleWait } from "~/domain/login-throttle.server";
import { qrDrawing } from "~/domain/qr.server";
import {
  beginSetup,
  cancelSetup,
  confirmSetup,
  disableSecondFactor,
  pendingSetup,
  renewRecoveryCodes,
  secondFactorStatus,
} from "~/domain/second-factor.server";

// One's own second factor: set it up (QR code or key, then a code), see the recovery codes once,
// renew them, turn it off. Someone whose role requires it and who has none is sent here by every
// other page (requireUser), so this page alone opens to them.

const NO_STORE = { "Cache-Control": "no-store" };
// The key and the recovery codes are on this page: never kept by a browser or proxy cache.
export const headers = () => NO_STORE;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, { settingUpSecondFactor: true });
  const { db } = context.services;
  const status = await secondFactorStatus(db, user.id);
  const setup = status.enabled ? null : await pendingSetup(db, user.id, user.email);
  // Where "Continue" leads once set up: the page that sent here (a local path only).
  const next = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  return json({ status, next, setup: setup ? { ...setup, qr: qrDrawing(setup.uri) } : null }, { headers: NO_STORE });
}

const codeField = z.string().trim().min(1, { error: "secondFactor.errors.codeRequired" }).max(64, { error: "secondFactor.errors.wrongCode" });
const passwordField = z.string().min(1, { error: "errors.currentPasswordRequired" }).max(1024, { error: "errors.currentPasswordWrong" });
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("begin") }),
  z.object({ intent: z.literal("cancel") }),
  // The password again: someone who only holds an open session (a laptop left signed in) must not
  // be able to put a second factor of their own on the account and lock its holder out.
  z.object({ intent: z.literal("confirm"), code: codeField, password: passwordField }),
  z.object({ intent: z.literal("renew"), code: codeField }),
  z.object({ intent: z.literal("disable"), code: codeField, password: passwordField }),
]);

type Result = { intent: string; errors: Record<string, string>; retryMinutes?: number; done?: string; recoveryCodes?: string[] };

function answer(result: Result, status = 200) {
  return json<Result>(result, { status, headers: NO_STORE });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, { settingUpSecondFactor: true });
  const { db } = context.services;
  const sessionId = context.auth!.session.id;
  const parsed = parseInput(schema, await request.formData());
  if (!parsed.ok) return answer({ intent: "", errors: parsed.errors }, 400);
  const input = parsed.data;
  if (input.intent === "begin") {
    const result = await beginSetup(context.services, user.id);
    return result.ok ? answer({ intent: input.intent, errors: {} }) : answer({ intent: input.intent, errors: result.errors }, result.status);
  }
  if (input.intent === "cancel") {
    const result = await cancelSetup(context.services, user.id);
    return result.ok
      ? answer({ intent: input.intent, errors: {}, done: "secondFactor.setupCancelled" })
      : answer({ intent: input.intent, errors: result.errors }, result.status);
  }
  // Everything else needs a code: wrong codes (and wrong passwords) count as at sign-in.
  const keys = secondFactorThrottleKeys(context.clientIp, user.id);
  const wait = await throttleWait(db, keys);
  if (wait) {
    return json<Result>(
      { intent: input.intent, errors: { form: "errors.tooManyAttempts" }, retryMinutes: wait.minutes },
      { status: 429, headers: { ...NO_STORE, "Retry-After": String(wait.seconds) } },
    );
  }
  const wrong = async (field: string, key: string) => {
    await recordLoginFailure(db, keys);
    return answer({ intent: input.intent, errors: { [field]: key } }, 400);
  };
  if ((input.intent === "confirm" || input.intent === "disable") && !(await verifyCredentials(db, user.email, input.password))) {
    return wrong("password", "errors.currentPasswordWrong");
  }
  if (input.intent === "confirm") {
    const result = await confirmSetup(context.services, user.id, input.code, sessionId);
    if (!result.ok) return result.errors.code ? wrong("code", result.errors.code) : answer({ intent: input.intent, errors: result.errors }, result.status);
    // Other devices signed in without the code: their sessions ended, their sockets close now.
    context.services.events.emit("user.sessions_ended", { userId: user.id, exceptSessionId: sessionId });
    return answer({ intent: input.intent, errors: {}, done: "secondFactor.enabled", recoveryCodes: result.value.recoveryCodes });
  }
  const result =
    input.intent === "renew"
      ? await renewRecoveryCodes(context.services, user.id, input.code)
      : await disableSecondFactor(context.services, user.id, input.code);
  if (!result.ok) return result.errors.code ? wrong("code", result.errors.code) : answer({ intent: input.intent, errors: result.errors }, result.status);
  return result.value
    ? answer({ intent: input.intent, errors: {}, recoveryCodes: result.value.recoveryCodes })
    : answer({ intent: input.intent, errors: {}, done: "secondFactor.disabled" });
}

export default function SecondFactor() {
  const { status, setup, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const errors = (intent: string): Record<string, string> => (result?.intent === intent ? result.errors : {});
  const formError = result?.errors.form ? t(result.errors.form, { count: result.retryMinutes ?? 0 }) : null;
  const date = (at: number) => new Date(at).toLocaleString(i18n.language);
  const roles = status.requiredFor.map((r) => t(`roles.${r}`)).join(", ");
  return (
    <div className="page narrow">
      <h1>{t("secondFactor.title")}</h1>
      {params.get("recovery") && status.enabled ? (
        <p className="alert alert-warning" role="status">
          {t("secondFactor.usedRecovery", { count: status.recoveryCodesLeft })}
        </p>
      ) : null}
      {status.required && !status.enabled ? (
        <p className="alert alert-warning" role="status" data-testid="second-factor-required">
          {t("secondFactor.required", { roles })}
        </p>
      ) : null}
      <FormAlert message={formError} />
      <FormAlert tone="success" message={result?.done ? t(result.done) : null} />
      {result?.recoveryCodes ? (
        <Card title={t("secondFactor.recoveryTitle")}>
          <p>{t("secondFactor.recoveryIntro")}</p>
          <ol className="recovery-codes" data-testid="recovery-codes">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <p className="button-row">
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              {t("secondFactor.print")}
            </button>
            <Link to={next} className="button">
              {t("secondFactor.continue")}
            </Link>
          </p>
        </Card>
      ) : null}
      <Card title={t("secondFactor.howTitle")}>
        <p>{t("secondFactor.intro")}</p>
        <p data-testid="second-factor-status">
          <strong>{status.enabled && status.enabledAt ? t("secondFactor.on", { date: date(status.enabledAt) }) : t("secondFactor.off")}</strong>
          {status.enabled ? ` ${t("secondFactor.codesLeft", { count: status.recoveryCodesLeft })}` : null}
        </p>
        {!status.enabled && !setup ? (
          <Form method="post">
            <input type="hidden" name="intent" value="begin" />
            <button type="submit" className="button">
              {t("secondFactor.begin")}
            </button>
          </Form>
        ) : null}
        {setup ? (
          <div className="stack">
            <p>{t("secondFactor.step1")}</p>
            <QrCode drawing={setup.qr} label={t("secondFactor.qrLabel")} />
            <p>
              <span className="field-label">{t("secondFactor.key")}</span> <code data-testid="second-factor-key">{setup.key}</code>
            </p>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="confirm" />
              <p>{t("secondFactor.step2")}</p>
              <Field
                name="code"
                label={t("secondFactor.code")}
                hint={t("secondFactor.codeHint")}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                error={errors("confirm").code}
              />
              <Field
                name="password"
                id="confirm-password"
                type="password"
                label={t("secondFactor.password")}
                hint={t("secondFactor.passwordHint")}
                autoComplete="current-password"
                required
                error={errors("confirm").password}
              />
              <button type="submit" className="button">
                {t("secondFactor.confirm")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="button button-secondary">
                {t("secondFactor.cancel")}
              </button>
              <p className="field-hint">{t("secondFactor.setupUntil", { date: date(setup.expiresAt) })}</p>
            </Form>
          </div>
        ) : null}
      </Card>
      {status.enabled ? (
        <>
          <Card title={t("secondFactor.renew")}>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="renew" />
              <p className="field-hint">{t("secondFactor.renewHint")}</p>
              <Field name="code" id="renew-code" label={t("secondFactor.code")} autoComplete="one-time-code" required error={errors("renew").code} />
              <button type="submit" className="button">
                {t("secondFactor.renew")}
              </button>
            </Form>
          </Card>
          <Card title={t("secondFactor.disable")}>
            {status.required ? (
              <p>{t("secondFactor.requiredOn", { roles })}</p>
            ) : (
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="disable" />
                <p className="field-hint">{t("secondFactor.disableHint")}</p>
                <Field
                  name="password"
                  id="disable-password"
                  type="password"
                  label={t("secondFactor.password")}
                  autoComplete="current-password"
                  required
                  error={errors("disable").password}
                />
                <Field name="code" id="disable-code" label={t("secondFactor.code")} autoComplete="one-time-code" required error={errors("disable").code} />
                <button type="submit" className="button button-danger">
                  {t("secondFactor.disable")}
                </button>
              </Form>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
