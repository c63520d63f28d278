import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { RoleFields } from "~/components/members";
import { CategoryName, RoleBadge } from "~/components/process";
import { guarded, requireMember, requirePermission } from "~/domain/access.server";
import { listCategories } from "~/domain/categories.server";
import { leaveProcess, listMembers, removeMember, updateMember } from "~/domain/members.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  // Invitations have their own page (processes.$processId.invitations.tsx).
  const may = access.abilities(["member.manage", "member.leave"]);
  // Email addresses are for those who run the process; members see names and roles.
  const members = (await listMembers(db, processId)).map((m) => ({ ...m, email: may["member.manage"] ? m.email : null }));
  const categories = (await listCategories(db, processId)).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr }));
  return json({ processId, me: access.user.id, members, categories, may });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const services = context.services;
  const target = String(form.get("userId") ?? "");
  const answer = (result: { ok: true } | { ok: false; status: number; errors: Record<string, string> }) =>
    result.ok
      ? json({ intent, target, ok: true as const, errors: {} as Record<string, string> })
      : json({ intent, target, ok: false as const, errors: result.errors }, { status: result.status });

  switch (intent) {
    case "update": {
      const access = await requirePermission(request, context, params.processId, "member.manage");
      return answer(await guarded(() => updateMember(services, access.user, access.membership.processId, form)));
    }
    case "remove": {
      const access = await requirePermission(request, context, params.processId, "member.manage");
      return answer(await guarded(() => removeMember(services, access.user, access.membership.processId, form)));
    }
    case "leave": {
      const access = await requirePermission(request, context, params.processId, "member.leave");
      const result = await guarded(() => leaveProcess(services, access.user, access.membership.processId));
      return result.ok ? redirect("/") : answer(result);
    }
    default:
      await requireMember(request, context, params.processId);
      return json({ intent, target, ok: false as const, errors: { form: "errors.invalid" } }, { status: 400 });
  }
}

const SAVED: Record<string, string> = { update: "members.updated", remove: "members.removed" };

export default function Members() {
  const { me, members, categories, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string, target = ""): Record<string, string> =>
    result && !result.ok && result.intent === intent && (target === "" || result.target === target) ? result.errors : {};
  const successKey = result?.ok ? (SAVED[result.intent] ?? null) : null;
  const listError = result && !result.ok && ["update", "remove", "leave", ""].includes(result.intent) ? result.errors.form : null;
  return (
    <div>
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("members.title")}</h2>
        <p className="muted">{t("members.intro")}</p>
        <FormAlert tone="success" message={successKey ? t(successKey) : null} />
        <FormAlert message={listError ? t(listError) : null} />
        <table className="table table-stack">
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.category")}</th>
              <th scope="col">{t("members.affiliation")}</th>
              {may["member.manage"] ? <th scope="col">{t("members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const errors = errorsFor("update", m.userId);
              return (
                <tr key={m.userId} data-member={m.displayName}>
                  <th scope="row">
                    {m.displayName} {m.userId === me ? t("members.you") : null}
                    {m.email ? <div className="muted small">{m.email}</div> : null}
                  </th>
                  <td data-label={t("members.role")}>
                    <RoleBadge role={m.role} />
                  </td>
                  <td data-label={t("members.category")}>
                    <CategoryName category={categories.find((c) => c.id === m.categoryId)} />
                  </td>
                  <td data-label={t("members.affiliation")}>{m.affiliation}</td>
                  {may["member.manage"] ? (
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

      {may["member.leave"] ? (
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
