import { useTranslation } from "~/core/i18n/react.js";
import type { CategoryLabels } from "../core/categories.js";
import { findingText } from "../core/finding-text.js";
import type { Finding } from "../core/validation.js";
import { findingCount } from "../core/finding-count.js";
import { useLanguage } from "./process.js";

/**
 * The findings of the stored text, rendered on the server: on a slow link people see what is
 * missing before the editor bundle arrives. The live panel replaces it once the editor is bound.
 */
export function StoredFindings({ findings, categories }: { findings: Finding[]; categories: CategoryLabels[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="findings-panel findings-panel--stored" aria-labelledby="stored-findings-title">
      <h3 id="stored-findings-title">{t("findings.title")}</h3>
      <p className="muted">{findings.length ? findingCount(t, findings) : t("findings.none")}</p>
      <ul className="findings-list">
        {findings.map((f, i) => (
          <li key={i} className={`finding finding--${f.severity}`} data-rule={f.ruleId}>
            <span className="finding-severity">{t(`findings.${f.severity}`)}</span> {findingText(f, t, language, categories)}
          </li>
        ))}
      </ul>
    </section>
  );
}
