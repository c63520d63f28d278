// The notice of a stored text the editor cannot show: what is wrong, and for the facilitator the
// way back (restore the last version that reads cleanly, or keep what can be read). UI only: the
// route computes the health and decides who may restore.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/core/i18n/react.js";
import type { DocumentStatus } from "~/core/policy";
import type { CleanVersion } from "~/domain/document-health.server";
import { FormAlert } from "./forms";
import { formatDate, useLanguage } from "./process";

export interface IntegrityData {
  problems: { code: string; name?: string }[];
  cleanVersion: CleanVersion | null;
  /** The viewer may restore now (facilitator, drafting). */
  mayRestore: boolean;
  /** The viewer is the facilitator but the text is frozen or adopted. */
  restoreLater: boolean;
  status: DocumentStatus;
}

export function IntegrityNotice({ data, error, restored }: { data: IntegrityData; error?: string; restored?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const busy = useNavigation().state === "submitting";
  if (restored && !data.problems.length) return <FormAlert tone="success" message={t("integrity.restore.done")} />;
  if (!data.problems.length) return null;
  const version = data.cleanVersion;
  return (
    <section className="card integrity-notice" role="alert" aria-labelledby="integrity-title" data-testid="integrity-notice">
      <h2 id="integrity-title">{t("integrity.notice.title")}</h2>
      <p>{t("integrity.notice.body")}</p>
      <p>{t("integrity.notice.found")}</p>
      <ul>
        {data.problems.map((p, i) => (
          <li key={i} data-problem={p.code}>
            {t(`integrity.problems.${p.code}`, { name: p.name ?? "", defaultValue: p.code })}
          </li>
        ))}
      </ul>
      {error ? <p className="field-error">{t(error)}</p> : null}
      {data.mayRestore ? (
        <div className="integrity-restore">
          <h3>{t("integrity.restore.title")}</h3>
          <p className="field-hint">{t("integrity.restore.hint")}</p>
          {version ? (
            <Form method="post">
              <input type="hidden" name="intent" value="restore" />
              <input type="hidden" name="source" value="version" />
              <p>
                {version.kind === "round"
                  ? t("integrity.restore.versionRound", { round: version.round, date: formatDate(version.at, language, true) })
                  : version.byName
                    ? t("integrity.restore.versionLog", { date: formatDate(version.at, language, true), name: version.byName })
                    : t("integrity.restore.versionLogNoName", { date: formatDate(version.at, language, true) })}
              </p>
              <button type="submit" className="button" disabled={busy}>
                {t("integrity.restore.versionSubmit")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("integrity.restore.noVersion")}</p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="restore" />
            <input type="hidden" name="source" value="readable" />
            <p>{t("integrity.restore.readable")}</p>
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("integrity.restore.readableSubmit")}
            </button>
          </Form>
        </div>
      ) : data.restoreLater ? (
        <p>{t(data.status === "adopted" ? "integrity.notice.adopted" : "integrity.notice.locked")}</p>
      ) : (
        <p className="muted">{t("integrity.notice.askFacilitator")}</p>
      )}
    </section>
  );
}
