// Relations as sentences ("Ganda Izo is rival of the Imghad self-defence group"), each with its
// remove button for those who edit the map.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { RELATION_KINDS, type ActorRelation } from "../../core/stakeholders/types.js";

interface RelationListProps {
  processId: string;
  relations: readonly ActorRelation[];
  names: Readonly<Record<string, string>>;
  mayEdit: boolean;
  busy: boolean;
}

export function RelationList({ processId, relations, names, mayEdit, busy }: RelationListProps) {
  const { t } = useTranslation();
  const base = `/processes/${processId}/stakeholders`;
  return (
    <ul className="relation-list">
      {relations.map((r) => {
        const sentence = t("stakeholders.relations.sentence", {
          from: names[r.fromActorId] ?? "?",
          relation: t(`stakeholders.choices.relations.${r.kind}`),
          to: names[r.toActorId] ?? "?",
        });
        return (
          <li key={r.id} data-relation={r.kind}>
            <span className={`relation-kind relation-kind--${r.kind}`}>{t(`stakeholders.choices.relationNames.${r.kind}`)}</span>{" "}
            <Link to={`${base}/${r.fromActorId}`} dir="auto">
              {names[r.fromActorId]}
            </Link>{" "}
            {t(`stakeholders.choices.relations.${r.kind}`)}{" "}
            <Link to={`${base}/${r.toActorId}`} dir="auto">
              {names[r.toActorId]}
            </Link>
            {r.note ? (
              <span className="muted" dir="auto">
                {" "}
                — {r.note}
              </span>
            ) : null}
            {mayEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="removeRelation" />
                <input type="hidden" name="relationId" value={r.id} />
                <button
                  type="submit"
                  className="button button-danger small-button"
                  disabled={busy}
                  aria-label={t("stakeholders.relations.remove", { relation: sentence })}
                >
                  ×
                </button>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

interface RelationFormProps {
  actors: readonly { id: string; name: string }[];
  /** When set, the relation starts from this actor (the actor's page). */
  fromActorId?: string;
  errors: Record<string, string>;
  busy: boolean;
}

export function RelationForm({ actors, fromActorId, errors, busy }: RelationFormProps) {
  const { t } = useTranslation();
  const others = actors.filter((a) => a.id !== fromActorId);
  return (
    <Form method="post" className="stack relation-form" noValidate>
      <input type="hidden" name="intent" value="addRelation" />
      {errors.form ? (
        <p className="alert alert-error" role="alert">
          {t(errors.form)}
        </p>
      ) : null}
      {fromActorId ? (
        <input type="hidden" name="fromActorId" value={fromActorId} />
      ) : (
        <div className="field">
          <label htmlFor="relation-from">{t("stakeholders.relations.from")}</label>
          <select id="relation-from" name="fromActorId" defaultValue="" aria-invalid={errors.fromActorId ? true : undefined}>
            <option value="">{t("stakeholders.relations.choose")}</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {errors.fromActorId ? <p className="field-error">{t(errors.fromActorId)}</p> : null}
        </div>
      )}
      <div className="field">
        <label htmlFor="relation-kind">{t("stakeholders.relations.kind")}</label>
        <select id="relation-kind" name="kind" defaultValue="ally" aria-invalid={errors.kind ? true : undefined}>
          {RELATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`stakeholders.choices.relations.${k}`)}
            </option>
          ))}
        </select>
        {errors.kind ? <p className="field-error">{t(errors.kind)}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="relation-to">{t("stakeholders.relations.to")}</label>
        <select id="relation-to" name="toActorId" defaultValue="" aria-invalid={errors.toActorId ? true : undefined}>
          <option value="">{t("stakeholders.relations.choose")}</option>
          {others.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        {errors.toActorId ? <p className="field-error">{t(errors.toActorId)}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="relation-note">{t("stakeholders.relations.note")}</label>
        <input id="relation-note" name="note" type="text" maxLength={500} dir="auto" />
        {errors.note ? <p className="field-error">{t(errors.note)}</p> : null}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t("stakeholders.relations.add")}
      </button>
    </Form>
  );
}
