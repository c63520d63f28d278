// Words of the stakeholder map in the reader's language, for every view (table, forms, gaps):
// one place turns stored keys and category ids into what a reader sees.
import { useTranslation } from "react-i18next";
import { categoryLabel, type CategoryRef } from "../../core/categories.js";
import type { GovernanceFunction } from "../../core/stakeholders/types.js";
import { useLanguage } from "../process.js";

export function useMapLabels(categories: readonly CategoryRef[]) {
  const { t } = useTranslation();
  const language = useLanguage();
  const byId = new Map(categories.map((c) => [c.id, c]));
  return {
    category: (id: string | null): string => {
      const c = id ? byId.get(id) : undefined;
      return c ? categoryLabel(c, language) : t("stakeholders.choices.noCategory");
    },
    functions: (list: readonly GovernanceFunction[]): string => list.map((f) => t(`stakeholders.choices.functions.${f}`)).join(", "),
  };
}
