import type { ReactNode } from "react";
// Sign-off panel and history of a document (issues 6 and 9). UI only: the loader computes the data
// and what the viewer may do (`may`), the domain decides; every form posts to the document route
// with an `intent`. The forms (one component each) are in ./signoff/forms, the adoption
// confirmation in ./signoff/adoption.
import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel } from "~/core/categories";
import { shortHash } from "~/core/signoff";
import { formatDate, useLanguage } from "./process";
import { FormAlert } from "./forms";
import { LockIcon } from "./lock-icon.js";
import { AdoptConfirmation, AdoptRefusal } from "./signoff/adoption";
import { AmendForm, DecideForm, OpenRoundForm, RecordMemberForm, RecordPersonForm, ReopenForm } from "./signoff/forms";
import { DecisionLine, type RoundData, type SignoffActionData, type SignoffData } from "./signoff/shared";

export type { DecisionData, RoundData, SignoffActionData, SignoffData } from "./signoff/shared";
export { DecisionBar, roundToDecide } from "./signoff/decision-bar";

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

export function SignoffPanel({
  data,
  action,
  processId,
  changes,
  decisionBelow = false,
}: {
  data: SignoffData;
  action?: SignoffActionData;
  processId: string;
  /** What changed since the reader's decision (or the previous round): shown just before the decision. */
  changes?: ReactNode;
  /** The reader decides in the bar after the text (DecisionBar): the panel only points to it. */
  decisionBelow?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { pathname } = useLocation();
  const current = data.status !== "drafting" ? (data.rounds[0] ?? null) : null;
  const open = current?.status === "open" ? current : null;

  return (
    <section className="card signoff-panel" aria-labelledby="signoff-title" data-status={data.status}>
      <h2 id="signoff-title">{t("signoff.title")}</h2>
      {action?.ok && action.saved && !(decisionBelow && action.intent === "decide") ? <FormAlert tone="success" message={t(action.saved)} /> : null}
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
            {t("signoff.versionLabel")}{" "}
            <code title={current.versionHash} data-testid="version-hash">
              {shortHash(current.versionHash)}
            </code>{" "}
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
      {open ? changes : null}
      {open && data.may.decide && !decisionBelow ? <DecideForm data={data} round={open} action={action} /> : null}
      {open && data.may.decide && decisionBelow ? (
        <p className="signoff-decide-below">
          {t("screens.decisionBar.below")} <a href="#decision-bar">{t("screens.decisionBar.jump")}</a>
        </p>
      ) : null}
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
