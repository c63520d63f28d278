import type { Language } from "./languages.js";

/**
 * The default stakeholder categories every process starts with (docs/glossary.md). The keys are
 * stable identifiers stored in the database; the labels live here so that a wording fix
 * reaches every process without a migration.
 */
export const DEFAULT_CATEGORIES = [
  { key: "customary_authorities", en: "Customary authorities", fr: "Autorités coutumières" },
  { key: "religious_leaders", en: "Religious leaders", fr: "Leaders religieux" },
  { key: "youth", en: "Youth", fr: "Jeunes" },
  { key: "women", en: "Women", fr: "Femmes" },
  { key: "armed_movements", en: "Armed movements", fr: "Mouvements armés" },
  { key: "local_administration", en: "Local administration / State", fr: "Administration locale / État" },
  {
    key: "economic_actors",
    en: "Economic actors (traders, transporters, herders)",
    fr: "Acteurs économiques (commerçants, transporteurs, éleveurs)",
  },
  { key: "civil_society", en: "Civil society", fr: "Société civile" },
  { key: "displaced_people", en: "Displaced people", fr: "Personnes déplacées" },
] as const;

export type DefaultCategoryKey = (typeof DEFAULT_CATEGORIES)[number]["key"];

/** A category as stored per process: a default one (key set) or a process-specific one (labels set). */
export interface CategoryLabels {
  key: string | null;
  labelEn: string | null;
  labelFr: string | null;
}

/** A category named in a sign-off refusal or plan, by its id, so a page can name it in the reader's language. */
export type CategoryRef = CategoryLabels & { id: string };

/**
 * A category as documents refer to it: `ref` is what items store (a default category's key, a
 * custom one's id), with its labels to show. The editor, live validation and the server's
 * validation of the stored text all take this one shape.
 */
export interface EditorCategory extends CategoryLabels {
  ref: string;
}

/** The label to show in a language: defaults from this file, custom ones from their own labels. */
export function categoryLabel(category: CategoryLabels, language: Language): string {
  const builtIn = DEFAULT_CATEGORIES.find((c) => c.key === category.key);
  if (builtIn) return builtIn[language];
  return (language === "fr" ? category.labelFr : category.labelEn) ?? category.labelEn ?? category.labelFr ?? "";
}
