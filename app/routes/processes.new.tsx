import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { ProcessFields } from "~/components/process-form";
import { requireUser } from "~/domain/auth.server";
import { createProcess } from "~/domain/processes.server";

// Any signed-in account may start a process and becomes its facilitator.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await createProcess(context.services, user, await request.formData());
  if (!result.ok) return json({ errors: result.errors }, { status: result.status });
  return redirect(`/processes/${result.value.id}`);
}

export default function NewProcess() {
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t("processes.newTitle")}</h1>
      <p className="lead">{t("processes.newIntro")}</p>
      <FormAlert message={errors.form ? t(errors.form) : Object.keys(errors).length ? t("errors.fixBelow") : null} />
      <Form method="post" className="stack" noValidate>
        <ProcessFields errors={errors} />
        <button type="submit" className="button" disabled={busy}>
          {t("processes.create")}
        </button>
      </Form>
    </div>
  );
}
