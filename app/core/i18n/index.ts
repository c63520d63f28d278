import i18next, { type i18n } from "i18next";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "../languages.js";
import * as annotations from "./messages/annotations.js";
import * as documents from "./messages/documents.js";
import * as editor from "./messages/editor.js";
import * as exportFiles from "./messages/exports.js";
import * as foundation from "./messages/foundation.js";
import * as history from "./messages/history.js";
import * as integrity from "./messages/integrity.js";
import * as notifications from "./messages/notifications.js";
import * as processes from "./messages/processes.js";
import * as signoff from "./messages/signoff.js";
import * as stakeholders from "./messages/stakeholders.js";
import * as stakeholderMap from "./messages/stakeholder-map.js";
import * as templates from "./messages/templates.js";
import * as versions from "./messages/versions.js";

// Translations are bundled with the code (no fetch of JSON files on a slow network).
// Each feature module exports { en, fr }; they are merged deeply (a feature's audit labels live
// with the feature) and no message is defined by two modules. Add new modules to this list.
export const MESSAGE_MODULES: Readonly<Record<string, { en: object; fr: object }>> = {
  foundation,
  processes,
  documents,
  editor,
  signoff,
  templates,
  integrity,
  annotations,
  exports: exportFiles,
  history,
  versions,
  stakeholders,
  stakeholderMap,
  notifications,
};
const modules = Object.values(MESSAGE_MODULES);

type Tree = { [key: string]: string | Tree };

/** Deep merge: features may add to a shared namespace (their audit labels to `auditActions`); a leaf is never defined twice (i18n.test.ts). */
function mergeInto(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === "object" && typeof existing === "object" ? mergeInto({ ...existing }, value) : value;
  }
  return target;
}

function merge(language: Language): Record<string, unknown> {
  return modules.reduce<Tree>((all, m) => mergeInto(all, m[language] as Tree), {});
}

export const messages: Record<Language, Record<string, unknown>> = { en: merge("en"), fr: merge("fr") };

/** A fresh i18next instance fixed to one language (one per server request; one in the browser). */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { en: { translation: messages.en }, fr: { translation: messages.fr } },
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false, // resources are in memory: initialize synchronously
    returnNull: false,
  });
  return instance;
}

/** A translate function for server-side text outside React (plain-text responses, logs shown to users). */
export function translator(language: Language) {
  return createI18n(language).t;
}
