// The actor form, for adding and editing (the same fields, the same checks on the server). Plain
// HTML form controls: it works without any script, and on a refusal the page shows what was typed
// with the message beside the field.
import { Form } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel, type CategoryRef } from "../../core/categories.js";
import { ACTOR_KINDS, GOVERNANCE_FUNCTIONS, ILLICIT_LINKS, SCORES, type StakeholderActor } from "../../core/stakeholders/types.js";
import { Field, FormAlert, SelectField, TextAreaField } from "../forms.js";
import { useLanguage } from "../process.js";

/** What the form shows: a stored actor's fields, or the fields just submitted (a refusal keeps them). */
export type ActorFormValues = Record<string, string | string[]>;

export function actorValues(actor: StakeholderActor, memberIds: readonly string[]): ActorFormValues {
  return {
    name: actor.name,
    kind: actor.kind,
    categoryId: actor.categoryId ?? "",
    community: actor.community ?? "",
    functions: actor.functions,
    illicitLink: actor.illicitLink,
    illicitSource: actor.illicitSource ?? "",
    influence: String(actor.influence),
    legitimacy: String(actor.legitimacy),
    legitimacyNotes: actor.legitimacyNotes ?? "",
    representationNote: actor.representationNote ?? "",
    sources: actor.sources ?? "",
    memberIds: [...memberIds],
  };
}

/** The submitted fields of the form, to show again after a refusal. */
export function submittedValues(form: FormData): ActorFormValues {
  const values: ActorFormValues = {};
  for (const key of new Set(form.keys())) {
    if (key === "functions" || key === "memberIds") values[key] = form.getAll(key).map(String);
    else values[key] = String(form.get(key) ?? "");
  }
  values.functions ??= [];
  values.memberIds ??= [];
  return values;
}

export interface RepresentativeOption {
  userId: string;
  displayName: string;
  categoryId: string | null;
  affiliation: string | null;
}

interface ActorFormProps {
  intent: "create" | "update";
  actorId?: string;
  values: ActorFormValues;
  errors: Record<string, string>;
  categories: readonly CategoryRef[];
  representatives: readonly RepresentativeOption[];
  busy: boolean;
}

const text = (values: ActorFormValues, key: string) => {
  const v = values[key];
  return typeof v === "string" ? v : "";
};
const list = (values: ActorFormValues, key: string) => {
  const v = values[key];
  return Array.isArray(v) ? v : typeof v === "string" && v ? [v] : [];
};

export function ActorForm({ intent, actorId, values, errors, categories, representatives, busy }: ActorFormProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const categoryOf = (id: string | null) => {
    const c = id ? categories.find((x) => x.id === id) : undefined;
    return c ? categoryLabel(c, language) : null;
  };
  const functions = list(values, "functions");
  const members = list(values, "memberIds");
  return (
    <Form method="post" className="stack actor-form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {actorId ? <input type="hidden" name="actorId" value={actorId} /> : null}
      <FormAlert message={errors.form ? t(errors.form) : null} />
      <Field name="name" label={t("stakeholders.fields.name")} defaultValue={text(values, "name")} required maxLength={120} dir="auto" error={errors.name} />
      <SelectField
        name="kind"
        label={t("stakeholders.fields.kind")}
        defaultValue={text(values, "kind") || "group"}
        options={ACTOR_KINDS.map((k) => ({ value: k, label: t(`stakeholders.choices.kinds.${k}`) }))}
        error={errors.kind}
      />
      <SelectField
        name="categoryId"
        label={t("stakeholders.fields.category")}
        defaultValue={text(values, "categoryId")}
        options={[{ value: "", label: t("stakeholders.choices.noCategory") }, ...categories.map((c) => ({ value: c.id, label: categoryLabel(c, language) }))]}
        error={errors.categoryId}
      />
      <Field
        name="community"
        label={t("stakeholders.fields.community")}
        defaultValue={text(values, "community")}
        maxLength={120}
        dir="auto"
        error={errors.community}
      />
      <fieldset className="field" aria-describedby="field-functions-hint">
        <legend>{t("stakeholders.fields.functions")}</legend>
        <p className="field-hint" id="field-functions-hint">
          {t("stakeholders.fields.functionsHint")}
        </p>
        {GOVERNANCE_FUNCTIONS.map((f) => (
          <label key={f} className="choice">
            <input type="checkbox" name="functions" value={f} defaultChecked={functions.includes(f)} /> {t(`stakeholders.choices.functions.${f}`)}
          </label>
        ))}
        {errors.functions ? <p className="field-error">{t(errors.functions)}</p> : null}
      </fieldset>
      <SelectField
        name="illicitLink"
        label={t("stakeholders.fields.illicitLink")}
        defaultValue={text(values, "illicitLink") || "none"}
        options={ILLICIT_LINKS.map((l) => ({ value: l, label: t(`stakeholders.choices.illicit.${l}`) }))}
        error={errors.illicitLink}
      />
      <TextAreaField
        name="illicitSource"
        label={t("stakeholders.fields.illicitSource")}
        hint={t("stakeholders.fields.illicitSourceHint")}
        defaultValue={text(values, "illicitSource")}
        rows={2}
        maxLength={2000}
        dir="auto"
        error={errors.illicitSource}
      />
      <div className="field-row">
        <SelectField
          name="influence"
          label={t("stakeholders.fields.influence")}
          hint={t("stakeholders.fields.scoreHint")}
          defaultValue={text(values, "influence") || "3"}
          options={SCORES.map((s) => ({ value: String(s), label: String(s) }))}
          error={errors.influence}
        />
        <SelectField
          name="legitimacy"
          label={t("stakeholders.fields.legitimacy")}
          hint={t("stakeholders.fields.scoreHint")}
          defaultValue={text(values, "legitimacy") || "3"}
          options={SCORES.map((s) => ({ value: String(s), label: String(s) }))}
          error={errors.legitimacy}
        />
      </div>
      <TextAreaField
        name="legitimacyNotes"
        label={t("stakeholders.fields.legitimacyNotes")}
        defaultValue={text(values, "legitimacyNotes")}
        rows={3}
        maxLength={2000}
        dir="auto"
        error={errors.legitimacyNotes}
      />
      <fieldset className="field" aria-describedby="field-members-hint">
        <legend>{t("stakeholders.fields.representatives")}</legend>
        <p className="field-hint" id="field-members-hint">
          {representatives.length ? t("stakeholders.fields.representativesHint") : t("stakeholders.fields.noRepresentatives")}
        </p>
        {representatives.map((r) => (
          <label key={r.userId} className="choice">
            <input type="checkbox" name="memberIds" value={r.userId} defaultChecked={members.includes(r.userId)} /> {r.displayName}
            <span className="muted">{[categoryOf(r.categoryId), r.affiliation].filter(Boolean).map((s) => ` · ${s}`)}</span>
          </label>
        ))}
        {errors.memberIds ? <p className="field-error">{t(errors.memberIds)}</p> : null}
      </fieldset>
      <TextAreaField
        name="representationNote"
        label={t("stakeholders.fields.representationNote")}
        hint={t("stakeholders.fields.representationNoteHint")}
        defaultValue={text(values, "representationNote")}
        rows={2}
        maxLength={2000}
        dir="auto"
        error={errors.representationNote}
      />
      <TextAreaField
        name="sources"
        label={t("stakeholders.fields.sources")}
        defaultValue={text(values, "sources")}
        rows={3}
        maxLength={2000}
        dir="auto"
        error={errors.sources}
      />
      <button type="submit" className="button" disabled={busy}>
        {intent === "create" ? t("stakeholders.form.create") : t("stakeholders.form.save")}
      </button>
    </Form>
  );
}
