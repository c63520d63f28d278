import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { ActorForm, submittedValues, type ActorFormValues } from "~/components/stakeholders/actor-form";
import { forbidden, guarded } from "~/domain/access.server";
import { listCategories } from "~/domain/categories.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { createActor } from "~/domain/stakeholders/actors.server";
import { representativeOptions } from "~/domain/stakeholders/store.server";

// Adding an actor to the map (the analyst, the facilitator). Mediators read the map: 403 here.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  if (!access.can("stakeholderMap.edit")) throw forbidden();
  const { db } = context.services;
  const processId = access.membership.processId;
  return json({
    categories: (await listCategories(db, processId)).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr })),
    representatives: await representativeOptions(db, processId),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const form = await request.formData();
  const result = await guarded(() => createActor(context.services, access.user, access.membership.processId, form));
  if (result.ok) return redirect(`/processes/${access.membership.processId}/stakeholders/${result.value.id}?done=created`);
  return json({ errors: result.errors, values: submittedValues(form) }, { status: result.status });
}

export default function NewActor() {
  const { categories, representatives } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values: ActorFormValues = result?.values ?? {};
  return (
    <section className="card" aria-labelledby="new-actor-title">
      <h3 id="new-actor-title">{t("stakeholders.form.newTitle")}</h3>
      <ActorForm intent="create" values={values} errors={result?.errors ?? {}} categories={categories} representatives={representatives} busy={busy} />
    </section>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
