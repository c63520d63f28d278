// Sign-off panel and history of a document (issues 6 and 9). UI only: the loader computes the data
// and what the viewer may do (`may`), the domain decides; every form posts to the document route
// with an `intent`. One component per form; fields go through the shared ones in ./forms.
import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { categoryLabel, type CategoryLabels } from "~/core/categories";
import { findingText } from "~/core/finding-text";
import type { Language } from "~/core/languages";
import type { Finding } from "~/core/validation";
import { IN_PERSON_METHODS, shortHash } from "~/core/signoff";
import { formatDate, useLanguage } from "./process";
import { ChoiceField, Field, FormAlert, SelectField, TextAreaField } from "./forms";
import type { DecisionView, RoundView, SignoffPanelData } from "~/domain/signoff.server";
import { LockIcon } from "./lock-icon.js";

// The loader's shapes, as they arrive in the browser (plain JSON: the same fields).
export type DecisionData = DecisionView;
export type RoundData = RoundView;
export type SignoffData = SignoffPanelData;

type CategoryRef = CategoryLabels & { id: string };

export interface SignoffActionData {
  intent: string;
  ok: boolean;
  errors: Record<string, string>;
  /** Opening refused: the stored draft's blocking findings. */
  findings?: { ruleId: string; messageKey: string; params?: Record<string, unknown> }[];
  /** Opening refused: required categories nobody can decide for. */
  unrepresented?: CategoryRef[];
  /** Values for the form-wide message (e.g. the representative's name). */
  params?: Record<string, string>;
  saved?: string | null;
}

/** The form-wide message of a refusal, in the reader's language (categories named in it). */
function formMessage(action: SignoffActionData, t: TFunction, language: Language): string | null {
  const key = action.errors.form ?? action.errors.versionHash ?? action.errors.decisionsSeen;
  if (!key) return null;
  const categories = (action.unrepresented ?? []).map((c) => categoryLabel(c, language)).join(", ");
  return t(key, { ...action.params, categories });
}

/** This form's errors when the last submission was this intent and was refused. */
function useIntentErrors(action: SignoffActionData | undefined, intent: string) {
  const { t } = useTranslation();
  const language = useLanguage();
  const mine = action && action.intent === intent && !action.ok ? action : undefined;
  return { errors: mine?.errors ?? {}, message: mine ? formMessage(mine, t, language) : null, refused: !!mine, action: mine };
}

/** A person as the panel names them: a member's display name, or "Name (community)" without an account. */
function personName(d: DecisionData, t: TFunction): string {
  return d.withoutAccount ? t("signoff.personWithAffiliation", { name: d.userName, affiliation: d.personAffiliation ?? "" }) : d.userName;
}

/** How an in-person decision was given, for the panel, history and confirmation. */
function inPersonText(d: DecisionData, t: TFunction): string {
  const recorded = d.method
    ? t("signoff.recordedInPerson", { name: d.recordedByName ?? "", method: t(`signoff.method.${d.method}`), witness: d.witness ?? "" })
    : t("signoff.recordedByFacilitator", { name: d.recordedByName ?? "", witness: d.witness ?? "" });
  return d.withoutAccount ? t("signoff.withoutAccountRecorded", { recorded }) : recorded;
}

function DecisionLine({ d }: { d: DecisionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      {t("signoff.decisionBy", { name: personName(d, t), decision: t(`signoff.decision.${d.decision}`), date: formatDate(d.decidedAt, language, true) })}
      {d.inPerson ? (
        <span className="signoff-recorded" data-without-account={d.withoutAccount || undefined}>
          {" "}
          ({inPersonText(d, t)})
        </span>
      ) : null}
      {d.reason ? (
        <span className="signoff-reason">
          {" "}
          — {t("signoff.reasonQuoted", { reason: d.reason })}
        </span>
      ) : null}
    </>
  );
}

function CategoryStates({ round }: { round: RoundData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ul className="signoff-categories" aria-label={t("signoff.requiredCategories")}>
      {round.categories.map((c) => (
        <li key={c.categoryId} className={`signoff-category is-${c.state}`} data-category={c.key ?? c.categoryId}>
          <span className="signoff-category-name">
            {categoryLabel(c, language)}
            {c.source === "template" ? <span className="muted"> ({t("signoff.templateDefault")})</span> : null}
          </span>{" "}
          <span className={`signoff-state signoff-state-${c.state}`}>
            <span aria-hidden="true">{c.state === "approved" ? "✓ " : c.state === "objected" ? "✗ " : "… "}</span>
            {t(`signoff.state.${c.state}`)}
          </span>
          {c.inPerson ? <span className="muted"> ({t("signoff.inPersonCategory")})</span> : null}
          {c.decisions.length ? (
            <ul className="signoff-decisions">
              {c.decisions.map((d) => (
                <li key={d.id}>
                  <DecisionLine d={d} />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Progress({ round }: { round: RoundData }) {
  const { t } = useTranslation();
  const { satisfied, required } = round.evaluation;
  const id = `signoff-progress-${round.id}`;
  return (
    <div className="signoff-progress">
      <label htmlFor={id}>{t("signoff.progressLabel")}</label>
      <progress id={id} max={Math.max(required, 1)} value={satisfied} />
      <p className="signoff-progress-text">{t("signoff.progress", { count: satisfied, required })}</p>
    </div>
  );
}

/** A facilitator's tool, folded until needed so the text itself stays near the top of the page. */
function Tool({ id, title, open, children }: { id: string; title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="signoff-tool" open={open || undefined}>
      <summary>
        <h3 id={id}>{title}</h3>
      </summary>
      {children}
    </details>
  );
}

function SubmitButton({ label }: { label: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <button type="submit" className="button" disabled={busy}>
      {label}
    </button>
  );
}

/**
 * Approve or object. Controlled on purpose: the panel re-renders whenever another decision lands
 * (live updates), and React re-applying `defaultChecked` to a radio group would silently move the
 * person's choice back to "approve" while they are deciding.
 */
function DecisionChoice({ id, approveLabel, objectLabel, error }: { id: string; approveLabel: string; objectLabel: string; error?: string }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState("approve");
  return (
    <ChoiceField
      name="decision"
      id={id}
      legend={t("signoff.record.decision")}
      options={[
        { value: "approve", label: approveLabel },
        { value: "object", label: objectLabel },
      ]}
      value={decision}
      onChange={setDecision}
      error={error}
    />
  );
}

/** Paper signature, thumbprint or oral assent: chosen every time (nothing preselected). */
function MethodChoice({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <ChoiceField
      name="method"
      id={id}
      legend={t("signoff.record.method")}
      options={IN_PERSON_METHODS.map((m) => ({ value: m, label: t(`signoff.method.${m}`) }))}
      error={error}
      required
    />
  );
}

// ---------------------------------------------------------------------------------------------
// Forms

function DecideForm({ data, round, action }: { data: SignoffData; round: RoundData; action?: SignoffActionData }) {
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
      <DecisionChoice id="decide-decision" approveLabel={t("signoff.yourDecision.approve")} objectLabel={t("signoff.yourDecision.object")} error={errors.decision} />
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

function OpenRoundForm({ data, action }: { data: SignoffData; action?: SignoffActionData }) {
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

function RecordMemberForm({ data, round, action }: { data: SignoffData; round: RoundData; action?: SignoffActionData }) {
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
            <DecisionChoice id="record-decision" approveLabel={t("signoff.decision.approve")} objectLabel={t("signoff.decision.object")} error={errors.decision} />
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

function RecordPersonForm({ round, action }: { round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { errors, message, refused } = useIntentErrors(action, "recordPerson");
  return (
    <Tool id="record-person-title" title={t("signoff.recordPerson.title")} open={refused}>
      <Form method="post" className="signoff-form" aria-labelledby="record-person-title">
        <p className="field-hint">{t("signoff.recordPerson.hint")}</p>
        <input type="hidden" name="intent" value="recordPerson" />
        <input type="hidden" name="versionHash" value={round.versionHash} />
        <Field id="person-name" name="personName" label={t("signoff.recordPerson.name")} maxLength={200} required autoComplete="off" error={errors.personName} />
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

function ReopenForm({ action }: { action?: SignoffActionData }) {
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

function AmendForm({ action }: { action?: SignoffActionData }) {
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

/** How an approval was given, for the adoption confirmation. */
function approvalHow(d: DecisionData, t: TFunction): string {
  if (!d.inPerson) return t("signoff.adopt.online");
  const how = d.method
    ? t("signoff.adopt.inPerson", { method: t(`signoff.method.${d.method}`), witness: d.witness ?? "", name: d.recordedByName ?? "" })
    : t("signoff.adopt.inPersonNoMethod", { witness: d.witness ?? "", name: d.recordedByName ?? "" });
  return d.withoutAccount ? `${t("signoff.withoutAccount")}, ${how}` : how;
}

/**
 * The deliberate act: the full and short hash, per category who approved and how, then the
 * declaration. Reached by a plain link (`?confirm=adopt`), so it works without JavaScript; the form
 * carries the version and the latest decision it listed, and the server refuses if either changed.
 */
function AdoptConfirmation({ round, action }: { round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { pathname } = useLocation();
  const { message } = useIntentErrors(action, "adopt");
  return (
    <section id="adopt-confirm" className="signoff-confirm" aria-labelledby="adopt-confirm-title">
      <h3 id="adopt-confirm-title">{t("signoff.adopt.confirmTitle")}</h3>
      <p>{t("signoff.adopt.confirmHint")}</p>
      <p>
        {t("signoff.adopt.hash")} <code className="signoff-hash" data-testid="adopt-hash">{round.versionHash}</code>
      </p>
      <p>
        {t("signoff.adopt.shortHash")} <code data-testid="adopt-short-hash">{shortHash(round.versionHash)}</code>
      </p>
      <h4>{t("signoff.adopt.approvals")}</h4>
      <ul className="signoff-approvals">
        {round.categories.map((c) => (
          <li key={c.categoryId} data-category={c.key ?? c.categoryId}>
            <strong>{categoryLabel(c, language)}</strong>
            {" — "}
            {c.decisions.filter((d) => d.decision === "approve").map((d, i) => (
              <span key={d.id}>
                {i > 0 ? "; " : ""}
                {personName(d, t)} ({approvalHow(d, t)})
              </span>
            ))}
          </li>
        ))}
      </ul>
      <FormAlert message={message ?? (round.evaluation.ruleSatisfied ? null : t("signoff.adopt.notReady"))} />
      {round.evaluation.ruleSatisfied ? (
        <Form method="post" className="signoff-form" aria-labelledby="adopt-confirm-title">
          <input type="hidden" name="intent" value="adopt" />
          <input type="hidden" name="versionHash" value={round.versionHash} />
          <input type="hidden" name="decisionsSeen" value={round.lastDecisionId} />
          <SubmitButton label={t("signoff.adopt.submit")} />{" "}
          <Link to={pathname} className="button button-secondary">
            {t("signoff.adopt.cancel")}
          </Link>
        </Form>
      ) : (
        <p>
          <Link to={pathname}>{t("signoff.adopt.cancel")}</Link>
        </p>
      )}
    </section>
  );
}

/** A declaration refused while the confirmation is not on screen (e.g. the round closed meanwhile). */
function AdoptRefusal({ action }: { action?: SignoffActionData }) {
  const { message } = useIntentErrors(action, "adopt");
  return <FormAlert message={message} />;
}

// ---------------------------------------------------------------------------------------------
// Panel and history

export function SignoffPanel({ data, action, processId }: { data: SignoffData; action?: SignoffActionData; processId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { pathname } = useLocation();
  const current = data.status !== "drafting" ? (data.rounds[0] ?? null) : null;
  const open = current?.status === "open" ? current : null;

  return (
    <section className="card signoff-panel" aria-labelledby="signoff-title" data-status={data.status}>
      <h2 id="signoff-title">{t("signoff.title")}</h2>
      {action?.ok && action.saved ? <FormAlert tone="success" message={t(action.saved)} /> : null}
      {data.status === "in_signoff" ? (
        <div className="signoff-banner is-locked" role="status">
          <LockIcon /> {t("signoff.lockedBanner")}
        </div>
      ) : null}
      {data.status === "adopted" ? (
        <div className="signoff-banner is-adopted" role="status">
          <LockIcon /> {t("signoff.adoptedBanner")}
        </div>
      ) : null}
      <p className="signoff-status">{current ? t(`signoff.status.${data.status}`, { number: current.number }) : t("signoff.status.drafting")}</p>
      {current?.status === "adopted" && current.closedAt && current.closedByName ? (
        <p className="signoff-adopted-by">{t("signoff.adoptedBy", { name: current.closedByName, date: formatDate(current.closedAt, language, true) })}</p>
      ) : null}
      {data.revisions.revisionOf ? (
        <p>
          {t("signoff.amend.revisionOf", { revision: data.revisions.revision, previous: data.revisions.revisionOf.revision })} —{" "}
          <Link to={`/processes/${processId}/documents/${data.revisions.revisionOf.id}`}>{t("signoff.amend.openPrevious")}</Link>
        </p>
      ) : null}
      {data.revisions.amendedBy ? (
        <p>
          {t("signoff.amend.amendedBy", { revision: data.revisions.amendedBy.revision, title: data.revisions.amendedBy.title })} —{" "}
          <Link to={`/processes/${processId}/documents/${data.revisions.amendedBy.id}`}>{t("signoff.amend.openRevision")}</Link>
        </p>
      ) : null}

      {current ? (
        <>
          <p className="signoff-version">
            {t("signoff.versionLabel")} <code title={current.versionHash} data-testid="version-hash">{shortHash(current.versionHash)}</code>{" "}
            <span className="muted">{t("signoff.versionHint")}</span>
          </p>
          <Progress round={current} />
          {open?.evaluation.ruleSatisfied ? (
            <div className="signoff-ready" role="status">
              <p>{t("signoff.readyBanner")}</p>
              {data.may.adopt && !data.confirmAdopt ? (
                <Link to={`${pathname}?confirm=adopt#adopt-confirm`} className="button" data-testid="declare-adopted">
                  {t("signoff.adopt.declare")}
                </Link>
              ) : null}
            </div>
          ) : null}
          <h3>{t("signoff.requiredCategories")}</h3>
          <CategoryStates round={current} />
        </>
      ) : null}

      {open && data.confirmAdopt ? <AdoptConfirmation round={open} action={action} /> : <AdoptRefusal action={action} />}
      {open && data.may.decide ? <DecideForm data={data} round={open} action={action} /> : null}
      {data.notRequired ? <p className="muted">{t("signoff.yourDecision.notRequired")}</p> : null}
      {data.may.open ? <OpenRoundForm data={data} action={action} /> : null}
      {open && data.may.record ? (
        <>
          <RecordMemberForm data={data} round={open} action={action} />
          <RecordPersonForm round={open} action={action} />
        </>
      ) : null}
      {data.may.reopen ? <ReopenForm action={action} /> : null}
      {data.may.amend ? <AmendForm action={action} /> : null}
    </section>
  );
}

export function SignoffHistory({ rounds }: { rounds: RoundData[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="card signoff-history" aria-labelledby="signoff-history-title">
      <h2 id="signoff-history-title">{t("signoff.historyTitle")}</h2>
      {rounds.length === 0 ? <p className="muted">{t("signoff.noRounds")}</p> : null}
      {rounds.map((round) => (
        <article key={round.id} className={`signoff-round is-${round.status}`} aria-labelledby={`round-${round.id}`} data-round={round.number}>
          <h3 id={`round-${round.id}`}>
            {t("signoff.round", { number: round.number })} — {t(`signoff.roundStatus.${round.status}`)}
          </h3>
          <p>
            {t("signoff.versionLabel")} <code className="signoff-hash">{round.versionHash}</code>
          </p>
          <p className="muted">
            {t("signoff.openedBy", { name: round.openedByName, date: formatDate(round.openedAt, language, true) })}
            {round.closedAt && round.closedByName
              ? ` · ${t(round.status === "adopted" ? "signoff.adoptedBy" : "signoff.closedBy", { name: round.closedByName, date: formatDate(round.closedAt, language, true) })}`
              : null}
          </p>
          {round.closeReason ? <p>{t("signoff.reopenReason", { reason: round.closeReason })}</p> : null}
          <p>
            {t("signoff.outcomeLabel")} {t("signoff.progress", { count: round.evaluation.satisfied, required: round.evaluation.required })}
          </p>
          <h4>{t("signoff.allDecisions")}</h4>
          {round.decisions.length === 0 ? (
            <p className="muted">{t("signoff.noDecisions")}</p>
          ) : (
            <ul className="signoff-decisions">
              {round.decisions.map((d) => {
                const c = round.categories.find((x) => x.categoryId === d.categoryId);
                return (
                  <li key={d.id} className={d.superseded ? "is-superseded" : undefined}>
                    {c ? <strong>{categoryLabel(c, language)}</strong> : null} <DecisionLine d={d} />
                    {d.superseded ? <span className="muted"> ({t("signoff.superseded")})</span> : null}
                  </li>
                );
              })}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}
