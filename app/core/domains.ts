import type { Language } from "./languages.js";

/**
 * What an item is about (docs/glossary.md, after the PA-X peace-agreement categories). The keys
 * are stored in documents (item attrs) and templates: never rename one.
 */
export const DOMAINS = ["security", "governance", "development", "reconciliation", "movement", "land", "implementation"] as const;
export type Domain = (typeof DOMAINS)[number];

export function isDomain(value: unknown): value is Domain {
  return typeof value === "string" && (DOMAINS as readonly string[]).includes(value);
}

interface DomainInfo {
  label: Record<Language, string>;
  description: Record<Language, string>;
  /** Badge colours: background and a text colour readable on it (WCAG AA); the label is always shown too. */
  color: { background: string; text: string };
}

// Labels live here (not in the i18n modules) so that server code, exports and the editor share one wording.
export const DOMAIN_INFO: Record<Domain, DomainInfo> = {
  security: {
    label: { en: "Security", fr: "Sécurité" },
    description: {
      en: "Ceasefire, cessation of hostilities, armed groups.",
      fr: "Cessez-le-feu, cessation des hostilités, groupes armés.",
    },
    color: { background: "#8b1e1e", text: "#ffffff" },
  },
  governance: {
    label: { en: "Governance", fr: "Gouvernance" },
    description: {
      en: "Interim administrations, local institutions, justice and service delivery, traditional authorities.",
      fr: "Administrations intérimaires, institutions locales, justice et services, autorités traditionnelles.",
    },
    color: { background: "#1f4e8c", text: "#ffffff" },
  },
  development: {
    label: { en: "Development", fr: "Développement" },
    description: {
      en: "Livelihoods, services, infrastructure, alternatives to the illicit economy.",
      fr: "Moyens de subsistance, services, infrastructures, alternatives à l'économie illicite.",
    },
    color: { background: "#1d6b3a", text: "#ffffff" },
  },
  reconciliation: {
    label: { en: "Reconciliation", fr: "Réconciliation" },
    description: {
      en: "Intra- and inter-communal reconciliation, prisoner exchange, transitional justice.",
      fr: "Réconciliation intra- et intercommunautaire, échange de prisonniers, justice transitionnelle.",
    },
    color: { background: "#6a2c8c", text: "#ffffff" },
  },
  movement: {
    label: { en: "Free movement", fr: "Libre circulation" },
    description: {
      en: "Free movement of people and goods.",
      fr: "Libre circulation des personnes et des biens.",
    },
    color: { background: "#0b6470", text: "#ffffff" },
  },
  land: {
    label: { en: "Land and resources", fr: "Foncier et ressources" },
    description: {
      en: "Land, water, pastoral routes.",
      fr: "Terre, eau, couloirs de transhumance.",
    },
    color: { background: "#7a4a12", text: "#ffffff" },
  },
  implementation: {
    label: { en: "Implementation", fr: "Mise en œuvre" },
    description: {
      en: "Monitoring, commissions, links to the national process.",
      fr: "Suivi, commissions, liens avec le processus national.",
    },
    color: { background: "#3d4450", text: "#ffffff" },
  },
};

export function domainLabel(domain: Domain, language: Language): string {
  return DOMAIN_INFO[domain].label[language];
}
