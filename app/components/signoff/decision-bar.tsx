// The representative's decision, after the text: a bar that stays at the bottom of the screen while
// they read (sticky, as the page's last block, so at the end of the page it sits below the last
// line instead of over it). It names the category, the round and the version the decision binds to.
// A plain form POST to the document route (intent "decide"): it works without script.
import { Form } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel } from "~/core/categories";
import { shortHash } from "~/core/signoff";
import { useLanguage } from "../process";
import { FormAlert, TextAreaField } from "../forms";
import { DecisionChoice, SubmitButton, useIntentErrors, type RoundData, type SignoffActionData, type SignoffData } from "./shared";

/** The open round this reader must decide in (a representative of a required category), or null. */
export function roundToDecide(data: SignoffData): RoundData | null {
  const current = data.status === "in_signoff" ? (data.rounds[0] ?? null) : null;
  return current?.status === "open" && data.may.decide ? current : null;
}

export function DecisionBar({ data, round, action }: { data: SignoffData; round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { errors, message } = useIntentErrors(action, "decide");
  const category = data.categories.find((c) => c.id === data.me.categoryId);
  const saved = action?.intent === "decide" && action.ok && action.saved ? t(action.saved) : null;
  return (
    <section id="decision-bar" className="decision-bar" aria-labelledby="decide-title" data-testid="decision-bar">
      <Form method="post" className="decision-bar-form">
        <div className="decision-bar-head">
          <h2 id="decide-title">{t("signoff.yourDecision.title", { category: category ? categoryLabel(category, language) : "" })}</h2>
          <p className="decision-bar-binds">
            {t("screens.decisionBar.binds", { number: round.number })}{" "}
            <code title={round.versionHash} data-testid="decision-bar-hash">
              {shortHash(round.versionHash)}
            </code>
          </p>
          {data.myDecision ? (
            <p className="decision-bar-current">{t("signoff.yourDecision.current", { decision: t(`signoff.decision.${data.myDecision.decision}`) })}</p>
          ) : null}
        </div>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="versionHash" value={round.versionHash} />
        <input type="hidden" name="categoryId" value={data.me.categoryId ?? ""} />
        <div className="decision-bar-choice">
          <DecisionChoice
            id="decide-decision"
            approveLabel={t("screens.decisionBar.approve")}
            objectLabel={t("screens.decisionBar.request")}
            error={errors.decision}
          />
        </div>
        <div className="decision-bar-reason">
          <TextAreaField
            id="decide-reason"
            name="reason"
            label={t("screens.decisionBar.reasonLabel")}
            // On a phone the label is hidden to keep the bar short: the placeholder says it on screen.
            placeholder={t("screens.decisionBar.reasonLabel")}
            rows={1}
            maxLength={2000}
            error={errors.reason}
          />
        </div>
        <div className="decision-bar-submit">
          <SubmitButton label={t("signoff.yourDecision.submit")} />
        </div>
        {message || saved ? (
          <div className="decision-bar-alert">
            <FormAlert message={message} />
            <FormAlert tone="success" message={saved} />
          </div>
        ) : null}
      </Form>
    </section>
  );
}
