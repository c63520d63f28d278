import { useTranslation } from "react-i18next";
import { DOMAIN_INFO, type Domain } from "../core/domains.js";
import { isLanguage } from "../core/languages.js";

/** A domain shown by colour AND by its name (never colour alone); the description is the tooltip. */
export function DomainBadge({ domain }: { domain: Domain }) {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "en";
  const info = DOMAIN_INFO[domain];
  return (
    <span
      className="domain-badge"
      data-domain={domain}
      title={info.description[language]}
      style={{ backgroundColor: info.color.background, color: info.color.text }}
    >
      {info.label[language]}
    </span>
  );
}
