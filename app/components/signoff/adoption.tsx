// Adoption as a deliberate act: the confirmation the facilitator declares it from.
import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import type { TFunction } from "~/core/i18n/react.js";
import { categoryLabel } from "~/core/categories";
import { shortHash } from "~/core/signoff";
import { useLanguage } from "../process";
import { FormAlert } from "../forms";
import { personName, SubmitButton, useIntentErrors, type DecisionData, type RoundData, type SignoffActionData } from "./shared";

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
export function AdoptConfirmation({ round, action }: { round: RoundData; action?: SignoffActionData }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { pathname } = useLocation();
  const { message } = useIntentErrors(action, "adopt");
  return (
    <section id="adopt-confirm" className="signoff-confirm" aria-labelledby="adopt-confirm-title">
      <h3 id="adopt-confirm-title">{t("signoff.adopt.confirmTitle")}</h3>
      <p>{t("signoff.adopt.confirmHint")}</p>
      <p>
        {t("signoff.adopt.hash")}{" "}
        <code className="signoff-hash" data-testid="adopt-hash">
          {round.versionHash}
        </code>
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
            {c.decisions
              .filter((d) => d.decision === "approve")
              .map((d, i) => (
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
export function AdoptRefusal({ action }: { action?: SignoffActionData }) {
  const { message } = useIntentErrors(action, "adopt");
  return <FormAlert message={message} />;
}
