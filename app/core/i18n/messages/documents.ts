// Interface strings of documents (agendas and roadmaps) and the document page, in English and French.
import type { Translation } from "../translation.js";
export const en = {
  documents: {
    new: "New document",
    revision: "revision {{revision}}",
    newTitle: "Create a document",
    newIntro: "An agenda or a roadmap that the team drafts together, live.",
    create: "Create document",
    kind: "Kind",
    kinds: { agenda: "Agenda", roadmap: "Roadmap" },
    title: "Title",
    titleHint: "For example: Feuille de route de Ber — cessation des hostilités et gouvernance locale.",
    statuses: { drafting: "Drafting", in_signoff: "In sign-off", adopted: "Adopted" },
    status: "Status",
    lastEdited: "Last edited",
    lastEditedBy: "{{name}}, {{date}}",
    lastEditedLine: "Last edited: {{name}}, {{date}}",
    neverEdited: "Not edited yet",
    open: "Open",
    empty: "No documents yet.",
    emptyCanCreate: "No documents yet. Create the first agenda or roadmap.",
    createdBy: "Created on {{date}}",
    back: "Back to the process",
    readableVersion: "Stored text",
    emptyDocument: "This document is empty.",
    visibility: {
      team: "Team only",
      shared: "Shared with all members",
      teamHint: "Only facilitators, mediators and analysts see this document. Representatives and observers do not know it exists until it is shared.",
      sharedHint: "Every member of the process sees this document.",
      share: "Share with all members",
      unshare: "Make it team only again",
      shareConfirm: "Representatives and observers will see this document and its shared comments, live. Team comments stay with the team.",
      sharedDone: "The document is now shared with all members.",
      unsharedDone: "The document is team only again: representatives and observers no longer see it.",
      invalid: "Choose team only or shared.",
      mustShareFirst: "Share the document with all members before opening a sign-off round: representatives cannot sign a text they cannot see.",
    },
  },
  documentErrors: {
    kindInvalid: "Choose agenda or roadmap.",
    titleRequired: "Enter a title.",
    titleTooLong: "The title can have at most 200 characters.",
  },
  // Labels of this feature's audit events (merged with the other features' into auditActions/auditDetails).
  auditActions: {
    document: {
      created: "Document created",
      amended: "Amended revision started",
      restored: "Text restored (it held parts the editor cannot show)",
      shared: "Document shared with all members",
      unshared: "Document made team only again",
    },
  },
  auditDetails: {
    visibility: "Visible to",
    revision: "Revision",
  },
} as const;

export const fr: Translation<typeof en> = {
  documents: {
    revision: "révision {{revision}}",
    new: "Nouveau document",
    newTitle: "Créer un document",
    newIntro: "Un ordre du jour ou une feuille de route que l'équipe rédige ensemble, en direct.",
    create: "Créer le document",
    kind: "Type",
    kinds: { agenda: "Ordre du jour", roadmap: "Feuille de route" },
    title: "Titre",
    titleHint: "Par exemple : Feuille de route de Ber — cessation des hostilités et gouvernance locale.",
    statuses: { drafting: "En rédaction", in_signoff: "En validation", adopted: "Adopté" },
    status: "État",
    lastEdited: "Dernière modification",
    lastEditedBy: "{{name}}, {{date}}",
    lastEditedLine: "Dernière modification : {{name}}, {{date}}",
    neverEdited: "Pas encore modifié",
    open: "Ouvrir",
    empty: "Aucun document pour l'instant.",
    emptyCanCreate: "Aucun document pour l'instant. Créez le premier ordre du jour ou la première feuille de route.",
    createdBy: "Créé le {{date}}",
    back: "Retour au processus",
    readableVersion: "Texte enregistré",
    emptyDocument: "Ce document est vide.",
    visibility: {
      team: "Équipe seulement",
      shared: "Partagé avec tous les membres",
      teamHint:
        "Seuls les facilitateurs, médiateurs et analystes voient ce document. Les représentants et observateurs ne savent pas qu'il existe tant qu'il n'est pas partagé.",
      sharedHint: "Tous les membres du processus voient ce document.",
      share: "Partager avec tous les membres",
      unshare: "Le réserver de nouveau à l'équipe",
      shareConfirm:
        "Les représentants et les observateurs verront ce document et ses commentaires partagés, en direct. Les commentaires de l'équipe restent à l'équipe.",
      sharedDone: "Le document est maintenant partagé avec tous les membres.",
      unsharedDone: "Le document est de nouveau réservé à l'équipe : représentants et observateurs ne le voient plus.",
      invalid: "Choisissez équipe seulement ou partagé.",
      mustShareFirst:
        "Partagez le document avec tous les membres avant d'ouvrir un tour de validation : les représentants ne peuvent pas signer un texte qu'ils ne voient pas.",
    },
  },
  documentErrors: {
    kindInvalid: "Choisissez ordre du jour ou feuille de route.",
    titleRequired: "Saisissez un titre.",
    titleTooLong: "Le titre peut compter au plus 200 caractères.",
  },
  // Labels of this feature's audit events (merged with the other features' into auditActions/auditDetails).
  auditActions: {
    document: {
      created: "Document créé",
      amended: "Révision amendée commencée",
      restored: "Texte restauré (il contenait des éléments que l'éditeur ne peut pas afficher)",
      shared: "Document partagé avec tous les membres",
      unshared: "Document de nouveau réservé à l'équipe",
    },
  },
  auditDetails: {
    visibility: "Visible par",
    revision: "Révision",
  },
};
