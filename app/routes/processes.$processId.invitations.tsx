import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { Field, FormAlert } from "~/components/forms";
import { RoleFields } from "~/components/members";
import { CategoryName, formatDate, RoleBadge, useLanguage } from "~/components/process";
import { guarded, requireMember, requirePermission } from "~/domain/access.server";
import { listCategories } from "~/domain/categories.server";
import { createInvitation, DEFAULT_EXPIRY_DAYS, invitationPath, listPendingInvitations, revokeInvitation } from "~/domain/invitations.server";

// Invitations of a process: create a one-time link, list the pending ones, revoke one. The
// facilitator's page (member.invite); members are listed and managed on the members page.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requirePermission(request, context, params.processId, "member.invite");
  const { db } = context.services;
  const processId = access.membership.processId;
  const categories = (await listCategories(db, processId)).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr }));
  // The default travels with the data: a `.server` module's constants do not exist in the browser
  // bundle (the field hydrated with "undefined", empty, and the browser warned).
  return json({ categories, invitations: await listPendingInvitations(db, processId), expiryDays: DEFAULT_EXPIRY_DAYS });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const services = context.services;
  const target = String(form.get("invitationId") ?? "");
  switch (intent) {
    case "invite": {
      const access = await requirePermission(request, context, params.processId, "member.invite");
      const result = await guarded(() => createInvitation(services, access.user, access.membership.processId, form));
      if (!result.ok) return json({ intent, target, ok: false as const, errors: result.errors, link: null }, { status: result.status });
      // The link is shown once, in this answer (only its hash is stored): a plain form post gets it too.
      const origin = services.config.publicOrigin ?? new URL(request.url).origin;
      return json({ intent, target, ok: true as const, errors: {} as Record<string, string>, link: new URL(invitationPath(result.value.token), origin).href });
    }
    case "revoke": {
      const access = await requirePermission(request, context, params.processId, "member.invite");
      const result = await guarded(() => revokeInvitation(services, access.user, access.membership.processId, form));
      return result.ok
        ? json({ intent, target, ok: true as const, errors: {} as Record<string, string>, link: null })
        : json({ intent, target, ok: false as const, errors: result.errors, link: null }, { status: result.status });
    }
    default:
      // Non-members get 404 whatever they post.
      await requireMember(request, context, params.processId);
      return json({ intent, target, ok: false as const, errors: { form: "errors.invalid" }, link: null }, { status: 400 });
  }
}

function CopyLink({ link }: { link: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="invite-link">
      <label htmlFor="invite-link">{t("invitations.linkTitle")}</label>
      <p className="field-hint" id="invite-link-hint">
        {t("invitations.linkIntro")}
      </p>
      <div className="copy-row">
        <input id="invite-link" readOnly value={link} aria-describedby="invite-link-hint" onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
        >
          {copied ? t("invitations.copied") : t("invitations.copy")}
        </button>
      </div>
    </div>
  );
}

export default function Invitations() {
  const { categories, invitations, expiryDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const language = useLanguage();
  const busy = useNavigation().state === "submitting";
  const inviteErrors: Record<string, string> = result && !result.ok && result.intent === "invite" ? result.errors : {};
  const listError = result && !result.ok && result.intent === "revoke" ? result.errors.form : null;
  return (
    <div>
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("invitations.createTitle")}</h2>
        <p className="muted">{t("invitations.createIntro")}</p>
        {result?.ok && result.link ? <CopyLink link={result.link} /> : null}
        <FormAlert message={Object.keys(inviteErrors).length ? t(inviteErrors.form ?? "errors.fixBelow") : null} />
        {/* A new key after each created link: the form starts again from its defaults. */}
        <Form method="post" className="stack" noValidate key={result?.ok && result.link ? result.link : "invite"}>
          <input type="hidden" name="intent" value="invite" />
          <RoleFields prefix="invite" categories={categories} errors={inviteErrors} />
          <Field id="invite-note" name="note" label={t("invitations.note")} hint={t("invitations.noteHint")} maxLength={500} error={inviteErrors.note} />
          <Field
            id="invite-expires"
            name="expiresInDays"
            type="number"
            min={1}
            max={30}
            label={t("invitations.expiresInDays")}
            hint={t("invitations.expiresHint")}
            defaultValue={String(expiryDays)}
            error={inviteErrors.expiresInDays}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("invitations.create")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="pending-title">
        <h2 id="pending-title">{t("invitations.pending")}</h2>
        <FormAlert tone="success" message={result?.ok && result.intent === "revoke" ? t("invitations.revoked") : null} />
        <FormAlert message={listError ? t(listError) : null} />
        {invitations.length ? (
          <table className="table table-stack">
            <thead>
              <tr>
                <th scope="col">{t("members.role")}</th>
                <th scope="col">{t("members.category")}</th>
                <th scope="col">{t("invitations.note")}</th>
                <th scope="col">{t("invitations.expires")}</th>
                <th scope="col">{t("invitations.createdBy")}</th>
                <th scope="col">{t("members.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td data-label={t("members.role")}>
                    <RoleBadge role={i.role} />
                  </td>
                  <td data-label={t("members.category")}>
                    {i.category ? <CategoryName category={i.category} /> : null}
                    {i.affiliation ? `, ${i.affiliation}` : null}
                  </td>
                  <td data-label={t("invitations.note")}>{i.note}</td>
                  <td data-label={t("invitations.expires")}>{formatDate(i.expiresAt, language, true)}</td>
                  <td data-label={t("invitations.createdBy")}>{i.createdByName}</td>
                  <td>
                    {/* A revoked link cannot be given back: the facilitator confirms first (no script needed). */}
                    <details className="inline-editor">
                      <summary>{t("invitations.revoke")}</summary>
                      <Form method="post" className="stack">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <p>{t("invitations.revokeConfirm")}</p>
                        <button type="submit" className="button button-danger small-button" disabled={busy}>
                          {t("invitations.revokeYes")}
                        </button>
                      </Form>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("invitations.noPending")}</p>
        )}
      </section>
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
