import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, FormAlert, SelectField } from "~/components/forms";
import { CategoryName, formatDate, RoleBadge, useLanguage } from "~/components/process";
import { categoryLabel } from "~/core/categories";
import { ROLES, type Role } from "~/core/roles";
import { guarded, requireMember, requirePermission } from "~/domain/access.server";
import { listCategories } from "~/domain/categories.server";
import { createInvitation, DEFAULT_EXPIRY_DAYS, invitationPath, listPendingInvitations, revokeInvitation } from "~/domain/invitations.server";
import { leaveProcess, listMembers, removeMember, updateMember } from "~/domain/members.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = requireMember(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const manage = access.can("member.manage");
  const invite = access.can("member.invite");
  // Email addresses are for those who run the process; members see names and roles.
  const members = listMembers(db, processId).map((m) => ({ ...m, email: manage ? m.email : null }));
  const categories = listCategories(db, processId).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr }));
  return json({
    processId,
    me: access.user.id,
    members,
    categories,
    invitations: invite ? listPendingInvitations(db, processId) : [],
    may: { manage, invite, leave: access.can("member.leave") },
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const services = context.services;
  const target = String(form.get("userId") ?? form.get("invitationId") ?? "");
  const answer = (result: { ok: true } | { ok: false; status: number; errors: Record<string, string> }) =>
    result.ok
      ? json({ intent, target, ok: true as const, errors: {} as Record<string, string>, link: null as string | null })
      : json({ intent, target, ok: false as const, errors: result.errors, link: null }, { status: result.status });

  switch (intent) {
    case "invite": {
      const access = requirePermission(request, context, params.processId, "member.invite");
      const result = guarded(() => createInvitation(services, access.user, access.membership.processId, form));
      if (!result.ok) return answer(result);
      const origin = services.config.publicOrigin ?? new URL(request.url).origin;
      return json({ intent, target, ok: true as const, errors: {}, link: new URL(invitationPath(result.value.token), origin).href });
    }
    case "revoke": {
      const access = requirePermission(request, context, params.processId, "member.invite");
      return answer(guarded(() => revokeInvitation(services, access.user, access.membership.processId, form)));
    }
    case "update": {
      const access = requirePermission(request, context, params.processId, "member.manage");
      return answer(guarded(() => updateMember(services, access.user, access.membership.processId, form)));
    }
    case "remove": {
      const access = requirePermission(request, context, params.processId, "member.manage");
      return answer(guarded(() => removeMember(services, access.user, access.membership.processId, form)));
    }
    case "leave": {
      const access = requirePermission(request, context, params.processId, "member.leave");
      const result = guarded(() => leaveProcess(services, access.user, access.membership.processId));
      return result.ok ? redirect("/") : answer(result);
    }
    default:
      requireMember(request, context, params.processId);
      return json({ intent, target, ok: false as const, errors: { form: "errors.invalid" }, link: null }, { status: 400 });
  }
}

type Categories = ReturnType<typeof useLoaderData<typeof loader>>["categories"];

function RoleFields({
  prefix,
  categories,
  errors,
  defaults,
}: {
  prefix: string;
  categories: Categories;
  errors: Record<string, string>;
  defaults?: { role: Role; categoryId: string | null; affiliation: string | null };
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <SelectField
        id={`${prefix}-role`}
        name="role"
        label={t("members.role")}
        defaultValue={defaults?.role ?? "representative"}
        options={ROLES.map((r) => ({ value: r, label: `${t(`roles.${r}`)} — ${t(`roleHints.${r}`)}` }))}
        error={errors.role}
      />
      <SelectField
        id={`${prefix}-category`}
        name="categoryId"
        label={t("members.category")}
        hint={t("members.categoryHint")}
        defaultValue={defaults?.categoryId ?? ""}
        options={[{ value: "", label: t("members.noCategory") }, ...categories.map((c) => ({ value: c.id, label: categoryLabel(c, language) }))]}
        error={errors.categoryId}
      />
      <Field
        id={`${prefix}-affiliation`}
        name="affiliation"
        label={t("members.affiliation")}
        hint={t("members.affiliationHint")}
        defaultValue={defaults?.affiliation ?? ""}
        maxLength={120}
        error={errors.affiliation}
      />
    </>
  );
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

export default function Members() {
  const { me, members, categories, invitations, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const language = useLanguage();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string, target = ""): Record<string, string> =>
    result && !result.ok && result.intent === intent && (target === "" || result.target === target) ? result.errors : {};
  const successKey =
    result?.ok && result.intent === "update"
      ? "members.updated"
      : result?.ok && result.intent === "remove"
        ? "members.removed"
        : result?.ok && result.intent === "revoke"
          ? "invitations.revoked"
          : null;
  const listError = result && !result.ok && ["update", "remove", "revoke", "leave", ""].includes(result.intent) ? result.errors.form : null;
  return (
    <div>
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("members.title")}</h2>
        <p className="muted">{t("members.intro")}</p>
        <FormAlert tone="success" message={successKey ? t(successKey) : null} />
        <FormAlert message={listError ? t(listError) : null} />
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.category")}</th>
              <th scope="col">{t("members.affiliation")}</th>
              {may.manage ? <th scope="col">{t("members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const errors = errorsFor("update", m.userId);
              return (
                <tr key={m.userId} data-member={m.displayName}>
                  <td>
                    {m.displayName} {m.userId === me ? t("members.you") : null}
                    {m.email ? <div className="muted small">{m.email}</div> : null}
                  </td>
                  <td>
                    <RoleBadge role={m.role} />
                  </td>
                  <td>
                    <CategoryName category={categories.find((c) => c.id === m.categoryId)} />
                  </td>
                  <td>{m.affiliation}</td>
                  {may.manage ? (
                    <td>
                      <details className="inline-editor" open={Object.keys(errors).length > 0}>
                        <summary>
                          {t("members.edit")}
                          <span className="visually-hidden"> — {m.displayName}</span>
                        </summary>
                        <Form method="post" className="stack">
                          <input type="hidden" name="intent" value="update" />
                          <input type="hidden" name="userId" value={m.userId} />
                          <RoleFields prefix={`member-${m.userId}`} categories={categories} errors={errors} defaults={m} />
                          <button type="submit" className="button" disabled={busy}>
                            {t("members.save")}
                          </button>
                        </Form>
                      </details>
                      {m.userId !== me ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="userId" value={m.userId} />
                          <button type="submit" className="button button-danger small-button" disabled={busy}>
                            {t("members.remove")}
                            <span className="visually-hidden"> — {m.displayName}</span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      {may.invite ? (
        <>
          <section className="card" aria-labelledby="invite-title">
            <h2 id="invite-title">{t("invitations.createTitle")}</h2>
            <p className="muted">{t("invitations.createIntro")}</p>
            {result?.ok && result.link ? <CopyLink link={result.link} /> : null}
            <FormAlert message={Object.keys(errorsFor("invite")).length ? t(errorsFor("invite").form ?? "errors.fixBelow") : null} />
            {/* A new key after each created link: the form starts again from its defaults. */}
            <Form method="post" className="stack" noValidate key={result?.ok && result.link ? result.link : "invite"}>
              <input type="hidden" name="intent" value="invite" />
              <RoleFields prefix="invite" categories={categories} errors={errorsFor("invite")} />
              <Field
                id="invite-note"
                name="note"
                label={t("invitations.note")}
                hint={t("invitations.noteHint")}
                maxLength={500}
                error={errorsFor("invite").note}
              />
              <Field
                id="invite-expires"
                name="expiresInDays"
                type="number"
                min={1}
                max={30}
                label={t("invitations.expiresInDays")}
                hint={t("invitations.expiresHint")}
                defaultValue={String(DEFAULT_EXPIRY_DAYS)}
                error={errorsFor("invite").expiresInDays}
              />
              <button type="submit" className="button" disabled={busy}>
                {t("invitations.create")}
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="pending-title">
            <h2 id="pending-title">{t("invitations.pending")}</h2>
            {invitations.length ? (
              <table className="table">
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
                      <td>
                        <RoleBadge role={i.role} />
                      </td>
                      <td>
                        {i.category ? <CategoryName category={i.category} /> : null}
                        {i.affiliation ? `, ${i.affiliation}` : null}
                      </td>
                      <td>{i.note}</td>
                      <td>{formatDate(i.expiresAt, language, true)}</td>
                      <td>{i.createdByName}</td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <button type="submit" className="button button-secondary small-button" disabled={busy}>
                            {t("invitations.revoke")}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t("invitations.noPending")}</p>
            )}
          </section>
        </>
      ) : null}

      {may.leave ? (
        <section className="card" aria-labelledby="leave-title">
          <h2 id="leave-title">{t("processes.leave")}</h2>
          <p className="muted">{t("processes.leaveIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <button type="submit" className="button button-danger" disabled={busy}>
              {t("processes.leave")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
