// What the sign-off panel's parts share: the loader's and the action's shapes, refusal messages,
// how a decision and a person are named, the folded tool and the common choices.
import { useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import type { TFunction } from "~/core/i18n/react.js";
import { categoryLabel, type CategoryRef } from "~/core/categories";
import type { Language } from "~/core/languages";
import { IN_PERSON_METHODS } from "~/core/signoff";
import type { BlockingFinding } from "~/core/validation";
import type { DecisionView, RoundView, SignoffPanelData } from "~/domain/signoff.server";
import { formatDate, useLanguage } from "../process";
import { ChoiceField } from "../forms";

// The loader's shapes, as they arrive in the browser (plain JSON: the same fields).
export type DecisionData = DecisionView;
export type RoundData = RoundView;
export type SignoffData = SignoffPanelData;

export interface SignoffActionData {
  intent: string;
  ok: boolean;
  errors: Record<string, string>;
  /** Opening refused: the stored draft's blocking findings. */
  findings?: BlockingFinding[];
  /** Opening refused: required categories nobody can decide for. */
  unrepresented?: CategoryRef[];
  /** Values for the form-wide message (e.g. the representative's name). */
  params?: Record<string, string>;
  saved?: string | null;
}

/** The form-wide message of a refusal, in the reader's language (categories named in it). */
export function formMessage(action: SignoffActionData, t: TFunction, language: Language): string | null {
  const key = action.errors.form ?? action.errors.versionHash ?? action.errors.decisionsSeen;
  if (!key) return null;
  const categories = (action.unrepresented ?? []).map((c) => categoryLabel(c, language)).join(", ");
  return t(key, { ...action.params, categories });
}

/** This form's errors when the last submission was this intent and was refused. */
export function useIntentErrors(action: SignoffActionData | undefined, intent: string) {
  const { t } = useTranslation();
  const language = useLanguage();
  const mine = action && action.intent === intent && !action.ok ? action : undefined;
  return { errors: mine?.errors ?? {}, message: mine ? formMessage(mine, t, language) : null, refused: !!mine, action: mine };
}

/** A person as the panel names them: a member's display name, or "Name (community)" without an account. */
export function personName(d: DecisionData, t: TFunction): string {
  return d.withoutAccount ? t("signoff.personWithAffiliation", { name: d.userName, affiliation: d.personAffiliation ?? "" }) : d.userName;
}

/** How an in-person decision was given, for the panel, history and confirmation. */
export function inPersonText(d: DecisionData, t: TFunction): string {
  const recorded = d.method
    ? t("signoff.recordedInPerson", { name: d.recordedByName ?? "", method: t(`signoff.method.${d.method}`), witness: d.witness ?? "" })
    : t("signoff.recordedByFacilitator", { name: d.recordedByName ?? "", witness: d.witness ?? "" });
  return d.withoutAccount ? t("signoff.withoutAccountRecorded", { recorded }) : recorded;
}

export function DecisionLine({ d }: { d: DecisionData }) {
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
      {d.reason ? <span className="signoff-reason"> — {t("signoff.reasonQuoted", { reason: d.reason })}</span> : null}
    </>
  );
}

/** A facilitator's tool, folded until needed so the text itself stays near the top of the page. */
export function Tool({ id, title, open, children }: { id: string; title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="signoff-tool" open={open || undefined}>
      <summary>
        <h3 id={id}>{title}</h3>
      </summary>
      {children}
    </details>
  );
}

export function SubmitButton({ label }: { label: string }) {
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
export function DecisionChoice({ id, approveLabel, objectLabel, error }: { id: string; approveLabel: string; objectLabel: string; error?: string }) {
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
export function MethodChoice({ id, error }: { id: string; error?: string }) {
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
