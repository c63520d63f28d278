import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { Field, FormAlert, SelectField } from "~/components/forms";
import { useEffect, useState } from "react";
import { DOCUMENT_KINDS, type DocumentKind } from "~/core/documents";
import { domainLabel } from "~/core/domains";
import { TEMPLATES, templatesFor } from "~/core/templates";
import { useLanguage } from "~/components/process";
import { guarded, requirePermission } from "~/domain/access.server";
import { createDocument, documentLanguageDefault, processLanguages } from "~/domain/documents.server";
import { resolveLanguage } from "~/domain/locale.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requirePermission(request, context, params.processId, "document.create");
  const { db } = context.services;
  const processId = access.membership.processId;
  return json({
    languages: await processLanguages(db, processId),
    defaultLanguage: await documentLanguageDefault(db, processId, resolveLanguage(request, context)),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requirePermission(request, context, params.processId, "document.create");
  const processId = access.membership.processId;
  const form = await request.formData();
  const result = await guarded(() => createDocument(context.services, access.user, processId, form, resolveLanguage(request, context)));
  if (!result.ok) return json({ errors: result.errors }, { status: result.status });
  return redirect(`/processes/${processId}/documents/${result.value.id}`);
}

export default function NewDocument() {
  const { languages, defaultLanguage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const language = useLanguage();
  // Before hydration (or without JavaScript) every template is listed, named with its kind, and the
  // server checks that it fits the kind; once the page is live the list follows the chosen kind.
  const [kind, setKind] = useState<DocumentKind>("roadmap");
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const templates = live ? templatesFor(kind) : TEMPLATES;
  return (
    <div className="narrow">
      <h2>{t("documents.newTitle")}</h2>
      <p className="lead">{t("documents.newIntro")}</p>
      <FormAlert message={errors.form ? t(errors.form) : Object.keys(errors).length ? t("errors.fixBelow") : null} />
      <Form method="post" className="stack" noValidate>
        <SelectField
          name="kind"
          label={t("documents.kind")}
          defaultValue="roadmap"
          options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documents.kinds.${k}`) }))}
          error={errors.kind}
          onChange={(v) => setKind(DOCUMENT_KINDS.find((k) => k === v) ?? "roadmap")}
        />
        <SelectField
          key={kind}
          name="template"
          label={t("templates.label")}
          hint={t("templates.hint")}
          defaultValue={templatesFor(kind)[0]?.id ?? "blank"}
          options={[
            ...templates.map((tpl) => ({
              value: tpl.id,
              label: `${live ? "" : `${t(`documents.kinds.${tpl.kind}`)}: `}${tpl.name[language]} — ${t("templates.requires", { domains: tpl.requiredDomains.map((d) => domainLabel(d, language)).join(", ") })}`,
            })),
            { value: "blank", label: t("templates.blank") },
          ]}
          error={errors.template}
        />
        <Field name="title" label={t("documents.title")} hint={t("documents.titleHint")} required maxLength={200} dir="auto" error={errors.title} />
        <SelectField
          name="language"
          label={t("documents.language")}
          hint={t("documents.languageHint")}
          defaultValue={defaultLanguage}
          options={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          error={errors.language}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("documents.create")}
        </button>
      </Form>
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
