// Sign-off panel and history of a document (issue 6). UI only: the route loads the data and the
// domain decides; every form posts to the document route with an `intent`.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { categoryLabel, type CategoryLabels } from "~/core/categories";
import { findingText } from "~/core/finding-text";
import type { Finding } from "~/core/validation";
import { shortHash, type Decision } from "~/core/signoff";
import type { DocumentStatus } from "~/core/policy";
import { formatDate, useLanguage } from "./process";
import { FormAlert } from "./forms";
import type { DecisionView, RoundView } from "~/domain/signoff.server";
import { LockIcon } from "./lock-icon.js";

// The loader's shape, as it arrives in the browser (plain JSON: the same fields).
export type DecisionData = DecisionView;

export type RoundData = RoundView;

export interface SignoffData {
  status: DocumentStatus;
  rounds: RoundData[];
  me: { userId: string; categoryId: string | null };
  may: { open: boolean; reopen: boolean; record: boolean; amend: boolean; decide: boolean };
  categories: (CategoryLabels & { id: string })[];
  templateDefaultIds: string[];
  representatives: { userId: string; displayName: string; categoryId: string }[];
  revisions: {
    revision: number;
    revisionOf: { id: string; title: string; revision: number } | null;
    amendedBy: { id: string; title: string; revision: number } | null;
  };
}

export interface SignoffActionData {
  intent: string;
  ok: boolean;
  errors: Record<string, string>;
  findings?: { ruleId: string; messageKey: string; params?: Record<string, unknown> }[];
  saved?: string | null;
}

function DecisionLine({ d }: { d: DecisionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      {t("signoff.decisionBy", { name: d.userName, decision: t(`signoff.decision.${d.decision}`), date: formatDate(d.decidedAt, language, true) })}
      {d.recordedByName ? (
        <span className="signoff-recorded"> ({t("signoff.recordedByFacilitator", { name: d.recordedByName, witness: d.witness ?? "" })})</span>
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

/**
 * Approve or object. Controlled on purpose: the panel re-renders whenever another decision lands
 * (live updates), and React re-applying `defaultChecked` to a radio group would silently move the
 * person's choice back to "approve" while they are deciding.
 */
function DecisionChoice({ approveLabel, objectLabel }: { approveLabel: string; objectLabel: string }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<"approve" | "object">("approve");
  return (
    <fieldset>
      <legend>{t("signoff.record.decision")}</legend>
      <label className="choice">
        <input type="radio" name="decision" value="approve" checked={decision === "approve"} onChange={() => setDecision("approve")} /> {approveLabel}
      </label>
      <label className="choice">
        <input type="radio" name="decision" value="object" checked={decision === "object"} onChange={() => setDecision("object")} /> {objectLabel}
      </label>
    </fieldset>
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

function ErrorText({ error }: { error?: string }) {
  const { t } = useTranslation();
  return error ? <p className="field-error">{t(error)}</p> : null;
}

export function SignoffPanel({ data, action, processId }: { data: SignoffData; action?: SignoffActionData; processId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const current = data.status !== "drafting" ? (data.rounds[0] ?? null) : null;
  const errorsFor = (intent: string) => (action && action.intent === intent && !action.ok ? action.errors : {});
  const myCategory = data.categories.find((c) => c.id === data.me.categoryId);
  const myRequired = current?.categories.some((c) => c.categoryId === data.me.categoryId) ?? false;
  const myCurrent = current?.decisions.find((d) => d.userId === data.me.userId && !d.superseded);
  const requiredReps = current ? data.representatives.filter((r) => current.categories.some((c) => c.categoryId === r.categoryId)) : [];
  const labelOf = (id: string) => {
    const c = data.categories.find((x) => x.id === id);
    return c ? categoryLabel(c, language) : "";
  };

  return (
    <section className="card signoff-panel" aria-labelledby="signoff-title" data-status={data.status}>
      <h2 id="signoff-title">{t("signoff.title")}</h2>
      {action?.ok && action.saved ? <FormAlert tone="success" message={t(action.saved)} /> : null}
      {data.status === "in_signoff" ? (
        <div className="signoff-banner is-locked" role="status">
          <LockIcon />{" "}
          {t("signoff.lockedBanner")}
        </div>
      ) : null}
      {data.status === "adopted" ? (
        <div className="signoff-banner is-adopted" role="status">
          <LockIcon />{" "}
          {t("signoff.adoptedBanner")}
        </div>
      ) : null}
      <p className="signoff-status">
        {current ? t(`signoff.status.${data.status}`, { number: current.number }) : t("signoff.status.drafting")}
      </p>
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
          <h3>{t("signoff.requiredCategories")}</h3>
          <CategoryStates round={current} />
        </>
      ) : null}

      {current && data.status === "in_signoff" && data.me.categoryId && myCategory && (data.may.decide || myRequired) ? (
        myRequired && data.may.decide ? (
          <Form method="post" className="signoff-form" aria-labelledby="decide-title">
            <h3 id="decide-title">{t("signoff.yourDecision.title", { category: categoryLabel(myCategory, language) })}</h3>
            <p className="field-hint">{t("signoff.yourDecision.hint")}</p>
            {myCurrent ? <p>{t("signoff.yourDecision.current", { decision: t(`signoff.decision.${myCurrent.decision}`) })}</p> : null}
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="versionHash" value={current.versionHash} />
            <input type="hidden" name="categoryId" value={data.me.categoryId} />
            <DecisionChoice approveLabel={t("signoff.yourDecision.approve")} objectLabel={t("signoff.yourDecision.object")} />
            <div className="field">
              <label htmlFor="decide-reason">{t("signoff.reasonLabel")}</label>
              <p className="field-hint" id="decide-reason-hint">
                {t("signoff.yourDecision.reasonHint")}
              </p>
              <textarea id="decide-reason" name="reason" rows={3} maxLength={2000} aria-describedby="decide-reason-hint" />
              <ErrorText error={errorsFor("decide").reason} />
            </div>
            <ErrorText error={errorsFor("decide").form ?? errorsFor("decide").versionHash ?? errorsFor("decide").decision} />
            <button type="submit" className="button" disabled={busy}>
              {t("signoff.yourDecision.submit")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("signoff.yourDecision.notRequired")}</p>
        )
      ) : null}

      {data.may.open ? (
        <Tool id="open-title" title={t("signoff.open.title")} open={Object.keys(errorsFor("open")).length > 0}>
          <Form method="post" className="signoff-form" aria-labelledby="open-title">
            <p className="field-hint">{t("signoff.open.hint")}</p>
            <input type="hidden" name="intent" value="open" />
            <fieldset>
              <legend>{t("signoff.open.categories")}</legend>
              {data.categories.map((c) => {
                const locked = data.templateDefaultIds.includes(c.id);
                return (
                  <label key={c.id} className="choice">
                    <input type="checkbox" name="categoryIds" value={c.id} defaultChecked={locked} disabled={locked} data-key={c.key ?? ""} />{" "}
                    {categoryLabel(c, language)}
                    {locked ? <span className="muted"> ({t("signoff.templateDefault")})</span> : null}
                    {locked ? <input type="hidden" name="categoryIds" value={c.id} /> : null}
                  </label>
                );
              })}
            </fieldset>
            <ErrorText error={errorsFor("open").categoryIds} />
            {errorsFor("open").form ? (
              <div className="alert alert-error" role="alert">
                {t(errorsFor("open").form!)}
                {action?.findings?.length ? (
                  <>
                    {" "}
                    {t("signoff.findings")}
                    <ul className="signoff-findings">
                      {action.findings.map((f, i) => (
                        <li key={i} data-rule={f.ruleId}>
                          {findingText({ severity: "blocking", params: {}, ...f } as Finding, t, language, data.categories)}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </div>
            ) : null}
            <button type="submit" className="button" disabled={busy}>
              {t("signoff.open.submit")}
            </button>
          </Form>
        </Tool>
      ) : null}

      {data.may.record && current && data.status === "in_signoff" ? (
        <Tool id="record-title" title={t("signoff.record.title")} open={Object.keys(errorsFor("record")).length > 0}>
          <Form method="post" className="signoff-form" aria-labelledby="record-title">
            <p className="field-hint">{t("signoff.record.hint")}</p>
            {requiredReps.length ? (
              <>
                <input type="hidden" name="intent" value="record" />
                <input type="hidden" name="versionHash" value={current.versionHash} />
                <div className="field">
                  <label htmlFor="record-member">{t("signoff.record.member")}</label>
                  <select id="record-member" name="memberUserId">
                    {requiredReps.map((r) => (
                      <option key={r.userId} value={r.userId}>
                        {r.displayName} — {labelOf(r.categoryId)}
                      </option>
                    ))}
                  </select>
                  <ErrorText error={errorsFor("record").memberUserId} />
                </div>
                <DecisionChoice approveLabel={t("signoff.decision.approve")} objectLabel={t("signoff.decision.object")} />
                <div className="field">
                  <label htmlFor="record-reason">{t("signoff.reasonLabel")}</label>
                  <textarea id="record-reason" name="reason" rows={2} maxLength={2000} />
                  <ErrorText error={errorsFor("record").reason} />
                </div>
                <div className="field">
                  <label htmlFor="record-witness">{t("signoff.record.witness")}</label>
                  <input id="record-witness" name="witness" maxLength={200} required />
                  <ErrorText error={errorsFor("record").witness} />
                </div>
                <ErrorText error={errorsFor("record").form ?? errorsFor("record").versionHash} />
                <button type="submit" className="button" disabled={busy}>
                  {t("signoff.record.submit")}
                </button>
              </>
            ) : (
              <p className="muted">{t("signoff.record.noRepresentatives")}</p>
            )}
          </Form>
        </Tool>
      ) : null}

      {data.may.reopen ? (
        <Tool id="reopen-title" title={t("signoff.reopen.title")} open={Object.keys(errorsFor("reopen")).length > 0}>
          <Form method="post" className="signoff-form" aria-labelledby="reopen-title">
            <p className="field-hint">{t("signoff.reopen.hint")}</p>
            <input type="hidden" name="intent" value="reopen" />
            <div className="field">
              <label htmlFor="reopen-reason">{t("signoff.reopen.reason")}</label>
              <textarea id="reopen-reason" name="reason" rows={2} maxLength={2000} required />
              <ErrorText error={errorsFor("reopen").reason ?? errorsFor("reopen").form} />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("signoff.reopen.submit")}
            </button>
          </Form>
        </Tool>
      ) : null}

      {data.may.amend && !data.revisions.amendedBy ? (
        <Form method="post" className="signoff-form" aria-labelledby="amend-title">
          <h3 id="amend-title">{t("signoff.amend.title")}</h3>
          <p className="field-hint">{t("signoff.amend.hint")}</p>
          <input type="hidden" name="intent" value="amend" />
          <ErrorText error={errorsFor("amend").form} />
          <button type="submit" className="button" disabled={busy}>
            {t("signoff.amend.submit")}
          </button>
        </Form>
      ) : null}
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
            {round.closedAt && round.closedByName ? ` · ${t("signoff.closedBy", { name: round.closedByName, date: formatDate(round.closedAt, language, true) })}` : null}
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
                    {c ? <strong>{categoryLabel(c, language)}</strong> : null}{" "}
                    <DecisionLine d={d} />
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
