import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { createBrowserI18n } from "./core/i18n/client.js";
import { I18nProvider } from "./core/i18n/react.js";
import { startOfflineSupport } from "./client/service-worker.js";
import { isDocumentPage } from "./service-worker/rules.js";

// The server chose the language and wrote it in <html lang>; the client uses the same one and
// downloads that language's strings only (the root preloads them, so this waits for no round trip);
// a document page, the heaviest, only those of its own screen (core/i18n/late.ts).
void createBrowserI18n(document.documentElement.lang, { withLate: !isDocumentPage(new URL(window.location.href)) }).then((i18n) => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nProvider i18n={i18n}>
          <RemixBrowser />
        </I18nProvider>
      </StrictMode>,
    );
  });
});

startOfflineSupport();
