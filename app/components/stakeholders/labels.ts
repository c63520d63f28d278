// Words of the stakeholder map in the reader's language, for every view (table, forms, gaps):
// one place turns stored keys and category ids into what a reader sees.
import { useMemo } from "react";
import { useTranslation } from "~/core/i18n/react.js";
import { categoryLabel, type CategoryRef } from "../../core/categories.js";
import { GOVERNANCE_FUNCTIONS, type GovernanceFunction } from "../../core/stakeholders/types.js";
import { useLanguage } from "../process.js";

export function useMapLabels(categories: readonly CategoryRef[]) {
  const { t } = useTranslation();
  const language = useLanguage();
  // Translated once per page (a table of 500 actors asks thousands of times).
  return useMemo(() => {
    const byId = new Map(categories.map((c) => [c.id, categoryLabel(c, language)]));
    const none = t("stakeholders.choices.noCategory");
    const fns = new Map(GOVERNANCE_FUNCTIONS.map((f) => [f, t(`stakeholders.choices.functions.${f}`)]));
    return {
      category: (id: string | null): string => (id ? byId.get(id) : undefined) ?? none,
      functions: (list: readonly GovernanceFunction[]): string => list.map((f) => fns.get(f) ?? f).join(", "),
    };
  }, [categories, language, t]);
}
