// The French interface strings, module by module: all the browser downloads of them when the page
// is in French (the other language never). The server takes both languages from here and en.ts.
// A new message module (one file exporting { en, fr }, as ever) gets one line here and one in
// en.ts; i18n.test.ts fails if either is forgotten.
import { fr as annotations } from "./messages/annotations.js";
import { fr as documents } from "./messages/documents.js";
import { fr as editor } from "./messages/editor.js";
import { fr as editorLoading } from "./messages/editor-loading.js";
import { fr as exportFiles } from "./messages/exports.js";
import { fr as foundation } from "./messages/foundation.js";
import { fr as history } from "./messages/history.js";
import { fr as integrity } from "./messages/integrity.js";
import { fr as processes } from "./messages/processes.js";
import { fr as signoff } from "./messages/signoff.js";
import { fr as stakeholders } from "./messages/stakeholders.js";
import { fr as stakeholderMap } from "./messages/stakeholder-map.js";
import { fr as templates } from "./messages/templates.js";
import { fr as versions } from "./messages/versions.js";

export const modules = {
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
};
