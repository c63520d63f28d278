// Strings of the stakeholder map's Map view (the SVG drawing, its key and filters) and of its
// exports (the table as CSV, the map as SVG), in English and French; the audit label of an export.
// The vocabulary (kinds, functions, represented…) is in stakeholders.ts.
import type { Translation } from "../translation.js";

export const en = {
  stakeholders: {
    map: {
      heading: "Map: influence and legitimacy",
      intro:
        "Each actor is placed by its legitimacy as perceived locally (left to right) and its influence (bottom to top). Colour shows the stakeholder category; a filled disc means represented in the dialogue, a dashed ring not represented. The numbers refer to the list under the map.",
      svgTitle: "Stakeholder map of {{process}}",
      svgDescription:
        "{{shown}} of {{total}} actors placed in a 5 by 5 grid by legitimacy as perceived locally (horizontal axis, 1 to 5) and influence (vertical axis, 1 to 5, highest at the top). Colour shows the stakeholder category; a filled disc means represented in the dialogue, a dashed ring not represented. Each actor is listed with its number after the map.",
      axisLegitimacy: "Legitimacy as perceived locally",
      axisInfluence: "Influence",
      markerTitle: "{{number}}. {{name}} — {{category}}, {{represented}}",
      overflow: "{{count}} more in this cell, in the list: {{numbers}}",
      count: "{{shown}} of {{total}} actors on the map",
      filters: "Filter the map",
      apply: "Show",
      clear: "Show every actor",
      keyTitle: "Actors on the map, by number",
      position: "legitimacy {{legitimacy}}, influence {{influence}}",
      notDrawn: "counted in its cell's “+” (too many to draw there)",
      noCommunity: "no community given",
      empty: "No actor on the map yet. Actors added in the table appear here by their legitimacy and influence.",
      emptyFiltered: "No actor matches these filters.",
      download: "Download the map (SVG)",
      downloadHint: "A drawing for a report or a slide, with the numbered list. Confidential: keep it within the team.",
      documentHeading: "Stakeholder map — {{process}}",
      documentMeta: "{{shown}} of {{total}} actors · exported on {{date}}",
      documentFilters: "Filtered view: {{filters}}",
      filterPart: "{{label}}: {{value}}",
      confidential: "Confidential: the mediation team's analysis. Not for representatives or observers.",
      keyLine: "{{number}}. {{name}} — {{category}} · {{community}} · {{represented}} · {{position}}",
    },
    exportFiles: {
      title: "Export of the stakeholder map",
      badFormat: "This export does not exist: choose csv (the table of actors) or svg (the map).",
      back: "Back to the stakeholder map",
      yes: "yes",
      no: "no",
      columns: {
        name: "Name",
        kind: "Kind",
        category: "Stakeholder category",
        community: "Community",
        functions: "Governance functions",
        illicitLink: "Link to the illicit economy",
        illicitSource: "Source of the illicit link",
        influence: "Influence (1-5)",
        legitimacy: "Legitimacy as perceived locally (1-5)",
        legitimacyNotes: "Legitimacy notes",
        represented: "Represented in the dialogue",
        representedBy: "Represented by",
        otherRepresentation: "Other representation",
        sources: "Sources",
      },
    },
  },
  auditActions: {
    stakeholder: {
      exported: "Stakeholder map exported",
    },
  },
};

export const fr: Translation<typeof en> = {
  stakeholders: {
    map: {
      heading: "Carte : influence et légitimité",
      intro:
        "Chaque acteur est placé selon sa légitimité perçue localement (de gauche à droite) et son influence (de bas en haut). La couleur indique la catégorie de parties prenantes ; un disque plein signifie représenté dans le dialogue, un cercle en pointillés non représenté. Les numéros renvoient à la liste sous la carte.",
      svgTitle: "Cartographie des acteurs de {{process}}",
      svgDescription:
        "{{shown}} acteurs sur {{total}} placés dans une grille de 5 sur 5 selon leur légitimité perçue localement (axe horizontal, de 1 à 5) et leur influence (axe vertical, de 1 à 5, la plus forte en haut). La couleur indique la catégorie de parties prenantes ; un disque plein signifie représenté dans le dialogue, un cercle en pointillés non représenté. Chaque acteur est repris avec son numéro après la carte.",
      axisLegitimacy: "Légitimité perçue localement",
      axisInfluence: "Influence",
      markerTitle: "{{number}}. {{name}} — {{category}}, {{represented}}",
      overflow: "{{count}} de plus dans cette case, dans la liste : {{numbers}}",
      count: "{{shown}} acteurs sur {{total}} sur la carte",
      filters: "Filtrer la carte",
      apply: "Afficher",
      clear: "Afficher tous les acteurs",
      keyTitle: "Acteurs de la carte, par numéro",
      position: "légitimité {{legitimacy}}, influence {{influence}}",
      notDrawn: "compté dans le « + » de sa case (trop nombreux pour y être dessinés)",
      noCommunity: "communauté non indiquée",
      empty: "Aucun acteur dans la cartographie pour l'instant. Les acteurs ajoutés dans le tableau apparaissent ici selon leur légitimité et leur influence.",
      emptyFiltered: "Aucun acteur ne correspond à ces filtres.",
      download: "Télécharger la carte (SVG)",
      downloadHint: "Un dessin pour un rapport ou une présentation, avec la liste numérotée. Confidentiel : à garder au sein de l'équipe.",
      documentHeading: "Cartographie des acteurs — {{process}}",
      documentMeta: "{{shown}} acteurs sur {{total}} · exporté le {{date}}",
      documentFilters: "Vue filtrée : {{filters}}",
      filterPart: "{{label}} : {{value}}",
      confidential: "Confidentiel : analyse de l'équipe de médiation. Ni pour les représentants ni pour les observateurs.",
      keyLine: "{{number}}. {{name}} — {{category}} · {{community}} · {{represented}} · {{position}}",
    },
    exportFiles: {
      title: "Export de la cartographie des acteurs",
      badFormat: "Cet export n'existe pas : choisissez csv (le tableau des acteurs) ou svg (la carte).",
      back: "Retour à la cartographie des acteurs",
      yes: "oui",
      no: "non",
      columns: {
        name: "Nom",
        kind: "Nature",
        category: "Catégorie de parties prenantes",
        community: "Communauté",
        functions: "Fonctions de gouvernance",
        illicitLink: "Lien avec l'économie illicite",
        illicitSource: "Source du lien illicite",
        influence: "Influence (1-5)",
        legitimacy: "Légitimité perçue localement (1-5)",
        legitimacyNotes: "Notes sur la légitimité",
        represented: "Représenté dans le dialogue",
        representedBy: "Représenté par",
        otherRepresentation: "Autre représentation",
        sources: "Sources",
      },
    },
  },
  auditActions: {
    stakeholder: {
      exported: "Cartographie des acteurs exportée",
    },
  },
};
