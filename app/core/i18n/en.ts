// The English interface strings, module by module: all the browser downloads of them when the page
// is in English (the other language never). The server takes both languages from here and fr.ts.
// A new message module (one file exporting { en, fr }, as ever) gets one line here and one in
// fr.ts; i18n.test.ts fails if either is forgotten.
import { en as annotations } from "./messages/annotations.js";
import { en as documents } from "./messages/documents.js";
import { en as editor } from "./messages/editor.js";
import { en as editorLoading } from "./messages/editor-loading.js";
import { en as exportFiles } from "./messages/exports.js";
import { en as foundation } from "./messages/foundation.js";
import { en as history } from "./messages/history.js";
import { en as integrity } from "./messages/integrity.js";
import { en as processes } from "./messages/processes.js";
import { en as signoff } from "./messages/signoff.js";
import { en as stakeholders } from "./messages/stakeholders.js";
import { en as stakeholderMap } from "./messages/stakeholder-map.js";
import { en as templates } from "./messages/templates.js";
import { en as versions } from "./messages/versions.js";

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
