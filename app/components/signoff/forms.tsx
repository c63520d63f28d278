// The sign-off forms, one component each: decide, open a round, record in person (a member, a
// person without an account), reopen, amend. Every field goes through the shared ones in ../forms.
import { Form } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel } from "~/core/categories";
import { findingText } from "~/core/finding-text";
import type { Finding } from "~/core/validation";
import { useLanguage } from "../process";
import { Field, FormAlert, SelectField, TextAreaField } from "../forms";
import { DecisionChoice, MethodChoice, SubmitButton, Tool, useIntentErrors, type RoundData, type SignoffActionData, type SignoffData } from "./shared";

export function DecideForm({ data, round, action }: { data: SignoffData; round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { errors, message } = useIntentErrors(action, "decide");
  const category = data.categories.find((c) => c.id === data.me.categoryId);
  return (
    <Form method="post" className="signoff-form" aria-labelledby="decide-title">
      <h3 id="decide-title">{t("signoff.yourDecision.title", { category: category ? categoryLabel(category, language) : "" })}</h3>
      <p className="field-hint">{t("signoff.yourDecision.hint")}</p>
      {data.myDecision ? <p>{t("signoff.yourDecision.current", { decision: t(`signoff.decision.${data.myDecision.decision}`) })}</p> : null}
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="versionHash" value={round.versionHash} />
      <input type="hidden" name="categoryId" value={data.me.categoryId ?? ""} />
      <DecisionChoice
        id="decide-decision"
        approveLabel={t("signoff.yourDecision.approve")}
        objectLabel={t("signoff.yourDecision.object")}
        error={errors.decision}
      />
      <TextAreaField
        id="decide-reason"
        name="reason"
        label={t("signoff.reasonLabel")}
        hint={t("signoff.yourDecision.reasonHint")}
        rows={3}
        maxLength={2000}
        error={errors.reason}
      />
      <FormAlert message={message} />
      <SubmitButton label={t("signoff.yourDecision.submit")} />
    </Form>
  );
}

export function OpenRoundForm({ data, action }: { data: SignoffData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { errors, message, refused, action: refusal } = useIntentErrors(action, "open");
  const anyUnrepresented = data.categories.some((c) => !data.deciders[c.id]?.length);
  return (
    <Tool id="open-title" title={t("signoff.open.title")} open={refused}>
      <Form method="post" className="signoff-form" aria-labelledby="open-title">
        <p className="field-hint">{t("signoff.open.hint")}</p>
        <input type="hidden" name="intent" value="open" />
        <fieldset aria-describedby={anyUnrepresented ? "open-in-person-hint" : undefined}>
          <legend>{t("signoff.open.categories")}</legend>
          {anyUnrepresented ? (
            <p className="field-hint" id="open-in-person-hint">
              {t("signoff.open.inPersonHint")}
            </p>
          ) : null}
          {data.categories.map((c) => {
            const locked = data.templateDefaultIds.includes(c.id);
            const deciders = data.deciders[c.id] ?? [];
            return (
              <div key={c.id} className="signoff-open-category" data-category={c.key ?? c.id}>
                <label className="choice">
                  <input type="checkbox" name="categoryIds" value={c.id} defaultChecked={locked} disabled={locked} data-key={c.key ?? ""} />{" "}
                  {categoryLabel(c, language)}
                  {locked ? <span className="muted"> ({t("signoff.templateDefault")})</span> : null}
                  {locked ? <input type="hidden" name="categoryIds" value={c.id} /> : null}
                </label>
                {deciders.length ? (
                  <p className="signoff-deciders">
                    {t("signoff.open.deciders", {
                      names: deciders.map((d) => (d.affiliation ? `${d.displayName} (${d.affiliation})` : d.displayName)).join(", "),
                    })}
                  </p>
                ) : (
                  <>
                    <p className="signoff-deciders is-none">{t("signoff.open.noRepresentative")}</p>
                    <label className="choice signoff-in-person">
                      <input type="checkbox" name="inPersonCategoryIds" value={c.id} data-key={c.key ?? ""} /> {t("signoff.open.inPerson")}
                    </label>
                  </>
                )}
              </div>
            );
          })}
        </fieldset>
        {errors.categoryIds ? <p className="field-error">{t(errors.categoryIds)}</p> : null}
        {message ? (
          <div className="alert alert-error" role="alert">
            {message}
            {refusal?.findings?.length ? (
              <>
                {" "}
                {t("signoff.findings")}
                <ul className="signoff-findings">
                  {refusal.findings.map((f, i) => (
                    <li key={i} data-rule={f.ruleId}>
                      {findingText({ severity: "blocking", params: {}, ...f } as Finding, t, language, data.categories)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
        <SubmitButton label={t("signoff.open.submit")} />
      </Form>
    </Tool>
  );
}

export function RecordMemberForm({ data, round, action }: { data: SignoffData; round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { errors, message, refused } = useIntentErrors(action, "record");
  const labelOf = (id: string) => {
    const c = data.categories.find((x) => x.id === id);
    return c ? categoryLabel(c, language) : "";
  };
  return (
    <Tool id="record-title" title={t("signoff.record.title")} open={refused}>
      <Form method="post" className="signoff-form" aria-labelledby="record-title">
        <p className="field-hint">{t("signoff.record.hint")}</p>
        {data.representatives.length ? (
          <>
            <input type="hidden" name="intent" value="record" />
            <input type="hidden" name="versionHash" value={round.versionHash} />
            <SelectField
              id="record-member"
              name="memberUserId"
              label={t("signoff.record.member")}
              options={data.representatives.map((r) => ({
                value: r.userId,
                label: `${r.displayName} — ${labelOf(r.categoryId)}${r.decidedThemselves ? ` (${t("signoff.record.decidedThemselves")})` : ""}`,
              }))}
              error={errors.memberUserId}
            />
            <DecisionChoice
              id="record-decision"
              approveLabel={t("signoff.decision.approve")}
              objectLabel={t("signoff.decision.object")}
              error={errors.decision}
            />
            <MethodChoice id="record-method" error={errors.method} />
            <TextAreaField id="record-reason" name="reason" label={t("signoff.reasonLabel")} rows={2} maxLength={2000} error={errors.reason} />
            <Field id="record-witness" name="witness" label={t("signoff.record.witness")} maxLength={200} required error={errors.witness} />
            <FormAlert message={message} />
            <SubmitButton label={t("signoff.record.submit")} />
          </>
        ) : (
          <p className="muted">{t("signoff.record.noRepresentatives")}</p>
        )}
      </Form>
    </Tool>
  );
}

export function RecordPersonForm({ round, action }: { round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { errors, message, refused } = useIntentErrors(action, "recordPerson");
  return (
    <Tool id="record-person-title" title={t("signoff.recordPerson.title")} open={refused}>
      <Form method="post" className="signoff-form" aria-labelledby="record-person-title">
        <p className="field-hint">{t("signoff.recordPerson.hint")}</p>
        <input type="hidden" name="intent" value="recordPerson" />
        <input type="hidden" name="versionHash" value={round.versionHash} />
        <Field
          id="person-name"
          name="personName"
          label={t("signoff.recordPerson.name")}
          maxLength={200}
          required
          autoComplete="off"
          error={errors.personName}
        />
        <Field
          id="person-affiliation"
          name="personAffiliation"
          label={t("signoff.recordPerson.affiliation")}
          maxLength={120}
          required
          autoComplete="off"
          error={errors.personAffiliation}
        />
        <SelectField
          id="person-category"
          name="categoryId"
          label={t("signoff.recordPerson.category")}
          // Categories decided in person first: they are the usual reason for this form.
          options={[...round.categories]
            .sort((a, b) => Number(b.inPerson) - Number(a.inPerson))
            .map((c) => ({ value: c.categoryId, label: categoryLabel(c, language) }))}
          error={errors.categoryId}
        />
        <DecisionChoice id="person-decision" approveLabel={t("signoff.decision.approve")} objectLabel={t("signoff.decision.object")} error={errors.decision} />
        <MethodChoice id="person-method" error={errors.method} />
        <TextAreaField id="person-reason" name="reason" label={t("signoff.reasonLabel")} rows={2} maxLength={2000} error={errors.reason} />
        <Field id="person-witness" name="witness" label={t("signoff.record.witness")} maxLength={200} required error={errors.witness} />
        <FormAlert message={message} />
        <SubmitButton label={t("signoff.recordPerson.submit")} />
      </Form>
    </Tool>
  );
}

export function ReopenForm({ action }: { action?: SignoffActionData }) {
  const { t } = useTranslation();
  const { errors, message, refused } = useIntentErrors(action, "reopen");
  return (
    <Tool id="reopen-title" title={t("signoff.reopen.title")} open={refused}>
      <Form method="post" className="signoff-form" aria-labelledby="reopen-title">
        <p className="field-hint">{t("signoff.reopen.hint")}</p>
        <input type="hidden" name="intent" value="reopen" />
        <TextAreaField id="reopen-reason" name="reason" label={t("signoff.reopen.reason")} rows={2} maxLength={2000} required error={errors.reason} />
        <FormAlert message={message} />
        <SubmitButton label={t("signoff.reopen.submit")} />
      </Form>
    </Tool>
  );
}

export function AmendForm({ action }: { action?: SignoffActionData }) {
  const { t } = useTranslation();
  const { message } = useIntentErrors(action, "amend");
  return (
    <Form method="post" className="signoff-form" aria-labelledby="amend-title">
      <h3 id="amend-title">{t("signoff.amend.title")}</h3>
      <p className="field-hint">{t("signoff.amend.hint")}</p>
      <input type="hidden" name="intent" value="amend" />
      <FormAlert message={message} />
      <SubmitButton label={t("signoff.amend.submit")} />
    </Form>
  );
}
