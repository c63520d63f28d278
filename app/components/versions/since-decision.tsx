import { useTranslation } from "~/core/i18n/react.js";
import type { EditorCategory } from "~/core/categories";
import { shortHash } from "~/core/signoff";
import type { ChangesSinceDecision } from "~/domain/versions/since-decision.server";
import { formatDate, useLanguage } from "../process";
import { ComparisonView } from "./comparison";

// In the sign-off panel, just before the decision: what changed between the version this member
// decided on (or the previous round, for the facilitator) and the version they are asked about now.
export function ChangesSinceDecisionView({ data, categories }: { data: ChangesSinceDecision; categories: EditorCategory[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const mine = data.basis === "myDecision";
  const values = { from: data.fromRound, to: data.toRound, fromHash: shortHash(data.fromHash), toHash: shortHash(data.toHash) };
  return (
    <section className="since-decision" aria-labelledby="since-decision-title" data-testid="since-decision">
      <h3 id="since-decision-title">{mine ? t("history.sinceDecision.title") : t("history.sinceDecision.titlePrevious", values)}</h3>
      <p>
        {mine
          ? t("history.sinceDecision.intro", {
              ...values,
              date: formatDate(data.decidedAt ?? 0, language),
              decision: t(`history.sinceDecision.${data.decision ?? "approve"}`),
            })
          : t("history.sinceDecision.introPrevious", values)}
      </p>
      {mine && data.reason ? (
        <blockquote className="since-decision-reason" dir="auto">
          {t("history.sinceDecision.reason", { reason: data.reason })}
        </blockquote>
      ) : null}
      <ComparisonView comparison={data.comparison} categories={categories} />
    </section>
  );
}
