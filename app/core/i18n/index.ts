// Translations are bundled with the code (no fetch of JSON files on a slow network). Each feature
// module exports { en, fr }; they are merged deeply (a feature's audit labels live with the
// feature) and no message is defined by two modules. Add new modules to this list, then run
// `npm run i18n:generate`: the browser takes one language's strings from generated/<lang>.ts
// (client.ts), the server both from here; i18n.test.ts fails while generated/ is not current.
import type { Language } from "../languages.js";
import { mergeMessages } from "./merge.js";
import { I18n, type Messages, type TFunction } from "./translate.js";
import * as annotations from "./messages/annotations.js";
import * as documents from "./messages/documents.js";
import * as editor from "./messages/editor.js";
import * as editorLoading from "./messages/editor-loading.js";
import * as exportFiles from "./messages/exports.js";
import * as foundation from "./messages/foundation.js";
import * as history from "./messages/history.js";
import * as integrity from "./messages/integrity.js";
import * as offline from "./messages/offline.js";
import * as notifications from "./messages/notifications.js";
import * as processes from "./messages/processes.js";
import * as screens from "./messages/screens.js";
import * as recovery from "./messages/recovery.js";
import * as secondFactor from "./messages/second-factor.js";
import * as signoff from "./messages/signoff.js";
import * as stakeholders from "./messages/stakeholders.js";
import * as stakeholderMap from "./messages/stakeholder-map.js";
import * as templates from "./messages/templates.js";
import * as versions from "./messages/versions.js";

export const MESSAGE_MODULES: Readonly<Record<string, { en: object; fr: object }>> = {
  foundation,
  processes,
  documents,
  editor,
  editorLoading,
  signoff,
  templates,
  integrity,
  annotations,
  exports: exportFiles,
  history,
  versions,
  stakeholders,
  stakeholderMap,
  offline,
  screens,
  recovery,
  notifications,
  secondFactor,
};
// Pure annotations: a client chunk importing this module without using it can drop it whole.
const modules = /* @__PURE__ */ Object.values(MESSAGE_MODULES);

export const messages: Record<Language, Messages> = {
  en: /* @__PURE__ */ mergeMessages(modules.map((m) => m.en)),
  fr: /* @__PURE__ */ mergeMessages(modules.map((m) => m.fr)),
};

/** Translation fixed to one language, with every language's messages (server requests, tests). */
export function createI18n(language: Language): I18n {
  return new I18n(language, messages);
}

/** A translate function for server-side text outside React (plain-text responses, logs shown to users). */
export function translator(language: Language): TFunction {
  return createI18n(language).t;
}

export { I18n, type Messages, type TFunction } from "./translate.js";
