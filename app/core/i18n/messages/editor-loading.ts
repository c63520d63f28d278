// Strings of the editor's loading state (issue 14, "editor weight"): on a slow link the editor's
// code takes a while; the readable text is shown first with a status ("editor.loading"); when the
// code cannot be fetched at all because the device is offline, this says so.
import type { Translation } from "../translation.js";
export const en = {
  editorLoading: {
    offline:
      "The editor could not be loaded: this device is offline and has not kept the editor's code. The text below is the last saved version; it can be edited once the network is back.",
  },
} as const;

export const fr: Translation<typeof en> = {
  editorLoading: {
    offline:
      "L’éditeur n’a pas pu être chargé : cet appareil est hors ligne et n’a pas gardé le code de l’éditeur. Le texte ci-dessous est la dernière version enregistrée ; il pourra être modifié au retour du réseau.",
  },
};
