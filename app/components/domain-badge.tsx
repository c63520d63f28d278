import { DOMAIN_INFO, type Domain } from "../core/domains.js";
import { useLanguage } from "./process.js";

/** A domain shown by colour AND by its name (never colour alone); the description is the tooltip. */
export function DomainBadge({ domain }: { domain: Domain }) {
  const language = useLanguage();
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
