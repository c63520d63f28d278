import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { ProcessFields } from "~/components/process-form";
import { guarded, requireMember, requirePermission } from "~/domain/access.server";
import { getProcess, setProcessArchived, updateProcess } from "~/domain/processes.server";

// Facilitators only. Reachable on an archived process too: restoring it happens here.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requirePermission(request, context, params.processId, "process.archive");
  const process = (await getProcess(context.services.db, access.membership.processId))!;
  return json({ process, mayEdit: access.can("process.manage") });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { services } = context;
  if (intent === "update") {
    const access = await requirePermission(request, context, params.processId, "process.manage");
    const result = await guarded(() => updateProcess(services, access.user, access.membership.processId, form));
    return result.ok ? json({ intent, ok: true, errors: {} }) : json({ intent, ok: false, errors: result.errors }, { status: result.status });
  }
  if (intent === "archive" || intent === "unarchive") {
    const access = await requirePermission(request, context, params.processId, "process.archive");
    const result = await guarded(() => setProcessArchived(services, access.user, access.membership.processId, intent === "archive"));
    return result.ok ? json({ intent, ok: true, errors: {} }) : json({ intent, ok: false, errors: result.errors }, { status: result.status });
  }
  await requireMember(request, context, params.processId);
  return json({ intent, ok: false, errors: { form: "errors.invalid" } }, { status: 400 });
}

export default function ProcessSettings() {
  const { process, mayEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.intent === "update" ? result.errors : {};
  const archiveError = result && result.intent !== "update" && !result.ok ? (result.errors as Record<string, string>).form : null;
  return (
    <div>
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">{t("processes.editTitle")}</h2>
        <FormAlert tone="success" message={result?.intent === "update" && result.ok ? t("processes.saved") : null} />
        <FormAlert message={errors.form ? t(errors.form) : Object.keys(errors).length ? t("errors.fixBelow") : null} />
        {mayEdit ? null : <p className="alert alert-warning">{t("processes.readOnlyDetails")}</p>}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="update" />
          <ProcessFields defaults={process} errors={errors} disabled={!mayEdit} />
          {mayEdit ? (
            <button type="submit" className="button" disabled={busy}>
              {t("processes.save")}
            </button>
          ) : null}
        </Form>
      </section>
      <section className="card" aria-labelledby="archive-title">
        <h2 id="archive-title">{process.archived ? t("processes.unarchiveTitle") : t("processes.archiveTitle")}</h2>
        <FormAlert message={archiveError ? t(archiveError) : null} />
        <p className="muted">{process.archived ? t("processes.unarchiveIntro") : t("processes.archiveIntro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value={process.archived ? "unarchive" : "archive"} />
          <button type="submit" className={process.archived ? "button" : "button button-danger"} disabled={busy}>
            {process.archived ? t("processes.unarchive") : t("processes.archive")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
