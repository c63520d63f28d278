// Findings carry language-neutral params (domain keys, category keys); this words them.
import { categoryLabel, type CategoryLabels } from "./categories.js";
import { domainLabel, isDomain } from "./domains.js";
import type { Language } from "./languages.js";
import type { Finding } from "./validation.js";

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function findingText(finding: Finding, t: Translate, language: Language, categories: readonly CategoryLabels[] = []): string {
  const params: Record<string, unknown> = { ...finding.params };
  const domain = finding.params.domain;
  if (isDomain(domain)) {
    const label = domainLabel(domain, language);
    // English reads "No development item yet"; French quotes the label as is.
    params.domain = language === "en" ? label.toLowerCase() : label;
  }
  if (typeof finding.params.category === "string") {
    const key = finding.params.category;
    const found = categories.find((c) => c.key === key);
    params.category = categoryLabel(found ?? { key, labelEn: key, labelFr: key }, language);
  }
  if (finding.params.title === "") params.title = t("validation.untitled");
  return t(finding.messageKey, params);
}
