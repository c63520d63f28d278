// The document page's panels around the editor — sign-off (with the changes since the last decision
// and the decision bar), its history and the exports — in their own chunk: the server renders them,
// and the browser hydrates them after the editing screen (components/deferred.tsx).
export { DecisionBar, SignoffHistory, SignoffPanel } from "./signoff";
export { ExportPanel } from "./export-panel";
export { ChangesSinceDecisionView } from "./versions/since-decision";
