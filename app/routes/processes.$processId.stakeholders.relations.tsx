import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { RelationForm, RelationList } from "~/components/stakeholders/relation-list";
import { RELATION_KINDS } from "~/core/stakeholders/types";
import { guarded } from "~/domain/access.server";
import type { Outcome } from "~/domain/input.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { addRelation, removeRelation } from "~/domain/stakeholders/actors.server";
import { actorOptions, listRelations } from "~/domain/stakeholders/store.server";

// Every relation of the map, grouped by kind (alliances, rivalries, patronage, dependence): who
// protects whom, who depends on whom — the lines a mediator must not cross blindly.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  return json({
    processId,
    actors: await actorOptions(db, processId),
    relations: await listRelations(db, processId),
    mayEdit: access.can("stakeholderMap.edit"),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const mutate = intent === "addRelation" ? addRelation : intent === "removeRelation" ? removeRelation : null;
  if (!mutate) return json({ intent, ok: false, errors: { form: "errors.invalid" } as Record<string, string> }, { status: 400 });
  const result = await guarded<Outcome<unknown>>(() => mutate(context.services, access.user, access.membership.processId, form));
  return result.ok
    ? json({ intent, ok: true, errors: {} as Record<string, string> })
    : json({ intent, ok: false, errors: result.errors }, { status: result.status });
}

export default function Relations() {
  const { processId, actors, relations, mayEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const names = Object.fromEntries(actors.map((a) => [a.id, a.name]));
  const errorsOf = (intent: string) => (result && !result.ok && result.intent === intent ? result.errors : {});
  const done = result?.ok ? (result.intent === "addRelation" ? "stakeholders.relations.added" : "stakeholders.relations.removed") : null;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="relations-title">
        <h3 id="relations-title">{t("stakeholders.relations.title")}</h3>
        <FormAlert tone="success" message={done ? t(done) : null} />
        <FormAlert message={errorsOf("removeRelation").form ? t(errorsOf("removeRelation").form!) : null} />
        {relations.length === 0 ? <p>{t("stakeholders.relations.empty")}</p> : null}
        {RELATION_KINDS.map((kind) => {
          const ofKind = relations.filter((r) => r.kind === kind);
          return ofKind.length ? (
            <section key={kind} aria-labelledby={`relations-${kind}`}>
              <h4 id={`relations-${kind}`}>
                {t(`stakeholders.choices.relationNames.${kind}`)} ({ofKind.length})
              </h4>
              <RelationList processId={processId} relations={ofKind} names={names} mayEdit={mayEdit} busy={busy} />
            </section>
          ) : null;
        })}
      </section>
      {mayEdit ? (
        <section className="card" aria-labelledby="relation-add-title">
          <h3 id="relation-add-title">{t("stakeholders.relations.addTitle")}</h3>
          {actors.length < 2 ? <p>{t("stakeholders.relations.needTwo")}</p> : <RelationForm actors={actors} errors={errorsOf("addRelation")} busy={busy} />}
        </section>
      ) : null}
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
