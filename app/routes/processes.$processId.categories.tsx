import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { Field, FormAlert } from "~/components/forms";
import { useLanguage } from "~/components/process";
import { categoryLabel } from "~/core/categories";
import { guarded, requireMember, requirePermission } from "~/domain/access.server";
import { addCategory, deleteCategory, listCategories, renameCategory } from "~/domain/categories.server";
import type { Outcome } from "~/domain/input.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMember(request, context, params.processId);
  return json({
    categories: await listCategories(context.services.db, access.membership.processId),
    mayManage: access.can("category.manage"),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const target = String(form.get("categoryId") ?? "");
  const mutations = { add: addCategory, rename: renameCategory, delete: deleteCategory } as const;
  if (!(intent in mutations)) {
    await requireMember(request, context, params.processId);
    return json({ intent, target, ok: false, errors: { form: "errors.invalid" } as Record<string, string> }, { status: 400 });
  }
  const access = await requirePermission(request, context, params.processId, "category.manage");
  const mutate = mutations[intent as keyof typeof mutations];
  const result = await guarded<Outcome<unknown>>(() => mutate(context.services, access.user, access.membership.processId, form));
  return result.ok
    ? json({ intent, target, ok: true, errors: {} as Record<string, string> })
    : json({ intent, target, ok: false, errors: result.errors }, { status: result.status });
}

export default function Categories() {
  const { categories, mayManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const language = useLanguage();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string, target = ""): Record<string, string> =>
    result && !result.ok && result.intent === intent && result.target === target ? result.errors : {};
  const success = result?.ok ? { add: "categoryPage.added", rename: "categoryPage.renamed", delete: "categoryPage.deleted" }[result.intent] : null;
  const deleteError = result && !result.ok && result.intent === "delete" ? result.errors.form : null;
  return (
    <div>
      <section className="card" aria-labelledby="categories-title">
        <h2 id="categories-title">{t("categoryPage.title")}</h2>
        <p className="muted">{t("categoryPage.intro")}</p>
        <FormAlert tone="success" message={success ? t(success) : null} />
        <FormAlert message={deleteError ? t(deleteError) : null} />
        <table className="table table-stack">
          <thead>
            <tr>
              <th scope="col">{t("categoryPage.label")}</th>
              <th scope="col">{t("categoryPage.type")}</th>
              <th scope="col">{t("categoryPage.usage")}</th>
              {mayManage ? <th scope="col">{t("members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => {
              const label = categoryLabel(c, language);
              const errors = errorsFor("rename", c.id);
              return (
                <tr key={c.id} data-category={c.key ?? c.id}>
                  <th scope="row">{label}</th>
                  <td data-label={t("categoryPage.type")}>{c.builtIn ? t("categoryPage.builtIn") : t("categoryPage.custom")}</td>
                  <td data-label={t("categoryPage.usage")}>{c.useCount ? t("categoryPage.inUse", { count: c.useCount }) : t("categoryPage.unused")}</td>
                  {mayManage ? (
                    <td>
                      {c.builtIn ? null : (
                        <>
                          <details className="inline-editor" open={Object.keys(errors).length > 0}>
                            <summary>{t("categoryPage.renameTitle", { label })}</summary>
                            <Form method="post" className="stack" noValidate>
                              <input type="hidden" name="intent" value="rename" />
                              <input type="hidden" name="categoryId" value={c.id} />
                              <Field
                                id={`rename-${c.id}-en`}
                                name="labelEn"
                                lang="en"
                                label={t("categoryPage.labelEn")}
                                defaultValue={c.labelEn ?? ""}
                                required
                                maxLength={120}
                                error={errors.labelEn}
                              />
                              <Field
                                id={`rename-${c.id}-fr`}
                                name="labelFr"
                                lang="fr"
                                label={t("categoryPage.labelFr")}
                                defaultValue={c.labelFr ?? ""}
                                required
                                maxLength={120}
                                error={errors.labelFr}
                              />
                              <FormAlert message={errors.form ? t(errors.form) : null} />
                              <button type="submit" className="button" disabled={busy}>
                                {t("categoryPage.rename")}
                              </button>
                            </Form>
                          </details>
                          {c.useCount === 0 ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value="delete" />
                              <input type="hidden" name="categoryId" value={c.id} />
                              <button type="submit" className="button button-danger small-button" disabled={busy}>
                                {t("categoryPage.delete", { label })}
                              </button>
                            </Form>
                          ) : null}
                        </>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {mayManage ? (
        <section className="card" aria-labelledby="add-category-title">
          <h2 id="add-category-title">{t("categoryPage.addTitle")}</h2>
          <FormAlert message={errorsFor("add").form ? t(errorsFor("add").form!) : null} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="add" />
            <Field id="add-en" name="labelEn" lang="en" label={t("categoryPage.labelEn")} required maxLength={120} error={errorsFor("add").labelEn} />
            <Field id="add-fr" name="labelFr" lang="fr" label={t("categoryPage.labelFr")} required maxLength={120} error={errorsFor("add").labelFr} />
            <button type="submit" className="button" disabled={busy}>
              {t("categoryPage.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
