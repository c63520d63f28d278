// Strings of the screens a mediator lives in (issue 14): the representative's decision bar, live
// "last edited", short hashes with a copy button. English and French.
import type { Translation } from "../translation.js";
export const en = {
  screens: {
    decisionBar: {
      binds: "Round {{number}} · version",
      below: "Read the text first: your decision is at the end of the page, in the bar that stays at the bottom of the screen.",
      jump: "Go to my decision",
      reasonLabel: "Reason (required to request changes)",
      approve: "Approve",
      request: "Request changes",
    },
    lastEdited: {
      you: "Last edited: you, {{date}}",
      others: "Last edited: another member, {{date}}",
    },
    hash: {
      copy: "Copy",
      copied: "Copied",
      full: "Full hash",
    },
  },
};

export const fr: Translation<typeof en> = {
  screens: {
    decisionBar: {
      binds: "Tour {{number}} · version",
      below: "Lisez d’abord le texte : votre décision se trouve en fin de page, dans la barre qui reste en bas de l’écran.",
      jump: "Aller à ma décision",
      reasonLabel: "Motif (obligatoire pour demander des changements)",
      approve: "Approuver",
      request: "Demander des changements",
    },
    lastEdited: {
      you: "Dernière modification : vous, {{date}}",
      others: "Dernière modification : un autre membre, {{date}}",
    },
    hash: {
      copy: "Copier",
      copied: "Copié",
      full: "Empreinte complète",
    },
  },
};
