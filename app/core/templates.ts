// Built-in templates, versioned in code: a document records the template id it was created from,
// and `version` says which wording/rules it carried (bump it when sections or rules change).
// Content is plain ProseMirror JSON in the shared schema's node names (schema/items.ts), so this
// module needs no Tiptap at all: the server turns it into Yjs state at creation.
import type { DocumentKind } from "./documents.js";
import type { Domain } from "./domains.js";
import type { Language } from "./languages.js";

type Text = Record<Language, string>;

export interface PlaceholderItem {
  domain: Domain;
  title: Text;
  body: Text;
  /** Default stakeholder category keys. */
  categories?: string[];
  timeframe?: Text;
  indicators?: Text[];
}

export interface TemplateSection {
  key: string;
  title: Text;
  /** A prompt paragraph under the heading (what belongs here). */
  intro?: Text;
  items: PlaceholderItem[];
}

export interface Template {
  id: string;
  version: number;
  kind: DocumentKind;
  name: Text;
  description: Text;
  requiredDomains: Domain[];
  /** Default stakeholder category keys whose sign-off the document needs. */
  signOffCategories: string[];
}

const LOCAL_DIALOGUE_AGENDA: Template = {
  id: "local-dialogue-agenda",
  version: 1,
  kind: "agenda",
  name: { en: "Local dialogue agenda", fr: "Ordre du jour d'un dialogue local" },
  description: {
    en: "From the rules of dialogue to next steps; security is one point among governance, development and reconciliation.",
    fr: "Des règles du dialogue aux prochaines étapes ; la sécurité est un point parmi la gouvernance, le développement et la réconciliation.",
  },
  requiredDomains: ["governance", "development"],
  signOffCategories: ["customary_authorities", "religious_leaders", "youth", "women", "local_administration"],
};

const ANEFIS_ROADMAP: Template = {
  id: "roadmap-anefis",
  version: 1,
  kind: "roadmap",
  name: { en: "Roadmap — Anefis model", fr: "Feuille de route — modèle d'Anéfis" },
  description: {
    en: "After the Anefis dialogues (2015, 2017): cessation of hostilities, reconciliation, prisoners, interim administrations, free movement — and local governance and development.",
    fr: "D'après les dialogues d'Anéfis (2015, 2017) : cessation des hostilités, réconciliation, prisonniers, administrations intérimaires, libre circulation — et gouvernance locale et développement.",
  },
  requiredDomains: ["security", "reconciliation", "movement", "governance", "development"],
  signOffCategories: ["customary_authorities", "religious_leaders", "youth", "women", "armed_movements", "local_administration"],
};

const GOVERNANCE_DEVELOPMENT_ROADMAP: Template = {
  id: "roadmap-governance-development",
  version: 1,
  kind: "roadmap",
  name: { en: "Local governance and development roadmap", fr: "Feuille de route de gouvernance locale et de développement" },
  description: {
    en: "The functions armed groups and traffickers provide today, who will provide them instead, and development alternatives.",
    fr: "Les fonctions qu'assurent aujourd'hui groupes armés et trafiquants, qui les assurera à leur place, et les alternatives de développement.",
  },
  requiredDomains: ["governance", "development", "implementation"],
  signOffCategories: ["customary_authorities", "religious_leaders", "youth", "women", "local_administration", "economic_actors"],
};

/**
 * The content each template seeds, by template id: apart from the templates' rules (above) so that
 * pages that only read a template's name or rules do not download it (only `templateDocument`, run
 * by the server at creation, reads it; ADR 034).
 */
const SECTIONS: Readonly<Record<string, readonly TemplateSection[]>> = {
  "local-dialogue-agenda": [
    {
      key: "opening",
      title: { en: "Opening and rules of dialogue", fr: "Ouverture et règles du dialogue" },
      items: [
        {
          domain: "implementation",
          title: { en: "Agree on the rules of dialogue", fr: "Adopter les règles du dialogue" },
          body: {
            en: "Who speaks, in which language, how decisions are recorded.",
            fr: "Qui parle, dans quelle langue, comment les décisions sont consignées.",
          },
          categories: ["customary_authorities", "religious_leaders"],
        },
      ],
    },
    {
      key: "security",
      title: { en: "Security situation", fr: "Situation sécuritaire" },
      items: [
        {
          domain: "security",
          title: { en: "Review of incidents since the last meeting", fr: "Point sur les incidents depuis la dernière rencontre" },
          body: { en: "Facts reported by each community.", fr: "Faits rapportés par chaque communauté." },
        },
      ],
    },
    {
      key: "governance",
      title: { en: "Local governance", fr: "Gouvernance locale" },
      items: [
        {
          domain: "governance",
          title: { en: "Who provides justice and services today", fr: "Qui assure aujourd'hui la justice et les services" },
          body: { en: "Customary, religious, state and armed actors.", fr: "Acteurs coutumiers, religieux, étatiques et armés." },
          categories: ["local_administration", "customary_authorities"],
        },
      ],
    },
    {
      key: "development",
      title: { en: "Development and livelihoods", fr: "Développement et moyens de subsistance" },
      items: [
        {
          domain: "development",
          title: { en: "Livelihoods for young people", fr: "Moyens de subsistance pour les jeunes" },
          body: { en: "Alternatives to the illicit economy.", fr: "Alternatives à l'économie illicite." },
          categories: ["youth", "women"],
        },
      ],
    },
    {
      key: "reconciliation",
      title: { en: "Reconciliation", fr: "Réconciliation" },
      items: [
        {
          domain: "reconciliation",
          title: { en: "Intra- and inter-communal grievances", fr: "Griefs intra- et intercommunautaires" },
          body: { en: "What each community asks of the others.", fr: "Ce que chaque communauté demande aux autres." },
        },
      ],
    },
    {
      key: "next_steps",
      title: { en: "Next steps", fr: "Prochaines étapes" },
      items: [
        {
          domain: "implementation",
          title: { en: "Date and place of the next meeting", fr: "Date et lieu de la prochaine rencontre" },
          body: { en: "And who reports back to whom.", fr: "Et qui rend compte à qui." },
        },
      ],
    },
  ],
  "roadmap-anefis": [
    {
      key: "cessation_of_hostilities",
      title: { en: "Cessation of hostilities", fr: "Cessation des hostilités" },
      items: [
        {
          domain: "security",
          title: { en: "Cessation of hostilities between the parties", fr: "Cessation des hostilités entre les parties" },
          body: {
            en: "Effective from the signing; incidents reported to the follow-up commission.",
            fr: "Effective dès la signature ; incidents signalés à la commission de suivi.",
          },
          categories: ["armed_movements"],
          timeframe: { en: "From signing", fr: "Dès la signature" },
        },
      ],
    },
    {
      key: "reconciliation",
      title: { en: "Intra- and inter-communal reconciliation", fr: "Réconciliation intra- et intercommunautaire" },
      items: [
        {
          domain: "reconciliation",
          title: { en: "Reconciliation meetings between communities", fr: "Rencontres de réconciliation entre communautés" },
          body: { en: "Led by customary and religious leaders.", fr: "Conduites par les autorités coutumières et religieuses." },
          categories: ["customary_authorities", "religious_leaders"],
          timeframe: { en: "Within 3 months", fr: "Sous 3 mois" },
        },
      ],
    },
    {
      key: "prisoners",
      title: { en: "Exchange of prisoners", fr: "Échange de prisonniers" },
      items: [
        {
          domain: "reconciliation",
          title: { en: "Exchange of prisoners held by the parties", fr: "Échange des prisonniers détenus par les parties" },
          body: { en: "Lists exchanged through the mediators.", fr: "Listes échangées par l'intermédiaire des médiateurs." },
          categories: ["armed_movements"],
          timeframe: { en: "Within 1 month", fr: "Sous 1 mois" },
        },
      ],
    },
    {
      key: "interim_administration",
      title: { en: "Interim local administrations", fr: "Administrations locales intérimaires" },
      items: [
        {
          domain: "governance",
          title: { en: "Install the interim local administration", fr: "Installer l'administration locale intérimaire" },
          body: { en: "Composition agreed by the communities.", fr: "Composition convenue par les communautés." },
          categories: ["local_administration"],
          timeframe: { en: "Within 6 months", fr: "Sous 6 mois" },
        },
      ],
    },
    {
      key: "free_movement",
      title: { en: "Free movement of people and goods", fr: "Libre circulation des personnes et des biens" },
      items: [
        {
          domain: "movement",
          title: { en: "Reopen the roads to people and goods", fr: "Rouvrir les routes aux personnes et aux biens" },
          body: {
            en: "No checkpoint levies on traders and transporters.",
            fr: "Aucun prélèvement aux postes de contrôle sur les commerçants et transporteurs.",
          },
          categories: ["economic_actors"],
          timeframe: { en: "Within 1 month", fr: "Sous 1 mois" },
        },
      ],
    },
    {
      key: "local_governance",
      title: { en: "Local governance", fr: "Gouvernance locale" },
      intro: {
        en: "Who will provide security, justice, welfare and services instead of armed groups and traffickers?",
        fr: "Qui assurera la sécurité, la justice, l'aide sociale et les services à la place des groupes armés et des trafiquants ?",
      },
      items: [],
    },
    {
      key: "development",
      title: { en: "Socio-economic development", fr: "Développement socio-économique" },
      intro: {
        en: "Livelihoods, services and infrastructure: alternatives to the illicit economy.",
        fr: "Moyens de subsistance, services et infrastructures : alternatives à l'économie illicite.",
      },
      items: [],
    },
    {
      key: "implementation",
      title: { en: "Implementation", fr: "Mise en œuvre" },
      items: [
        {
          domain: "implementation",
          title: { en: "Follow-up commission", fr: "Commission de suivi" },
          body: { en: "Meets monthly; reports to the communities.", fr: "Se réunit chaque mois ; rend compte aux communautés." },
          categories: ["civil_society"],
          timeframe: { en: "Monthly", fr: "Mensuel" },
        },
      ],
    },
  ],
  "roadmap-governance-development": [
    {
      key: "governance_functions",
      title: {
        en: "Governance functions: security, justice, welfare, service delivery",
        fr: "Fonctions de gouvernance : sécurité, justice, aide sociale, services",
      },
      intro: {
        en: "For each function: who provides it today (armed groups, traffickers?) and who will provide it instead.",
        fr: "Pour chaque fonction : qui l'assure aujourd'hui (groupes armés, trafiquants ?) et qui l'assurera à leur place.",
      },
      items: [
        {
          domain: "governance",
          title: { en: "Justice: local dispute resolution", fr: "Justice : règlement local des différends" },
          body: {
            en: "Today settled by armed groups; tomorrow by the cadi and the customary council.",
            fr: "Aujourd'hui tranchés par des groupes armés ; demain par le cadi et le conseil coutumier.",
          },
          categories: ["customary_authorities", "religious_leaders"],
          timeframe: { en: "Within 6 months", fr: "Sous 6 mois" },
        },
      ],
    },
    {
      key: "development_alternatives",
      title: { en: "Development alternatives to the illicit economy", fr: "Alternatives de développement à l'économie illicite" },
      items: [
        {
          domain: "development",
          title: { en: "Jobs for young people in transport and trade", fr: "Emplois pour les jeunes dans le transport et le commerce" },
          body: { en: "Licensed transport cooperatives.", fr: "Coopératives de transport agréées." },
          categories: ["youth", "economic_actors"],
          timeframe: { en: "Within 12 months", fr: "Sous 12 mois" },
        },
      ],
    },
    {
      key: "implementation",
      title: { en: "Implementation and link to the national process", fr: "Mise en œuvre et lien avec le processus national" },
      items: [
        {
          domain: "implementation",
          title: { en: "Report to the regional authorities", fr: "Rendre compte aux autorités régionales" },
          body: { en: "Quarterly report shared with the national process.", fr: "Rapport trimestriel partagé avec le processus national." },
          categories: ["local_administration"],
          timeframe: { en: "Quarterly", fr: "Trimestriel" },
        },
      ],
    },
  ],
};

export const TEMPLATES: readonly Template[] = [LOCAL_DIALOGUE_AGENDA, ANEFIS_ROADMAP, GOVERNANCE_DEVELOPMENT_ROADMAP];

/**
 * The rules a document without a template still follows: the product's argument (governance and
 * development are required) holds for every document, blank or not.
 */
export function baseTemplate(kind: DocumentKind): Template {
  return {
    id: `blank-${kind}`,
    version: 1,
    kind,
    name: { en: "Blank", fr: "Vierge" },
    description: { en: "An empty document.", fr: "Un document vide." },
    requiredDomains: ["governance", "development"],
    signOffCategories: [],
  };
}

export function getTemplate(id: string | null | undefined): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

export function templatesFor(kind: DocumentKind): Template[] {
  return TEMPLATES.filter((t) => t.kind === kind);
}

/** The template whose rules apply to a document (its own, or the base rules of its kind). */
export function templateForDocument(templateId: string | null | undefined, kind: DocumentKind): Template {
  const t = getTemplate(templateId);
  return t && t.kind === kind ? t : baseTemplate(kind);
}

type JsonNode = { type: string; attrs?: Record<string, unknown>; content?: JsonNode[]; text?: string };

function textContent(text: string): JsonNode[] | undefined {
  return text ? [{ type: "text", text }] : undefined;
}

/**
 * The initial content of a document created from `template`, in `language`, as ProseMirror JSON
 * (shared schema). `newId` gives each placeholder item its stable id.
 */
export function templateDocument(template: Template, language: Language, newId: () => string): JsonNode {
  const itemType = template.kind === "roadmap" ? "roadmapItem" : "agendaItem";
  const content: JsonNode[] = [];
  for (const section of SECTIONS[template.id] ?? []) {
    content.push({ type: "sectionTitle", attrs: { key: section.key }, content: textContent(section.title[language]) });
    if (section.intro) content.push({ type: "paragraph", content: textContent(section.intro[language]) });
    for (const item of section.items) {
      const attrs: Record<string, unknown> = {
        id: newId(),
        domain: item.domain,
        responsibleParties: (item.categories ?? []).map((ref) => ({ type: "category", ref })),
        timeframe: item.timeframe?.[language] ?? "",
        indicators: (item.indicators ?? []).map((i) => i[language]),
      };
      if (itemType === "roadmapItem") attrs.status = "planned";
      content.push({
        type: itemType,
        attrs,
        content: [
          { type: "itemTitle", content: textContent(item.title[language]) },
          { type: "paragraph", content: textContent(item.body[language]) },
        ],
      });
    }
  }
  if (!content.length) content.push({ type: "paragraph" });
  return { type: "doc", content };
}
