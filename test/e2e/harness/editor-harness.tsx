// Browser entry for the editor harness test: mounts the real CollabEditor (no Remix) with the app's
// i18n, configured from the query string. Bundled by esbuild inside the test; never shipped.
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "~/core/i18n/react.js";
import CollabEditor, { type ReadOnlyReason } from "../../../app/editor/collab-editor.client.js";
import type { ConnectionView } from "../../../app/editor/connection-status.js";
import { createI18n } from "../../../app/core/i18n/index.js";

const params = new URLSearchParams(window.location.search);
const lang = params.get("lang") === "fr" ? "fr" : "en";
const i18n = createI18n(lang);

declare global {
  interface Window {
    harness: { setReadOnly(value: boolean): void; status: ConnectionView | null; history: string[] };
  }
}

/** `?reason=` names a reason the way the page would give it. */
function reasonFromQuery(value: string | null): ReadOnlyReason | null {
  if (!value) return null;
  if (value === "analyst" || value === "representative" || value === "observer") return { kind: "role", role: value };
  if (value === "lockedForSignOff" || value === "adopted") return { kind: value, round: 1, since: Date.now() };
  if (value === "archived" || value === "freezing") return { kind: value };
  return null;
}

function Harness() {
  const [readOnly, setReadOnly] = useState(params.get("readOnly") === "1");
  useEffect(() => {
    window.harness.setReadOnly = setReadOnly;
  }, []);
  return (
    <CollabEditor
      documentId={params.get("doc") ?? "doc"}
      user={{ name: params.get("name") ?? "Anonymous", color: params.get("color") ?? "#1f4e5f", role: params.get("role") ?? undefined }}
      readOnly={readOnly}
      readOnlyReason={reasonFromQuery(params.get("reason"))}
      onStatusChange={(view) => {
        window.harness.status = view;
        // Every kind the indicator went through, so a test can see short-lived states.
        const { history } = window.harness;
        if (history[history.length - 1] !== view.kind) history.push(view.kind);
      }}
    />
  );
}

window.harness = { setReadOnly: () => undefined, status: null, history: [] };
createRoot(document.getElementById("root")!).render(
  // StrictMode on purpose: effects run twice, which must not leave a second provider behind.
  <StrictMode>
    <I18nProvider i18n={i18n}>
      <main className="app-main">
        <div className="page">
          <h1>Harness</h1>
          <Harness />
        </div>
      </main>
    </I18nProvider>
  </StrictMode>,
);
