// Strings of the text-integrity feature (a stored text the editor cannot show, its restore, and
// changes the server refused), in English and French.
import type { Translation } from "../translation.js";
export const en = {
  integrity: {
    finding_one: "The stored text holds a part the editor cannot show: it cannot be signed until the facilitator restores it.",
    finding_other: "The stored text holds {{count}} kinds of parts the editor cannot show: it cannot be signed until the facilitator restores it.",
    notice: {
      title: "This text needs to be restored",
      body: "The stored text holds parts the editor cannot show, so the live editor is paused to protect it. Below is everything that can be read.",
      found: "Found:",
      askFacilitator: "The facilitator can restore it. This page follows as soon as it is done.",
      locked: "The text is frozen for sign-off: reopen the round to restore it.",
      adopted: "The text is adopted and cannot change; start an amended revision to continue from it.",
    },
    problems: {
      unknownRoot: "content outside the document's text",
      foreignType: "a data structure the editor does not use",
      unknownNode: "an unknown kind of block ({{name}})",
      misplacedNode: "a block where it cannot stand ({{name}})",
      textNotAllowed: "text outside any paragraph",
      unknownMark: "unknown formatting ({{name}})",
      markNotAllowed: "formatting not allowed there ({{name}})",
      unknownAttribute: "an unknown setting ({{name}})",
      badAttributeValue: "an unreadable setting ({{name}})",
      foreignContent: "embedded content the editor does not use",
      invalidContent: "parts in an impossible order ({{name}})",
      tooDeep: "nesting deeper than the editor allows",
      tooManyNodes: "more blocks in one change than allowed",
      damagedStorage: "stored changes that cannot be read",
    },
    restore: {
      title: "Restore",
      versionLog: "Restore the version of {{date}}, the last that reads cleanly (last change by {{name}}).",
      versionLogNoName: "Restore the version of {{date}}, the last that reads cleanly.",
      versionRound: "Restore the version frozen for round {{round}} ({{date}}), the last that reads cleanly.",
      versionSubmit: "Restore this version",
      noVersion: "No earlier version reads cleanly.",
      readable: "Or keep exactly what can be read now (the parts listed above are dropped).",
      readableSubmit: "Keep what can be read",
      hint: "Either way it is a new change: everyone with the document open sees it at once, and the history is kept.",
      done: "The text was restored. Everyone with the document open sees it now.",
    },
    errors: {
      sourceInvalid: "Choose what to restore.",
      alreadyClean: "The text already reads cleanly: there is nothing to restore.",
      noCleanVersion: "No earlier version reads cleanly any more. Keep what can be read instead.",
      restoreFailed: "The text could not be restored just now (nothing was changed). Try again in a moment.",
    },
    refused: "The server refused a change from this device: it held {{problem}}. Nothing of it was saved. Reload the page to continue from the saved text.",
  },
};

export const fr: Translation<typeof en> = {
  integrity: {
    finding_one:
      "Le texte enregistré contient un élément que l'éditeur ne peut pas afficher : il ne peut pas être validé tant que le facilitateur ne l'a pas restauré.",
    finding_other:
      "Le texte enregistré contient {{count}} sortes d'éléments que l'éditeur ne peut pas afficher : il ne peut pas être validé tant que le facilitateur ne l'a pas restauré.",
    notice: {
      title: "Ce texte doit être restauré",
      body: "Le texte enregistré contient des éléments que l'éditeur ne peut pas afficher : l'éditeur en direct est suspendu pour le protéger. Voici tout ce qui peut être lu.",
      found: "Éléments trouvés :",
      askFacilitator: "Le facilitateur peut le restaurer. Cette page se met à jour dès que c'est fait.",
      locked: "Le texte est figé pour validation : rouvrez le tour pour le restaurer.",
      adopted: "Le texte est adopté et ne peut plus changer ; commencez une révision amendée pour repartir de lui.",
    },
    problems: {
      unknownRoot: "du contenu en dehors du texte du document",
      foreignType: "une structure de données que l'éditeur n'utilise pas",
      unknownNode: "un type de bloc inconnu ({{name}})",
      misplacedNode: "un bloc placé là où il ne peut pas être ({{name}})",
      textNotAllowed: "du texte hors de tout paragraphe",
      unknownMark: "une mise en forme inconnue ({{name}})",
      markNotAllowed: "une mise en forme non permise à cet endroit ({{name}})",
      unknownAttribute: "un réglage inconnu ({{name}})",
      badAttributeValue: "un réglage illisible ({{name}})",
      foreignContent: "un contenu intégré que l'éditeur n'utilise pas",
      invalidContent: "des éléments dans un ordre impossible ({{name}})",
      tooDeep: "une imbrication plus profonde que ce que l'éditeur permet",
      tooManyNodes: "plus de blocs en une modification que permis",
      damagedStorage: "des modifications enregistrées illisibles",
    },
    restore: {
      title: "Restaurer",
      versionLog: "Restaurer la version du {{date}}, la dernière qui se lit correctement (dernière modification par {{name}}).",
      versionLogNoName: "Restaurer la version du {{date}}, la dernière qui se lit correctement.",
      versionRound: "Restaurer la version figée pour le tour {{round}} ({{date}}), la dernière qui se lit correctement.",
      versionSubmit: "Restaurer cette version",
      noVersion: "Aucune version antérieure ne se lit correctement.",
      readable: "Ou garder exactement ce qui peut être lu maintenant (les éléments listés ci-dessus sont abandonnés).",
      readableSubmit: "Garder ce qui peut être lu",
      hint: "Dans les deux cas, c'est une nouvelle modification : toutes les personnes qui ont le document ouvert la voient aussitôt, et l'historique est conservé.",
      done: "Le texte a été restauré. Toutes les personnes qui ont le document ouvert le voient maintenant.",
    },
    errors: {
      sourceInvalid: "Choisissez ce qu'il faut restaurer.",
      alreadyClean: "Le texte se lit déjà correctement : il n'y a rien à restaurer.",
      noCleanVersion: "Plus aucune version antérieure ne se lit correctement. Gardez plutôt ce qui peut être lu.",
      restoreFailed: "Le texte n'a pas pu être restauré pour l'instant (rien n'a été modifié). Réessayez dans un moment.",
    },
    refused:
      "Le serveur a refusé une modification de cet appareil : elle contenait {{problem}}. Rien n'en a été enregistré. Rechargez la page pour repartir du texte enregistré.",
  },
};
