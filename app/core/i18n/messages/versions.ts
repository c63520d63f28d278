// Strings of version history (issue 12), in English and French: what saving and restoring a
// version answer, and the audit labels of those changes. The pages' own words live with the pages.
import type { Translation } from "../translation.js";
export const en = {
  versions: {
    saved: {
      named: "Version saved.",
      restored: "The text was restored to the chosen version. Everyone editing sees it now; the text it replaced stays in the list of versions.",
    },
    errors: {
      nameRequired: "Give the version a name.",
      nameTooLong: "The name can have at most 120 characters.",
      versionRequired: "Choose a version from the list.",
      unknownVersion: "This version does not exist for this document. Choose one from the list.",
      notDrafting: "The text is frozen for sign-off or adopted: versions are saved and restored only while it is drafted.",
      archived: "This process is archived: its versions can be read but none can be saved or restored.",
      alreadyCurrent: "The text is already exactly this version: there is nothing to restore.",
      integrity: "The stored version no longer matches its fingerprint: it was not restored. Tell the facilitator.",
      restoreFailed: "The text could not be restored just now; nothing changed. Try again in a moment.",
    },
  },
  auditActions: {
    document: {
      version: {
        saved: "Version saved",
        auto: "Automatic version kept",
        restored: "Text restored to an earlier version",
      },
    },
  },
  auditDetails: {
    versionName: "Version name",
    keptAs: "Replaced text kept as",
  },
} as const;

export const fr: Translation<typeof en> = {
  versions: {
    saved: {
      named: "Version enregistrée.",
      restored:
        "Le texte a été restauré à la version choisie. Toutes les personnes qui le rédigent la voient maintenant ; le texte remplacé reste dans la liste des versions.",
    },
    errors: {
      nameRequired: "Donnez un nom à la version.",
      nameTooLong: "Le nom peut avoir 120 caractères au plus.",
      versionRequired: "Choisissez une version dans la liste.",
      unknownVersion: "Cette version n'existe pas pour ce document. Choisissez-en une dans la liste.",
      notDrafting: "Le texte est figé pour validation ou adopté : les versions ne s'enregistrent et ne se restaurent que pendant la rédaction.",
      archived: "Ce processus est archivé : ses versions peuvent être lues, mais aucune ne peut être enregistrée ni restaurée.",
      alreadyCurrent: "Le texte est déjà exactement cette version : il n'y a rien à restaurer.",
      integrity: "La version enregistrée ne correspond plus à son empreinte : elle n'a pas été restaurée. Prévenez le facilitateur.",
      restoreFailed: "Le texte n'a pas pu être restauré pour l'instant ; rien n'a changé. Réessayez dans un moment.",
    },
  },
  auditActions: {
    document: {
      version: {
        saved: "Version enregistrée",
        auto: "Version automatique gardée",
        restored: "Texte restauré à une version antérieure",
      },
    },
  },
  auditDetails: {
    versionName: "Nom de la version",
    keptAs: "Texte remplacé gardé comme",
  },
};
