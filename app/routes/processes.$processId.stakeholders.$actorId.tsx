import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { FormAlert } from "~/components/forms";
import { formatDate, useLanguage } from "~/components/process";
import { ActorForm, actorValues, submittedValues, type ActorFormValues } from "~/components/stakeholders/actor-form";
import { useMapLabels } from "~/components/stakeholders/labels";
import { RelationForm, RelationList } from "~/components/stakeholders/relation-list";
import { isRepresented } from "~/core/stakeholders/types";
import { guarded, notFound } from "~/domain/access.server";
import { listCategories } from "~/domain/categories.server";
import { requireMapReader } from "~/domain/stakeholders/access.server";
import { addRelation, deleteActor, removeRelation, updateActor } from "~/domain/stakeholders/actors.server";
import { actorOptions, getActor, linkedMemberIds, relationsOf, representativeOptions, threadsNaming } from "~/domain/stakeholders/store.server";

// One actor: what the team knows of it, its relations and the annotations that name it; the
// analyst and the facilitator edit it here. Another process's actor, or an unknown id, is 404.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const { db } = context.services;
  const processId = access.membership.processId;
  const actor = params.actorId ? await getActor(db, processId, params.actorId) : null;
  if (!actor) throw notFound();
  const mayEdit = access.can("stakeholderMap.edit");
  return json({
    processId,
    actor,
    memberIds: mayEdit ? await linkedMemberIds(db, actor.id) : [],
    categories: (await listCategories(db, processId)).map(({ id, key, labelEn, labelFr }) => ({ id, key, labelEn, labelFr })),
    representatives: mayEdit ? await representativeOptions(db, processId) : [],
    actors: await actorOptions(db, processId),
    relations: await relationsOf(db, processId, actor.id),
    threads: await threadsNaming(db, processId, actor.id),
    mayEdit,
  });
}

const INTENTS = { update: updateActor, delete: deleteActor, addRelation, removeRelation } as const;
type Intent = keyof typeof INTENTS;
const DONE: Record<Intent, string> = {
  update: "stakeholders.form.saved",
  delete: "stakeholders.form.deleted",
  addRelation: "stakeholders.relations.added",
  removeRelation: "stakeholders.relations.removed",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMapReader(request, context, params.processId);
  const processId = access.membership.processId;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!(intent in INTENTS)) return json({ intent, ok: false, errors: { form: "errors.invalid" } as Record<string, string>, values: null }, { status: 400 });
  // The actor of the URL is the one changed, whatever the form says.
  if (intent === "update" || intent === "delete") form.set("actorId", params.actorId ?? "");
  const mutate = INTENTS[intent as Intent] as (
    s: typeof context.services,
    u: typeof access.user,
    p: string,
    f: FormData,
  ) => Promise<{ ok: boolean; status?: number; errors?: Record<string, string> }>;
  const result = await guarded(() => mutate(context.services, access.user, processId, form));
  if (result.ok && intent === "delete") return redirect(`/processes/${processId}/stakeholders?done=deleted`);
  if (result.ok) return json({ intent, ok: true, errors: {} as Record<string, string>, values: null, done: DONE[intent as Intent] });
  return json({ intent, ok: false, errors: result.errors ?? {}, values: intent === "update" ? submittedValues(form) : null }, { status: result.status ?? 400 });
}

export default function ActorPage() {
  const { processId, actor, memberIds, categories, representatives, actors, relations, threads, mayEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const language = useLanguage();
  const labels = useMapLabels(categories);
  const busy = useNavigation().state === "submitting";
  const base = `/processes/${processId}/stakeholders`;
  const names = Object.fromEntries(actors.map((a) => [a.id, a.name]));
  const errorsOf = (intent: string) => (result && !result.ok && result.intent === intent ? result.errors : {});
  const done: string | null = result?.ok && "done" in result ? String(result.done) : search.get("done") === "created" ? "stakeholders.form.created" : null;
  const values: ActorFormValues = (result && !result.ok && result.intent === "update" && result.values) || actorValues(actor, memberIds);
  const confirmDelete = search.get("confirm") === "delete";
  return (
    <div className="stack">
      <p>
        <Link to={base}>← {t("stakeholders.actor.back")}</Link>
      </p>
      <section className="card" aria-labelledby="actor-title">
        <h3 id="actor-title" dir="auto">
          {actor.name}
        </h3>
        <FormAlert tone="success" message={done ? t(done) : null} />
        <dl className="facts actor-facts">
          <dt>{t("stakeholders.fields.kind")}</dt>
          <dd>{t(`stakeholders.choices.kinds.${actor.kind}`)}</dd>
          <dt>{t("stakeholders.fields.category")}</dt>
          <dd>{labels.category(actor.categoryId)}</dd>
          <dt>{t("stakeholders.fields.community")}</dt>
          <dd dir="auto">{actor.community ?? "—"}</dd>
          <dt>{t("stakeholders.fields.functions")}</dt>
          <dd>{actor.functions.length ? labels.functions(actor.functions) : "—"}</dd>
          <dt>{t("stakeholders.fields.illicitLink")}</dt>
          <dd>
            {t(`stakeholders.choices.illicit.${actor.illicitLink}`)}
            {actor.illicitSource ? <span dir="auto"> — {actor.illicitSource}</span> : null}
          </dd>
          <dt>{t("stakeholders.fields.influence")}</dt>
          <dd>{actor.influence}</dd>
          <dt>{t("stakeholders.fields.legitimacy")}</dt>
          <dd>
            {actor.legitimacy}
            {actor.legitimacyNotes ? <span dir="auto"> — {actor.legitimacyNotes}</span> : null}
          </dd>
          <dt>{t("stakeholders.table.representation")}</dt>
          <dd>
            {isRepresented(actor)
              ? `${t("stakeholders.choices.represented.yes")}: ${actor.representatives.map((r) => r.displayName).join(", ")}`
              : t("stakeholders.choices.represented.no")}
            {actor.representationNote ? <span dir="auto"> — {actor.representationNote}</span> : null}
          </dd>
          <dt>{t("stakeholders.fields.sources")}</dt>
          <dd dir="auto" className="pre-line">
            {actor.sources ?? "—"}
          </dd>
        </dl>
        <p className="muted">{t("stakeholders.fields.updated", { name: actor.updatedByName, date: formatDate(actor.updatedAt, language) })}</p>
      </section>

      <section className="card" aria-labelledby="actor-relations-title">
        <h3 id="actor-relations-title">{t("stakeholders.actor.relations")}</h3>
        <FormAlert message={errorsOf("removeRelation").form ? t(errorsOf("removeRelation").form!) : null} />
        {relations.length ? (
          <RelationList processId={processId} relations={relations} names={names} mayEdit={mayEdit} busy={busy} />
        ) : (
          <p>{t("stakeholders.actor.noRelations")}</p>
        )}
        {mayEdit && actors.length > 1 ? (
          <details open={Object.keys(errorsOf("addRelation")).length > 0}>
            <summary>{t("stakeholders.relations.addTitle")}</summary>
            <RelationForm actors={actors} fromActorId={actor.id} errors={errorsOf("addRelation")} busy={busy} />
          </details>
        ) : null}
      </section>

      <section className="card" aria-labelledby="actor-threads-title">
        <h3 id="actor-threads-title">{t("stakeholders.actor.threads")}</h3>
        {threads.length ? (
          <ul className="plain-list stack">
            {threads.map((th) => (
              <li key={th.threadId}>
                <Link to={`/processes/${processId}/documents/${th.documentId}#thread-${th.threadId}`}>
                  {t("stakeholders.actor.threadIn", { title: th.documentTitle })}
                </Link>{" "}
                <span className="badge badge-muted">
                  {th.visibility === "team" ? t("stakeholders.actor.teamThread") : t("stakeholders.actor.sharedThread")}
                </span>
                {th.status === "resolved" ? <span className="badge badge-muted">{t("stakeholders.actor.resolvedThread")}</span> : null}
                {th.quote ? (
                  <blockquote dir="auto" className="muted">
                    {th.quote}
                  </blockquote>
                ) : null}
                <p dir="auto">{th.firstMessage}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("stakeholders.actor.noThreads")}</p>
        )}
      </section>

      {mayEdit ? (
        <section className="card" aria-labelledby="actor-edit-title">
          <h3 id="actor-edit-title">{t("stakeholders.form.editTitle", { name: actor.name })}</h3>
          <ActorForm
            intent="update"
            actorId={actor.id}
            values={values}
            errors={errorsOf("update")}
            categories={categories}
            representatives={representatives}
            busy={busy}
          />
          <hr />
          <FormAlert message={errorsOf("delete").form ? t(errorsOf("delete").form!) : null} />
          {confirmDelete ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="delete" />
              <p>{t("stakeholders.form.deleteConfirm", { name: actor.name })}</p>
              <div className="actions">
                <button type="submit" className="button button-danger" disabled={busy}>
                  {t("stakeholders.form.deleteYes")}
                </button>{" "}
                <Link to=".">{t("stakeholders.form.cancel")}</Link>
              </div>
            </Form>
          ) : (
            <Link to="?confirm=delete" className="button button-danger">
              {t("stakeholders.form.delete")}
            </Link>
          )}
        </section>
      ) : (
        <p className="muted">{t("stakeholders.form.readOnly")}</p>
      )}
    </div>
  );
}

export { ProcessErrorBoundary as ErrorBoundary } from "~/components/process";
